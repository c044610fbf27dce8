package org.koppel.microsoft;

import java.time.Clock;
import java.time.Instant;

import org.koppel.oauth.CodeExchange;
import org.koppel.oauth.IdToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/** Microsoft's code exchange ({@link CodeExchange}): the id token says which mailbox signed in. */
@Component
class MicrosoftCodeExchange extends CodeExchange {

    MicrosoftCodeExchange(ObjectMapper json, Clock clock) {
        super("Microsoft", json, clock);
    }

    @Override
    protected SignedIn signedIn(IdToken id, OAuth2AccessTokenResponse response, Instant expiresAt,
                                OAuth2AuthorizationRequest request) {
        String account = account(id);
        if (account == null) throw IdToken.refused("Microsoft did not say which account signed in");
        // Spring fills the scopes from the answer's "scope", or from the request when the answer has none
        var tokens = new MicrosoftTokens(response.getAccessToken().getTokenValue(),
                response.getRefreshToken().getTokenValue(), expiresAt, id.text("oid"),
                MicrosoftScopes.kept(response.getAccessToken().getScopes()));
        return new SignedIn(account, tokens, ConnectIntent.from(request.getAttributes()));
    }

    @Override
    protected String noRefreshToken() {
        return super.noRefreshToken() + " (was offline_access granted?)";
    }

    /** v2.0 tokens name the user in preferred_username (with the profile scope); email and upn are fallbacks. */
    private static String account(IdToken id) {
        String account = id.text("preferred_username");
        if (account == null) account = id.text("email");
        return account != null ? account : id.text("upn");
    }
}
