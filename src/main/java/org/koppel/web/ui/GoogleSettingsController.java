package org.koppel.web.ui;

import java.util.Set;

import org.koppel.crm.InvalidInputException;
import org.koppel.google.GoogleApp;
import org.koppel.google.GoogleAppSettings;
import org.koppel.google.GoogleSignInPaths;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The Google app employees connect their Google account with; admins only (the security chain keeps others out). */
@Controller
@RequestMapping("/settings/google")
class GoogleSettingsController {

    /** The form; an empty client secret keeps the stored one, and is never put back into the page. */
    record Form(String clientId, String clientSecret, String authorizationUrl, String tokenUrl, String revocationUrl,
                String peopleBaseUrl, String calendarBaseUrl, String tasksBaseUrl) {

        static Form of(GoogleApp app) {
            return new Form(app.clientId(), null, app.authorizationUrl(), app.tokenUrl(), app.revocationUrl(),
                    app.peopleBaseUrl(), app.calendarBaseUrl(), app.tasksBaseUrl());
        }

        Form withoutSecret() {
            return new Form(clientId, null, authorizationUrl, tokenUrl, revocationUrl, peopleBaseUrl, calendarBaseUrl, tasksBaseUrl);
        }

        @Override
        public String toString() {
            return "Form[" + clientId + "]";
        }
    }

    private static final Set<String> INPUTS = Set.of("clientId", "clientSecret", "authorizationUrl", "tokenUrl",
            "revocationUrl", "peopleBaseUrl", "calendarBaseUrl", "tasksBaseUrl");

    private final GoogleAppSettings settings;

    private final org.springframework.context.MessageSource messages;

    GoogleSettingsController(GoogleAppSettings settings, org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.settings = settings;
    }

    @GetMapping
    ModelAndView show() {
        return page(Form.of(settings.current()), FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView save(@ModelAttribute Form form, @AuthenticationPrincipal KoppelUser admin, RedirectAttributes redirect) {
        String secret = form.clientSecret() == null || form.clientSecret().isEmpty() ? null : form.clientSecret();
        try {
            GoogleApp saved = settings.update(new GoogleAppSettings.Change(form.clientId(), secret, form.authorizationUrl(),
                    form.tokenUrl(), form.revocationUrl(), form.peopleBaseUrl(), form.calendarBaseUrl(), form.tasksBaseUrl()), admin);
            redirect.addFlashAttribute("notice", messages.getMessage(saved.configured() ? "sync.google.appSaved"
                    : "sync.appSavedNoSecret", null, org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            return new ModelAndView("redirect:/settings/google");
        } catch (InvalidInputException e) {
            return page(form.withoutSecret(), FormProblems.of(e.problems(), INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    private ModelAndView page(Form form, FormProblems problems, HttpStatus status) {
        GoogleApp app = settings.current();
        var page = new ModelAndView("settings/google", status);
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("secretSet", app.clientSecretSet());
        page.addObject("configured", app.configured());
        page.addObject("redirectUri", ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(GoogleSignInPaths.CALLBACK).toUriString());
        return page;
    }
}
