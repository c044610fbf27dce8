package org.koppel.microsoft;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.PeerException;
import org.koppel.connector.graph.MicrosoftAccounts;
import org.koppel.oauth.ConnectionTokens;
import org.koppel.oauth.TokenEndpoint;
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
    private final ConnectionTokens tokens;
    private final ConnectionTokens.Kind<MicrosoftTokens> kind;

    public MicrosoftMailboxes(MicrosoftRegistrations registrations, MicrosoftAppSettings settings, TokenEndpoint endpoint,
                              ConnectionTokens tokens, ObjectMapper json) {
        this.registrations = registrations;
        this.settings = settings;
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.kind = new ConnectionTokens.Kind<>("Microsoft 365", "this mailbox", secret -> MicrosoftTokens.parse(secret, json),
                held -> held.toJson(json));
    }

    @Override
    public AccessTokens tokens(Long connectionId, String secret) {
        return tokens.open(connectionId, secret, kind, this::refresh);
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

    /** Stores refreshed tokens back, unless the owner signed in again meanwhile ({@link ConnectionTokens#storeBack}). */
    Consumer<MicrosoftTokens> storeBack(Long connectionId) {
        return tokens.storeBack(connectionId, kind.toJson());
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
