package org.koppel.web.api;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Page;
import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.MailLog;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.web.mail.AttachmentResponses;
import org.koppel.web.mail.MailViews;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Logged mails (issue 12): read by every employee, as the relations they are logged under are;
 * deleted by the employee who logged them or an admin. Mail is never written through the API: it
 * is logged from the mailboxes.
 */
@RestController
@RequestMapping("/api/v1/mails")
@Tag(name = "Logged mail", description = "Mails logged under relations from employees' mailboxes")
class MailApi {

    private final MailLog mails;
    private final MailViews views;
    private final AttachmentResponses attachments;
    private final Relations relations;

    MailApi(MailLog mails, MailViews views, AttachmentResponses attachments, Relations relations) {
        this.mails = mails;
        this.views = views;
        this.attachments = attachments;
        this.relations = relations;
    }

    @GetMapping
    @Operation(summary = "The mails logged under a relation, newest first",
            description = "Each with a preview of its text, its first recipients and how many it has.")
    public Page<MailViews.Summary> list(@RequestParam(required = false) Long relation,
                                        @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (relation == null) throw new InvalidInputException("relation", "is required: the id of the relation whose mails to list");
        RelationApi.checkPaging(page, size);
        relations.find(null, relation);
        long offset = (long) page * size;
        int total = mails.countUnder(relation);
        var items = offset >= total ? java.util.List.<LoggedMail>of() : mails.loggedUnder(relation, size, (int) offset);
        return new Page<>(items.stream().map(m -> MailViews.summary(m, 5)).toList(), page, size, total);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A logged mail whole", description = "Its HTML was sanitised when logged; its relations are named.")
    public MailViews.Mail get(@PathVariable long id) {
        return views.of(mails.find(id));
    }

    @GetMapping("/{id}/attachments/{position}")
    @Operation(summary = "Download an attachment",
            description = "Always as a download; a type a browser could run (HTML, SVG, XML, script) comes as "
                    + "application/octet-stream. 404 with the reason when its content was not kept.")
    public ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable int position) {
        return attachments.download(id, position);
    }

    @GetMapping("/{id}/attachments/{position}/inline")
    @Operation(summary = "An image the mail's HTML shows (cid:)", description = "PNG, JPEG, GIF and WebP only; else 404.")
    public ResponseEntity<byte[]> inline(@PathVariable long id, @PathVariable int position) {
        return attachments.inline(id, position);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a logged mail", description = "By the employee who logged it or an admin; marked again, "
            + "the mail is logged again.")
    public ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        MailViews.requireMayDelete(mails.find(id), user);
        mails.delete(id);
        return ResponseEntity.noContent().build();
    }
}
