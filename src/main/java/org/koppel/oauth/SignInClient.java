package org.koppel.oauth;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.client.OAuth2ClientConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Component;

/**
 * Spring Security's OAuth2 client, set up for connecting accounts at the providers ({@link OAuthSignIn}
 * beans: Microsoft 365, Google): oauth2Client, not oauth2Login, as the employee is signed in to Koppel
 * already and only grants access to their data. A security chain takes one repository, resolver and
 * token client, so each of these hands a request to the provider of its registration id.
 */
@Component
public class SignInClient {

    private final Map<String, OAuthSignIn> providers;

    SignInClient(List<OAuthSignIn> providers) {
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(OAuthSignIn::registrationId, Function.identity()));
    }

    /**
     * All providers' registrations as the one repository Spring Boot's OAuth2 client configuration asks for
     * (primary: each provider's own repository is a bean too).
     */
    @Bean
    @Primary
    ClientRegistrationRepository signInRegistrations() {
        return new Registrations();
    }

    public void configure(OAuth2ClientConfigurer<HttpSecurity> client) {
        client.clientRegistrationRepository(new Registrations())
                .authorizedClientRepository(new Accounts())
                .authorizationCodeGrant(code -> code
                        .authorizationRequestResolver(new Requests())
                        .accessTokenResponseClient(new Exchanges()));
    }

    private OAuthSignIn provider(String registrationId) {
        return registrationId == null ? null : providers.get(registrationId);
    }

    private final class Registrations implements ClientRegistrationRepository {
        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            OAuthSignIn p = provider(registrationId);
            return p == null ? null : p.registrations().findByRegistrationId(registrationId);
        }
    }

    private final class Requests implements OAuth2AuthorizationRequestResolver {
        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
            String base = request.getContextPath() + SignInPaths.AUTHORIZATION_BASE + "/";
            if (!request.getRequestURI().startsWith(base)) return null;
            OAuthSignIn p = provider(request.getRequestURI().substring(base.length()));
            return p == null ? null : p.requests().resolve(request);
        }

        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
            OAuthSignIn p = provider(registrationId);
            return p == null ? null : p.requests().resolve(request, registrationId);
        }
    }

    private final class Exchanges implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {
        @Override
        public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest grant) {
            return providers.get(grant.getClientRegistration().getRegistrationId()).exchange().getTokenResponse(grant);
        }
    }

    /** Koppel keeps no authorized clients of its own: each provider turns a sign-in into a connection. */
    private final class Accounts implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                                                                         HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                                         HttpServletResponse response) {
            providers.get(client.getClientRegistration().getRegistrationId()).accounts()
                    .saveAuthorizedClient(client, principal, request, response);
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                                           HttpServletResponse response) {
            // nothing kept here
        }
    }
}
