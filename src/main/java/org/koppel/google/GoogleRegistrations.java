package org.koppel.google;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/**
 * The one client registration, {@code google}, built from the admin's settings at the moment it is
 * needed, so a changed secret applies at once. Null while the app is not set up: Spring then starts no sign-in.
 */
@Component
public class GoogleRegistrations implements ClientRegistrationRepository {

    private final GoogleAppSettings settings;

    public GoogleRegistrations(GoogleAppSettings settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!GoogleSignInPaths.REGISTRATION_ID.equals(registrationId)) return null;
        GoogleApp app = settings.current();
        if (!app.configured()) return null;
        return ClientRegistration.withRegistrationId(GoogleSignInPaths.REGISTRATION_ID)
                .clientName("Google")
                .clientId(app.clientId())
                .clientSecret(settings.clientSecret())
                // in the form body, as Google's "Exchange authorization code for refresh and access tokens" shows it
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + GoogleSignInPaths.CALLBACK)
                .scope(GoogleScopes.forSignIn(false, false))
                .authorizationUri(app.authorizationUrl())
                .tokenUri(app.tokenUrl())
                .build();
    }
}
