package org.koppel.web.ui;

import org.koppel.connector.PeerException;
import org.koppel.crm.InvalidInputException;
import org.koppel.google.GoogleSignIns;
import org.koppel.microsoft.MicrosoftSignIns;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The employee's connections (an admin sees everyone's) and adding one: CardDAV by form, Microsoft 365 and Google by signing in. */
@Controller
@RequestMapping("/connections")
class ConnectionListController {

    private final Connections connections;
    private final SyncViews views;
    private final MicrosoftSignIns microsoft;
    private final GoogleSignIns google;

    private final UiText text;

    ConnectionListController(Connections connections, SyncViews views, MicrosoftSignIns microsoft, GoogleSignIns google,
                             UiText text) {
        this.text = text;
        this.google = google;
        this.connections = connections;
        this.views = views;
        this.microsoft = microsoft;
    }

    /** {@code type}: the type the new-connection form starts with (the integrations page's Add buttons). */
    @GetMapping
    ModelAndView list(@RequestParam(required = false) String type, @AuthenticationPrincipal KoppelUser user) {
        ConnectionForm form = type != null && views.types().contains(type) ? ConnectionForm.blank().ofType(type)
                : ConnectionForm.blank();
        return page(user, form, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView create(@ModelAttribute("form") ConnectionForm form, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        try {
            Connection created = connections.create(form.type(), form.name(), form.settings(), form.secretOrNull(), user);
            redirect.addFlashAttribute("notice", text.of("sync.form.added", created.name()));
            return new ModelAndView("redirect:/connections/" + created.id());
        } catch (InvalidInputException e) {
            return page(user, form.withoutSecret(), ConnectionForm.problems(e.problems()), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (PeerException e) {
            // checking the settings means talking to the server; it may be down or refuse
            return page(user, form.withoutSecret(), FormProblems.general(text.of("sync.form.notChecked",
                    text.of(FailureReason.fromText(e.getMessage(), FailureReason.Kind.SERVER_TROUBLE).key()))),
                    HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }


    private ModelAndView page(KoppelUser user, ConnectionForm form, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("connections/list", status);
        page.addObject("connections", views.summaries(connections.visibleTo(user)));
        page.addObject("showOwner", user.admin());
        page.addObject("types", views.types());
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("microsoftAvailable", microsoft.available());
        page.addObject("googleAvailable", google.available());
        return page;
    }
}
