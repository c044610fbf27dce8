package org.koppel.microsoft;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.PeerException;
import org.koppel.connector.graph.MicrosoftAccounts;
import org.koppel.oauth.RefreshingTokens;
import org.koppel.oauth.SecretStoreBack;
import org.koppel.oauth.TokenEndpoint;
import org.koppel.store.ConnectionStore;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/** What the Graph connector gets from Microsoft sign-in: a connection's tokens, refreshed and stored back. */
@Component
public class MicrosoftMailboxes implements MicrosoftAccounts {

    static final TokenEndpoint.Provider MICROSOFT = new TokenEndpoint.Provider("Microsoft", "Settings, Microsoft 365");

    private final MicrosoftRegistrations registrations;
    private final MicrosoftAppSettings settings;
    private final TokenEndpoint endpoint;
    private final ConnectionStore connections;
    private final SecretStoreBack secrets;
    private final ObjectMapper json;
    private final Clock clock;

    public MicrosoftMailboxes(MicrosoftRegistrations registrations, MicrosoftAppSettings settings, TokenEndpoint endpoint,
                              ConnectionStore connections, SecretStoreBack secrets, ObjectMapper json, Clock clock) {
        this.registrations = registrations;
        this.settings = settings;
        this.endpoint = endpoint;
        this.connections = connections;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AccessTokens tokens(Long connectionId, String secret) {
        MicrosoftTokens tokens;
        try {
            tokens = MicrosoftTokens.parse(secret, json);
        } catch (IllegalArgumentException e) {
            // nothing usable stored (say, a connection made through the API): signing in fixes it
            throw new PeerException.AuthExpired(e.getMessage() + "; sign in to Microsoft 365 again", null);
        }
        String account = connectionId == null ? "this mailbox" : connections.find(connectionId)
                .map(c -> c.settings().getOrDefault("account", "this mailbox")).orElse("this mailbox");
        return new RefreshingTokens<>(tokens, account, held -> refresh(held, account), storeBack(connectionId), clock);
    }

    private MicrosoftTokens refresh(MicrosoftTokens tokens, String account) {
        var refreshed = endpoint.refresh(registration(), tokens.refreshToken(),
                Map.of("scope", String.join(" ", MicrosoftScopes.forRefresh(tokens.scope()))), MICROSOFT, account);
        return new MicrosoftTokens(refreshed.accessToken(),
                // Microsoft sends a new refresh token each time; keep the old one should it not
                refreshed.refreshToken() != null ? refreshed.refreshToken() : tokens.refreshToken(),
                refreshed.expiresAt(), tokens.userId(),
                // what this refresh granted; an answer without it keeps what the sign-in granted
                refreshed.scope() != null ? MicrosoftScopes.kept(refreshed.scope()) : tokens.scope());
    }

    /** Stores refreshed tokens back, unless the owner signed in again meanwhile ({@link SecretStoreBack}). */
    Consumer<MicrosoftTokens> storeBack(Long connectionId) {
        return secrets.storeBack(connectionId, tokens -> tokens.toJson(json));
    }

    @Override
    public URI graphBaseUrl() {
        return settings.current().graphBaseUri();
    }

    private ClientRegistration registration() {
        ClientRegistration app = registrations.findByRegistrationId(MicrosoftSignInPaths.REGISTRATION_ID);
        if (app == null) {
            throw new PeerException.Configuration("the Microsoft app is not set up: an admin must give its client id "
                    + "and secret under Settings, Microsoft 365", null);
        }
        return app;
    }
}
