package org.koppel.google;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import org.koppel.oauth.CodeExchange;
import org.koppel.oauth.IdToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Google's code exchange ({@link CodeExchange}), reading the id token as "OpenID Connect"
 * (https://developers.google.com/identity/openid-connect/openid-connect) describes it: its {@code email}
 * names the account on the connection, its {@code sub} identifies it for good.
 */
@Component
class GoogleCodeExchange extends CodeExchange {

    /** "The value of iss in the ID token is equal to accounts.google.com or https://accounts.google.com." */
    private static final Set<String> ISSUERS = Set.of("accounts.google.com", "https://accounts.google.com");

    GoogleCodeExchange(ObjectMapper json, Clock clock) {
        super("Google", json, clock);
    }

    @Override
    protected GoogleSignedIn signedIn(IdToken id, OAuth2AccessTokenResponse response, Instant expiresAt,
                                      OAuth2AuthorizationRequest request) {
        if (!ISSUERS.contains(id.text("iss"))) throw IdToken.refused("the id token was not issued by Google");
        String account = id.text("email");
        if (account == null || id.text("sub") == null) throw IdToken.refused("Google did not say which account signed in");
        // Spring fills the scopes from the answer's "scope", or from the request when the answer has none
        var tokens = new GoogleTokens(response.getAccessToken().getTokenValue(), response.getRefreshToken().getTokenValue(),
                expiresAt, id.text("sub"), GoogleScopes.kept(String.join(" ", response.getAccessToken().getScopes())));
        return new GoogleSignedIn(account, tokens, GoogleConnectIntent.from(request.getAttributes()));
    }
}
