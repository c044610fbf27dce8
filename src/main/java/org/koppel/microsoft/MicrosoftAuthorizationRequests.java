package org.koppel.microsoft;

import java.util.LinkedHashSet;

import org.koppel.oauth.PkceRequests;

/**
 * The request to Microsoft's authorize endpoint: PKCE and the intent's checks ({@link PkceRequests}),
 * the scopes this sign-in asks for, and the account: pre-filled when signing in again, picked when connecting.
 */
final class MicrosoftAuthorizationRequests {

    private MicrosoftAuthorizationRequests() {
    }

    static PkceRequests<ConnectIntent> of(MicrosoftRegistrations registrations) {
        return new PkceRequests<>(MicrosoftSignInPaths.REGISTRATION_ID, ConnectIntent.class, registrations,
                intent -> builder -> builder
                        .scopes(new LinkedHashSet<>(MicrosoftScopes.forSignIn(intent.mail())))
                        .attributes(intent::putInto)
                        .additionalParameters(params -> {
                            // signing in again: the right account pre-filled; connecting: let them pick one
                            if (intent.loginHint() != null) params.put("login_hint", intent.loginHint());
                            else params.put("prompt", "select_account");
                        }));
    }
}
