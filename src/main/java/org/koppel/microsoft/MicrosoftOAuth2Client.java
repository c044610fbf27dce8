package org.koppel.microsoft;

import org.koppel.oauth.OAuthSignIn;
import org.koppel.oauth.SignedInAccounts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Microsoft's part in Spring's OAuth2 client (org.koppel.oauth.SignInClient): connecting mailboxes. */
@Configuration(proxyBeanMethods = false)
class MicrosoftOAuth2Client {

    @Bean
    OAuthSignIn microsoftSignIn(MicrosoftRegistrations registrations, MicrosoftCodeExchange exchange, MicrosoftSignIns signIns) {
        return new OAuthSignIn(MicrosoftSignInPaths.REGISTRATION_ID, registrations,
                MicrosoftAuthorizationRequests.of(registrations), exchange,
                new SignedInAccounts<>(MicrosoftSignInPaths.REGISTRATION_ID, SignedIn.class, signIns::complete));
    }
}
