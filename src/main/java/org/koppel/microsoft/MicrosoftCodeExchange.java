package org.koppel.microsoft;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.koppel.oauth.IdToken;
import org.koppel.oauth.TokenHttp;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import tools.jackson.databind.ObjectMapper;

/**
 * Redeems the authorization code with Spring's own client (client_secret_post, PKCE verifier) and
 * then reads the id token, which Spring's code-grant filter would drop: it says which mailbox
 * signed in. Problems become OAuth2 errors, which the filter turns into an error on the callback page.
 */
@Component
class MicrosoftCodeExchange implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

    private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> spring;
    private final ObjectMapper json;
    private final Clock clock;

    MicrosoftCodeExchange(ObjectMapper json, Clock clock) {
        var client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(TokenHttp.restClientForSpring());
        this.spring = client;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest grant) {
        OAuth2AccessTokenResponse response = spring.getTokenResponse(grant);
        OAuth2AuthorizationRequest request = grant.getAuthorizationExchange().getAuthorizationRequest();
        IdToken id;
        try {
            id = IdToken.decode((String) response.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN), json, "Microsoft");
        } catch (IllegalArgumentException e) {
            throw IdToken.refused(e.getMessage());
        }
        id.check(grant.getClientRegistration().getClientId(), (String) request.getAdditionalParameters().get("nonce"), clock);
        String account = account(id);
        if (account == null) throw IdToken.refused("Microsoft did not say which account signed in");
        if (response.getRefreshToken() == null) {
            throw IdToken.refused("Microsoft gave no refresh token, so Koppel could not sync while you are away "
                    + "(was offline_access granted?)");
        }
        Instant expiresAt = response.getAccessToken().getExpiresAt() != null ? response.getAccessToken().getExpiresAt()
                : clock.instant().plus(Duration.ofMinutes(30));
        // Spring fills the scopes from the answer's "scope", or from the request when the answer has none
        var tokens = new MicrosoftTokens(response.getAccessToken().getTokenValue(),
                response.getRefreshToken().getTokenValue(), expiresAt, id.text("oid"),
                MicrosoftScopes.kept(response.getAccessToken().getScopes()));
        RequestContextHolder.currentRequestAttributes().setAttribute(SignedIn.REQUEST_ATTRIBUTE,
                new SignedIn(account, tokens, ConnectIntent.from(request.getAttributes())), RequestAttributes.SCOPE_REQUEST);
        return response;
    }

    /** v2.0 tokens name the user in preferred_username (with the profile scope); email and upn are fallbacks. */
    private static String account(IdToken id) {
        String account = id.text("preferred_username");
        if (account == null) account = id.text("email");
        return account != null ? account : id.text("upn");
    }
}
