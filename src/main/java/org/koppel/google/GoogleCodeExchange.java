package org.koppel.google;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.koppel.oauth.IdToken;
import org.koppel.oauth.SignedInAccounts;
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
 * reads the id token ("OpenID Connect", https://developers.google.com/identity/openid-connect/openid-connect):
 * its {@code email} names the account on the connection, its {@code sub} identifies it for good.
 */
@Component
class GoogleCodeExchange implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

    /** "The value of iss in the ID token is equal to accounts.google.com or https://accounts.google.com." */
    private static final Set<String> ISSUERS = Set.of("accounts.google.com", "https://accounts.google.com");

    private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> spring;
    private final ObjectMapper json;
    private final Clock clock;

    GoogleCodeExchange(ObjectMapper json, Clock clock) {
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
            id = IdToken.decode((String) response.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN), json, "Google");
        } catch (IllegalArgumentException e) {
            throw IdToken.refused(e.getMessage());
        }
        id.check(grant.getClientRegistration().getClientId(), (String) request.getAdditionalParameters().get("nonce"), clock);
        if (!ISSUERS.contains(id.text("iss"))) throw IdToken.refused("the id token was not issued by Google");
        String account = id.text("email");
        if (account == null || id.text("sub") == null) throw IdToken.refused("Google did not say which account signed in");
        if (response.getRefreshToken() == null) {
            throw IdToken.refused("Google gave no refresh token, so Koppel could not sync while you are away");
        }
        Instant expiresAt = response.getAccessToken().getExpiresAt() != null ? response.getAccessToken().getExpiresAt()
                : clock.instant().plus(Duration.ofMinutes(30));
        // Spring fills the scopes from the answer's "scope", or from the request when the answer has none
        var tokens = new GoogleTokens(response.getAccessToken().getTokenValue(), response.getRefreshToken().getTokenValue(),
                expiresAt, id.text("sub"), GoogleScopes.kept(String.join(" ", response.getAccessToken().getScopes())));
        RequestContextHolder.currentRequestAttributes().setAttribute(SignedInAccounts.attribute(GoogleSignedIn.class),
                new GoogleSignedIn(account, tokens, GoogleConnectIntent.from(request.getAttributes())),
                RequestAttributes.SCOPE_REQUEST);
        return response;
    }
}
