package org.koppel.microsoft;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.client.OAuth2ClientConfigurer;
import org.springframework.stereotype.Component;

/**
 * Spring Security's OAuth2 client, set up for connecting mailboxes: oauth2Client, not oauth2Login,
 * as the employee is signed in to Koppel already and only grants access to their contacts.
 */
@Component
public class MicrosoftOAuth2Client {

    private final MicrosoftRegistrations registrations;
    private final MicrosoftAuthorizationRequests requests;
    private final MicrosoftCodeExchange exchange;
    private final ConnectedMailboxes mailboxes;

    MicrosoftOAuth2Client(MicrosoftRegistrations registrations, MicrosoftAuthorizationRequests requests,
                          MicrosoftCodeExchange exchange, ConnectedMailboxes mailboxes) {
        this.registrations = registrations;
        this.requests = requests;
        this.exchange = exchange;
        this.mailboxes = mailboxes;
    }

    public void configure(OAuth2ClientConfigurer<HttpSecurity> client) {
        client.clientRegistrationRepository(registrations)
                .authorizedClientRepository(mailboxes)
                .authorizationCodeGrant(code -> code
                        .authorizationRequestResolver(requests)
                        .accessTokenResponseClient(exchange));
    }
}
