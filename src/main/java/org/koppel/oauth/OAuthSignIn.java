package org.koppel.oauth;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * One provider's part in Spring's OAuth2 client (a bean per provider; {@link SignInClient} puts them
 * together): its client registration, its authorization requests, its code exchange, and what it makes
 * of a completed sign-in (a connection, whose encrypted secret holds the tokens).
 */
public record OAuthSignIn(String registrationId, ClientRegistrationRepository registrations,
                          OAuth2AuthorizationRequestResolver requests,
                          OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> exchange,
                          OAuth2AuthorizedClientRepository accounts) {
}
