package org.koppel.web.api;

import org.koppel.google.GoogleApp;
import org.koppel.google.GoogleAppSettings;
import org.koppel.google.GoogleSignInPaths;
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
 * The Google app employees sign in with to connect their Google account. Admins only, reading too
 * (see SecurityConfig). The client secret goes in and never comes out: answers say only whether one is set.
 */
@RestController
@RequestMapping("/api/v1/settings/google")
class GoogleSettingsApi {

    /** {@code redirectUri} is what to add to the OAuth client's "Authorized redirect URIs" for this Koppel. */
    record View(String clientId, boolean clientSecretSet, String authorizationUrl, String tokenUrl, String revocationUrl,
                String peopleBaseUrl, String calendarBaseUrl, String tasksBaseUrl, boolean configured, String redirectUri) {
    }

    /** The answer's read-only fields are accepted and ignored, so a GET can be edited and sent back. */
    @JsonIgnoreProperties(value = {"clientSecretSet", "configured", "redirectUri"})
    record Input(String clientId, String clientSecret, String authorizationUrl, String tokenUrl, String revocationUrl,
                 String peopleBaseUrl, String calendarBaseUrl, String tasksBaseUrl) {

        @Override
        public String toString() {
            return "Input[" + clientId + "]";
        }
    }

    private final GoogleAppSettings settings;

    GoogleSettingsApi(GoogleAppSettings settings) {
        this.settings = settings;
    }

    @GetMapping
    View get() {
        return view(settings.current());
    }

    @PutMapping
    View put(@RequestBody Input input, @AuthenticationPrincipal KoppelUser admin) {
        return view(settings.update(new GoogleAppSettings.Change(input.clientId(), input.clientSecret(), input.authorizationUrl(),
                input.tokenUrl(), input.revocationUrl(), input.peopleBaseUrl(), input.calendarBaseUrl(), input.tasksBaseUrl()), admin));
    }

    private static View view(GoogleApp app) {
        String redirect = ServletUriComponentsBuilder.fromCurrentContextPath().path(GoogleSignInPaths.CALLBACK).toUriString();
        return new View(app.clientId(), app.clientSecretSet(), app.authorizationUrl(), app.tokenUrl(), app.revocationUrl(),
                app.peopleBaseUrl(), app.calendarBaseUrl(), app.tasksBaseUrl(), app.configured(), redirect);
    }
}
