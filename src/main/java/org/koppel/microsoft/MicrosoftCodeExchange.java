package org.koppel.microsoft;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
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

    /** Clocks of Microsoft and Koppel may differ a little. */
    private static final Duration SKEW = Duration.ofMinutes(5);

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
            id = IdToken.decode((String) response.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN), json);
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
        check(id, grant.getClientRegistration().getClientId(), (String) request.getAdditionalParameters().get("nonce"));
        if (response.getRefreshToken() == null) {
            throw refused("Microsoft gave no refresh token, so Koppel could not sync while you are away "
                    + "(was offline_access granted?)");
        }
        Instant expiresAt = response.getAccessToken().getExpiresAt() != null ? response.getAccessToken().getExpiresAt()
                : clock.instant().plus(Duration.ofMinutes(30));
        // Spring fills the scopes from the answer's "scope", or from the request when the answer has none
        var tokens = new MicrosoftTokens(response.getAccessToken().getTokenValue(),
                response.getRefreshToken().getTokenValue(), expiresAt, id.userId(),
                MicrosoftScopes.kept(response.getAccessToken().getScopes()));
        RequestContextHolder.currentRequestAttributes().setAttribute(SignedIn.REQUEST_ATTRIBUTE,
                new SignedIn(id.account(), tokens, ConnectIntent.from(request.getAttributes())), RequestAttributes.SCOPE_REQUEST);
        return response;
    }

    /** OpenID Connect Core 1.0, 3.1.3.7: the audience is this client (3), not expired (9), the nonce ours (11). */
    private void check(IdToken id, String clientId, String sentNonce) {
        if (!clientId.equals(id.audience())) throw refused("the id token was issued to another app");
        if (id.expiresAt() == null || id.expiresAt().isBefore(clock.instant().minus(SKEW))) {
            throw refused("the id token has expired");
        }
        if (sentNonce != null && !sentNonce.equals(id.nonce())) throw refused("the id token belongs to another sign-in");
        if (id.account() == null) throw refused("Microsoft did not say which account signed in");
    }

    private static OAuth2AuthorizationException refused(String description) {
        return new OAuth2AuthorizationException(new OAuth2Error("invalid_id_token", description, null));
    }
}
