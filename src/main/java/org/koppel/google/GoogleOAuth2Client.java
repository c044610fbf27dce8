package org.koppel.google;

import org.koppel.oauth.OAuthSignIn;
import org.koppel.oauth.SignedInAccounts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Google's part in Spring's OAuth2 client (org.koppel.oauth.SignInClient): connecting Google accounts. */
@Configuration(proxyBeanMethods = false)
class GoogleOAuth2Client {

    @Bean
    OAuthSignIn googleSignIn(GoogleRegistrations registrations, GoogleCodeExchange exchange, GoogleSignIns signIns) {
        return new OAuthSignIn(GoogleSignInPaths.REGISTRATION_ID, registrations, GoogleAuthorizationRequests.of(registrations),
                exchange, new SignedInAccounts<>(GoogleSignInPaths.REGISTRATION_ID, GoogleSignedIn.class, signIns::complete));
    }
}
