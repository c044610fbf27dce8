package org.koppel.web.ui;

import jakarta.servlet.http.HttpSession;

import org.koppel.crm.InvalidInputException;
import org.koppel.google.GoogleConnectIntent;
import org.koppel.google.GoogleSignInPaths;
import org.koppel.google.GoogleSignIns;
import org.koppel.oauth.PkceRequests;
import org.koppel.oauth.SignInOutcome;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Connecting a Google account: Connect Google (or Sign in again), sign in and consent at Google,
 * back to Koppel. Spring's OAuth2 client does the part in between (see SecurityConfig and
 * org.koppel.oauth.SignInClient); this controller starts it and shows how it ended.
 */
@Controller
class GoogleConnectController {

    static final String NOT_SET_UP = "sync.google.notSetUp";

    private final GoogleSignIns signIns;
    private final UiText text;

    GoogleConnectController(GoogleSignIns signIns, UiText text) {
        this.text = text;
        this.signIns = signIns;
    }

    /** The Connect Google (or Sign in again) button: remembers what was asked for, then off to Google. */
    @PostMapping("/connections/google/connect")
    String connect(@RequestParam(required = false) Long connection, @AuthenticationPrincipal KoppelUser user,
                   HttpSession session, RedirectAttributes redirect) {
        if (!signIns.available()) {
            redirect.addFlashAttribute("problem", text.of(NOT_SET_UP));
            return "redirect:" + (connection == null ? "/connections" : "/connections/" + connection);
        }
        GoogleConnectIntent intent;
        try {
            intent = signIns.intent(connection, user);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", e.problems().getFirst().reason());
            return "redirect:/connections";
        }
        session.setAttribute(PkceRequests.intentAttribute(GoogleConnectIntent.class), intent);
        return "redirect:" + GoogleSignInPaths.AUTHORIZE;
    }

    /**
     * Google sends the browser back here. A good answer was handled by Spring's code-grant filter
     * before this runs, which left the outcome in the session and came back without the code;
     * errors arrive as {@code error} (from Google, or from the filter); anything else is an answer to
     * a sign-in this browser did not start, or one already used.
     */
    @GetMapping(GoogleSignInPaths.CALLBACK)
    ModelAndView callback(@RequestParam(required = false) String error, @RequestParam(required = false) String code,
                          @RequestParam(required = false) String state, HttpSession session, RedirectAttributes redirect) {
        String attribute = SignInOutcome.attribute(GoogleSignInPaths.REGISTRATION_ID);
        if (session.getAttribute(attribute) instanceof SignInOutcome outcome) {
            session.removeAttribute(attribute);
            return switch (outcome.kind()) {
                case CONNECTED -> {
                    redirect.addFlashAttribute("notice", text.of("sync.google.connected", outcome.account()));
                    yield new ModelAndView("redirect:/connections/" + outcome.connectionId());
                }
                case SIGNED_IN_AGAIN -> {
                    redirect.addFlashAttribute("notice", text.of("sync.signIn.signedInAgain", outcome.account()));
                    yield new ModelAndView("redirect:/connections/" + outcome.connectionId());
                }
                case PROBLEM -> problem(null, outcome.problem());
            };
        }
        if (error != null) return problem(SignInErrors.explain(error), null);
        if (code != null || state != null) return problem(SignInErrors.STRAY, null);
        return new ModelAndView("redirect:/connections");
    }

    /** The sign-in problem page: a message key of SignInErrors, or the sign-in's own words when it has them. */
    private static ModelAndView problem(String key, String message) {
        var page = new ModelAndView("connections/sign-in-problem");
        page.addObject("provider", SignInErrors.GOOGLE);
        page.addObject("messageKey", key);
        page.addObject("refusedKey", key == null ? null : SignInErrors.refusedToo(key, SignInErrors.GOOGLE));
        page.addObject("message", message);
        page.addObject("providerCode", null);
        return page;
    }

}
