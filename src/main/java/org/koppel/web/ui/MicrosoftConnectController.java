package org.koppel.web.ui;

import jakarta.servlet.http.HttpSession;

import org.koppel.connector.graph.GraphPeers;
import org.koppel.crm.InvalidInputException;
import org.koppel.microsoft.ConnectIntent;
import org.koppel.microsoft.MicrosoftSignInPaths;
import org.koppel.microsoft.MicrosoftSignIns;
import org.koppel.oauth.SignInOutcome;
import org.koppel.runtime.Connection;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Connecting a Microsoft 365 mailbox, as in section 4 of the Tribe document: Connect (grant
 * permissions), sign in at Microsoft, then "Save and start initial sync". Spring's OAuth2 client
 * does the part in between (see SecurityConfig); this controller starts it and shows how it ended.
 */
@Controller
class MicrosoftConnectController {

    static final String NOT_SET_UP = "sync.microsoft.notSetUp";

    private final MicrosoftSignIns signIns;
    private final UiText text;

    MicrosoftConnectController(MicrosoftSignIns signIns, UiText text) {
        this.text = text;
        this.signIns = signIns;
    }

    /** The Connect (or Sign in again) button: remembers what was asked for, then off to Microsoft. */
    @PostMapping("/connections/microsoft/connect")
    String connect(@RequestParam(required = false) String folder, @RequestParam(required = false) Long connection,
                   @AuthenticationPrincipal KoppelUser user, HttpSession session, RedirectAttributes redirect) {
        if (!signIns.available()) {
            redirect.addFlashAttribute("problem", text.of(NOT_SET_UP));
            return "redirect:" + (connection == null ? "/connections" : "/connections/" + connection);
        }
        ConnectIntent intent;
        try {
            intent = signIns.intent(folder, connection, user);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", e.problems().getFirst().reason());
            return "redirect:/connections";
        }
        session.setAttribute(ConnectIntent.SESSION_ATTRIBUTE, intent);
        return "redirect:" + MicrosoftSignInPaths.AUTHORIZE;
    }

    /**
     * Microsoft sends the browser back here. A good answer was handled by Spring's code-grant filter
     * before this runs, which left the outcome in the session and came back without the code;
     * errors arrive as {@code error} (from Microsoft, or from the filter); anything else is an
     * answer to a sign-in this browser did not start, or one already used.
     */
    @GetMapping(MicrosoftSignInPaths.CALLBACK)
    ModelAndView callback(@RequestParam(required = false) String error,
                          @RequestParam(name = "error_description", required = false) String description,
                          @RequestParam(required = false) String code, @RequestParam(required = false) String state,
                          HttpSession session, RedirectAttributes redirect) {
        String attribute = SignInOutcome.attribute(MicrosoftSignInPaths.REGISTRATION_ID);
        if (session.getAttribute(attribute) instanceof SignInOutcome outcome) {
            session.removeAttribute(attribute);
            return switch (outcome.kind()) {
                case CONNECTED -> new ModelAndView("redirect:/connections/" + outcome.connectionId() + "/microsoft/start");
                case SIGNED_IN_AGAIN -> {
                    redirect.addFlashAttribute("notice", text.of("sync.signIn.signedInAgain", outcome.account()));
                    yield new ModelAndView("redirect:/connections/" + outcome.connectionId());
                }
                case PROBLEM -> problem(null, outcome.problem(), null);
            };
        }
        if (error != null) return problem(SignInErrors.explain(error), null, SignInErrors.code(description));
        if (code != null || state != null) return problem(SignInErrors.STRAY, null, null);
        return new ModelAndView("redirect:/connections");
    }

    @GetMapping("/connections/{id}/microsoft/start")
    ModelAndView startPage(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return startPage(signIns.ownConnection(id, user), null);
    }

    /** "Save and start initial sync". */
    @PostMapping("/connections/{id}/microsoft/start")
    ModelAndView start(@PathVariable long id, @RequestParam(required = false) String folder,
                       @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            Connection started = signIns.start(id, folder, user);
            redirect.addFlashAttribute("notice", text.of("sync.microsoft.starting", started.settings().get(GraphPeers.ACCOUNT)));
            return new ModelAndView("redirect:/connections/" + id);
        } catch (InvalidInputException e) {
            return startPage(signIns.ownConnection(id, user), e.problems().getFirst().reason());
        }
    }

    private static ModelAndView startPage(Connection connection, String problem) {
        var page = new ModelAndView("connections/microsoft-start");
        page.addObject("connection", connection);
        page.addObject("account", connection.settings().get(GraphPeers.ACCOUNT));
        page.addObject("folder", connection.settings().get(GraphPeers.FOLDER));
        page.addObject("problem", problem);
        return page;
    }

    /** The sign-in problem page: a message key of SignInErrors, or the sign-in's own words when it has them. */
    private static ModelAndView problem(String key, String message, String microsoftCode) {
        var page = new ModelAndView("connections/sign-in-problem");
        page.addObject("provider", SignInErrors.MICROSOFT);
        page.addObject("messageKey", key);
        page.addObject("refusedKey", key == null ? null : SignInErrors.refusedToo(key, SignInErrors.MICROSOFT));
        page.addObject("message", message);
        page.addObject("providerCode", microsoftCode);
        return page;
    }

}
