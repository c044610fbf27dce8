package org.koppel.web.ui;

import java.util.List;
import java.util.Map;

import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.MailLog;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.SyncSettings;
import org.koppel.security.KoppelUser;
import org.koppel.web.mail.AttachmentResponses;
import org.koppel.web.mail.MailBodies;
import org.koppel.web.mail.MailViews;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Logged mail in the web UI: a relation's mail timeline (its later pages, fetched by htmx), one mail's
 * page, its body as a sandboxed document of its own, its attachments, and deleting it.
 */
@Controller
class MailController {

    /** More recipients than this are folded away on a mail's page. */
    static final int RECIPIENTS_OPEN = 12;

    private final MailLog mails;
    private final MailViews views;
    private final AttachmentResponses attachments;
    private final Relations relations;
    private final SyncSettings settings;
    private final EmployeeDirectory employees;
    private final CurrentUsers currentUsers;
    private final MailTimeline timeline;
    private final MailBodies bodies;
    private final Dates dates;
    private final AgendaTexts texts;

    MailController(MailLog mails, MailViews views, AttachmentResponses attachments, Relations relations,
                   SyncSettings settings, EmployeeDirectory employees, CurrentUsers currentUsers, MailTimeline timeline,
                   MailBodies bodies, Dates dates, AgendaTexts texts) {
        this.dates = dates;
        this.texts = texts;
        this.timeline = timeline;
        this.bodies = bodies;
        this.mails = mails;
        this.views = views;
        this.attachments = attachments;
        this.relations = relations;
        this.settings = settings;
        this.employees = employees;
        this.currentUsers = currentUsers;
    }

    @GetMapping("/relations/{id}/mails")
    String more(@PathVariable long id, @RequestParam(defaultValue = "0") int offset, Model model) {
        relations.find(null, id);
        model.addAttribute("timeline", timeline.from(id, Math.max(0, offset)));
        return "mails/timeline :: rows";
    }

    @GetMapping("/mails/{id}")
    String show(@PathVariable long id, @RequestParam(name = "as", required = false) String as,
                @AuthenticationPrincipal KoppelUser user, Model model) {
        LoggedMail mail = mails.find(id);
        MailViews.Mail view = views.of(mail);
        model.addAttribute("mail", view);
        model.addAttribute("sent", dates.moment(mail.sentAt()));
        model.addAttribute("logged", dates.moment(mail.loggedAt()));
        model.addAttribute("loggedBy", mail.loggedBy() == null ? null
                : employees.names().getOrDefault(mail.loggedBy(), texts.msg("agenda.mail.employee", mail.loggedBy())));
        model.addAttribute("mayDelete", MailViews.mayDelete(mail, user));
        boolean hasHtml = mail.html() != null && !mail.html().isBlank();
        model.addAttribute("asText", !hasHtml || "text".equals(as));
        model.addAttribute("hasHtml", hasHtml);
        model.addAttribute("recipientsOpen", mail.recipients().size() <= RECIPIENTS_OPEN);
        model.addAttribute("sandbox", MailBodies.SANDBOX);
        return "mails/detail";
    }

    /** The body in the page's frame; see MailBodies for the walls around it. */
    @GetMapping("/mails/{id}/body")
    ResponseEntity<String> body(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        LoggedMail mail = mails.find(id);
        boolean remoteImages = settings.mailPolicyFor(user.employeeId(), Map.of()).remoteImages();
        return bodies.response(mail, remoteImages);
    }

    @GetMapping("/mails/{id}/attachments/{position}")
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable int position) {
        return attachments.download(id, position);
    }

    @PostMapping("/mails/{id}/delete")
    String delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        LoggedMail mail = mails.find(id);
        MailViews.requireMayDelete(mail, user);
        mails.delete(id);
        redirect.addFlashAttribute("notice", texts.msg("agenda.mail.deleted",
                mail.subject() == null ? texts.msg("agenda.mail.noSubject") : mail.subject()));
        return mail.relations().isEmpty() ? "redirect:/relations"
                : "redirect:/relations/" + mail.relations().getFirst().relationId() + "#mails";
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView notTheirs(AccessDeniedException e) {
        var page = new ModelAndView("error", HttpStatus.FORBIDDEN);
        page.addObject("status", HttpStatus.FORBIDDEN.value());
        page.addObject("message", e.getMessage() + ".");
        page.addObject("currentUser", currentUsers.signedIn().orElse(null));
        return page;
    }
}
