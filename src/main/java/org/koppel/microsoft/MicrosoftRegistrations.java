package org.koppel.microsoft;

import java.util.List;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/**
 * The one client registration, {@code microsoft}, built from the admin's settings at the moment
 * it is needed, so a changed secret or tenant applies at once without a restart. Null while the
 * app is not set up: Spring then starts no sign-in.
 */
@Component
public class MicrosoftRegistrations implements ClientRegistrationRepository {

    /**
     * The sign-in's own scopes and one per data type ({@link MicrosoftScopes}), mail not among them:
     * each sign-in adds it when e-mail is on for its employee ({@link MicrosoftAuthorizationRequests}).
     */
    static final List<String> SCOPES = MicrosoftScopes.forSignIn(false);

    private final MicrosoftAppSettings settings;

    public MicrosoftRegistrations(MicrosoftAppSettings settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!MicrosoftSignInPaths.REGISTRATION_ID.equals(registrationId)) return null;
        MicrosoftApp app = settings.current();
        if (!app.configured()) return null;
        return ClientRegistration.withRegistrationId(MicrosoftSignInPaths.REGISTRATION_ID)
                .clientName("Microsoft 365")
                .clientId(app.clientId())
                .clientSecret(settings.clientSecret())
                // a web app's secret goes in the form body, as Microsoft's token endpoint documents it
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + MicrosoftSignInPaths.CALLBACK)
                .scope(SCOPES)
                .authorizationUri(app.authorizationUri().toString())
                .tokenUri(app.tokenUri().toString())
                .build();
    }
}
