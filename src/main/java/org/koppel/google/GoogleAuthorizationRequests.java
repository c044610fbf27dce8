package org.koppel.google;

import java.util.LinkedHashSet;

import org.koppel.oauth.PkceRequests;

/**
 * The request to Google's authorization endpoint ("Step 1: Set authorization parameters",
 * https://developers.google.com/identity/protocols/oauth2/web-server#creatingclient): PKCE and the
 * intent's checks ({@link PkceRequests}), the scopes for the employee's data types,
 * {@code access_type=offline} ("if your application needs to refresh access tokens when the user is
 * not present at the browser"), and {@code prompt=consent}, as Google gives a refresh token only on
 * the consent that grants it: signing in again without the consent screen would bring none.
 */
final class GoogleAuthorizationRequests {

    private GoogleAuthorizationRequests() {
    }

    static PkceRequests<GoogleConnectIntent> of(GoogleRegistrations registrations) {
        return new PkceRequests<>(GoogleSignInPaths.REGISTRATION_ID, GoogleConnectIntent.class, registrations,
                intent -> builder -> builder
                        .scopes(new LinkedHashSet<>(GoogleScopes.forSignIn(intent.appointments(), intent.tasks())))
                        .attributes(intent::putInto)
                        .additionalParameters(params -> {
                            params.put("access_type", "offline");
                            params.put("prompt", intent.loginHint() == null ? "consent select_account" : "consent");
                            // signing in again: the right account pre-filled
                            if (intent.loginHint() != null) params.put("login_hint", intent.loginHint());
                        }));
    }
}
