package org.koppel.web.ui;

import java.util.Set;

import org.koppel.crm.InvalidInputException;
import org.koppel.microsoft.MicrosoftApp;
import org.koppel.microsoft.MicrosoftAppSettings;
import org.koppel.microsoft.MicrosoftSignInPaths;
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

/** The Microsoft app employees connect their mailbox with; admins only (the security chain keeps others out). */
@Controller
@RequestMapping("/settings/microsoft")
class MicrosoftSettingsController {

    /** The form; an empty client secret keeps the stored one, and is never put back into the page. */
    record Form(String clientId, String clientSecret, String tenant, String authorityBaseUrl, String graphBaseUrl) {

        static Form of(MicrosoftApp app) {
            return new Form(app.clientId(), null, app.tenant(), app.authorityBaseUrl(), app.graphBaseUrl());
        }

        Form withoutSecret() {
            return new Form(clientId, null, tenant, authorityBaseUrl, graphBaseUrl);
        }

        @Override
        public String toString() {
            return "Form[" + clientId + "]";
        }
    }

    private static final Set<String> INPUTS = Set.of("clientId", "clientSecret", "tenant", "authorityBaseUrl", "graphBaseUrl");

    private final MicrosoftAppSettings settings;

    private final org.springframework.context.MessageSource messages;

    MicrosoftSettingsController(MicrosoftAppSettings settings, org.springframework.context.MessageSource messages) {
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
            MicrosoftApp saved = settings.update(new MicrosoftAppSettings.Change(form.clientId(), secret, form.tenant(),
                    form.authorityBaseUrl(), form.graphBaseUrl()), admin);
            redirect.addFlashAttribute("notice", messages.getMessage(saved.configured() ? "sync.microsoft.appSaved"
                    : "sync.appSavedNoSecret", null, org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            return new ModelAndView("redirect:/settings/microsoft");
        } catch (InvalidInputException e) {
            return page(form.withoutSecret(), FormProblems.of(e.problems(), INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    private ModelAndView page(Form form, FormProblems problems, HttpStatus status) {
        MicrosoftApp app = settings.current();
        var page = new ModelAndView("settings/microsoft", status);
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("secretSet", app.clientSecretSet());
        page.addObject("configured", app.configured());
        page.addObject("redirectUri", ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(MicrosoftSignInPaths.CALLBACK).toUriString());
        return page;
    }
}
