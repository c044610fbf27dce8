package org.koppel.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import tools.jackson.databind.ObjectMapper;

/**
 * Redeems the authorization code with Spring's own client (client_secret_post, PKCE verifier) and
 * then reads the id token, which Spring's code-grant filter would drop: it says which account
 * signed in. The provider makes its sign-in result of it ({@link #signedIn}), which is handed to
 * {@link SignedInAccounts} as a request attribute. Problems become OAuth2 errors, which the filter
 * turns into an error on the callback page.
 */
public abstract class CodeExchange implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

    private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> spring;
    private final String company;
    private final ObjectMapper json;
    protected final Clock clock;

    protected CodeExchange(String company, ObjectMapper json, Clock clock) {
        var client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(TokenHttp.restClientForSpring());
        this.spring = client;
        this.company = company;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Who signed in, their tokens, and what the employee meant to do; throw {@link IdToken#refused} when
     * the id token does not say enough.
     *
     * @param expiresAt when the access token expires
     */
    protected abstract Object signedIn(IdToken id, OAuth2AccessTokenResponse response, Instant expiresAt,
                                       OAuth2AuthorizationRequest request);

    @Override
    public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest grant) {
        OAuth2AccessTokenResponse response = spring.getTokenResponse(grant);
        OAuth2AuthorizationRequest request = grant.getAuthorizationExchange().getAuthorizationRequest();
        IdToken id;
        try {
            id = IdToken.decode((String) response.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN), json, company);
        } catch (IllegalArgumentException e) {
            throw IdToken.refused(e.getMessage());
        }
        id.check(grant.getClientRegistration().getClientId(), (String) request.getAdditionalParameters().get("nonce"), clock);
        if (response.getRefreshToken() == null) throw IdToken.refused(noRefreshToken());
        Instant expiresAt = response.getAccessToken().getExpiresAt() != null ? response.getAccessToken().getExpiresAt()
                : clock.instant().plus(Duration.ofMinutes(30));
        Object signedIn = signedIn(id, response, expiresAt, request);
        RequestContextHolder.currentRequestAttributes().setAttribute(SignedInAccounts.attribute(signedIn.getClass()),
                signedIn, RequestAttributes.SCOPE_REQUEST);
        return response;
    }

    /** Why a sign-in without a refresh token is refused, in the provider's words. */
    protected String noRefreshToken() {
        return company + " gave no refresh token, so Koppel could not sync while you are away";
    }
}
