package org.koppel.web.api;

import org.koppel.microsoft.MicrosoftApp;
import org.koppel.microsoft.MicrosoftAppSettings;
import org.koppel.microsoft.MicrosoftSignInPaths;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The Microsoft app employees sign in with to connect their mailbox. Admins only, reading too
 * (see SecurityConfig). The client secret goes in and never comes out: answers say only whether
 * one is set, in a field of its own, so a GET sent back as a PUT cannot overwrite the secret.
 */
@RestController
@RequestMapping("/api/v1/settings/microsoft")
class MicrosoftSettingsApi {

    /** {@code redirectUri} is what to register in the Microsoft Entra admin center for this Koppel. */
    record View(String clientId, boolean clientSecretSet, String tenant, String authorityBaseUrl, String graphBaseUrl,
                boolean configured, String redirectUri) {
    }

    /** The answer's read-only fields are accepted and ignored, so a GET can be edited and sent back. */
    @JsonIgnoreProperties(value = {"clientSecretSet", "configured", "redirectUri"})
    record Input(String clientId, String clientSecret, String tenant, String authorityBaseUrl, String graphBaseUrl) {

        @Override
        public String toString() {
            return "Input[" + clientId + "]";
        }
    }

    private final MicrosoftAppSettings settings;

    MicrosoftSettingsApi(MicrosoftAppSettings settings) {
        this.settings = settings;
    }

    @GetMapping
    View get() {
        return view(settings.current());
    }

    @PutMapping
    View put(@RequestBody Input input, @AuthenticationPrincipal KoppelUser admin) {
        return view(settings.update(new MicrosoftAppSettings.Change(input.clientId(), input.clientSecret(), input.tenant(),
                input.authorityBaseUrl(), input.graphBaseUrl()), admin));
    }

    private static View view(MicrosoftApp app) {
        String redirect = ServletUriComponentsBuilder.fromCurrentContextPath().path(MicrosoftSignInPaths.CALLBACK).toUriString();
        return new View(app.clientId(), app.clientSecretSet(), app.tenant(), app.authorityBaseUrl(), app.graphBaseUrl(),
                app.configured(), redirect);
    }
}
