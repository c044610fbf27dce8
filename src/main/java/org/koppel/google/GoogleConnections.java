package org.koppel.google;

import java.net.URI;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.PeerException;
import org.koppel.connector.google.GoogleAccounts;
import org.koppel.oauth.ConnectionTokens;
import org.koppel.oauth.TokenEndpoint;
import org.koppel.runtime.ConnectionDeleted;
import org.koppel.security.SecretBox;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Service;

import tools.jackson.databind.ObjectMapper;

/**
 * What the Google connector gets from Google sign-in: a connection's tokens, refreshed before they
 * expire and stored back, and the API base URLs. A refresh token Google no longer takes
 * (invalid_grant: the user removed Koppel's access, changed their password, or it went unused for six
 * months: "Refresh token expiration", https://developers.google.com/identity/protocols/oauth2#expiration)
 * is AuthExpired, which marks the connection "needs sign-in". A deleted connection's grant is revoked.
 */
@Service
public class GoogleConnections implements GoogleAccounts {

    static final TokenEndpoint.Provider GOOGLE = new TokenEndpoint.Provider("Google", "Settings, Google app");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GoogleConnections.class);

    private final GoogleRegistrations registrations;
    private final GoogleAppSettings settings;
    private final TokenEndpoint endpoint;
    private final ConnectionTokens tokens;
    private final ConnectionTokens.Kind<GoogleTokens> kind;
    private final SecretBox secrets;

    public GoogleConnections(GoogleRegistrations registrations, GoogleAppSettings settings, TokenEndpoint endpoint,
                             ConnectionTokens tokens, SecretBox secrets, ObjectMapper json) {
        this.registrations = registrations;
        this.settings = settings;
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.secrets = secrets;
        this.kind = new ConnectionTokens.Kind<>("Google", "this Google account", secret -> GoogleTokens.parse(secret, json),
                held -> held.toJson(json));
    }

    @Override
    public AccessTokens tokens(Long connectionId, String secret) {
        return tokens.open(connectionId, secret, kind, this::refresh);
    }

    private GoogleTokens refresh(GoogleTokens tokens, String account) {
        var refreshed = endpoint.refresh(registration(), tokens.refreshToken(), java.util.Map.of(), GOOGLE, account);
        // "Refreshing an access token": the answer has no new refresh token; the one held stays good
        return new GoogleTokens(refreshed.accessToken(),
                refreshed.refreshToken() != null ? refreshed.refreshToken() : tokens.refreshToken(), refreshed.expiresAt(),
                tokens.subject(), refreshed.scope() != null ? GoogleScopes.kept(refreshed.scope()) : tokens.scope());
    }

    /**
     * Revokes a deleted google connection's grant at Google ("Revoking a token": revoking the refresh
     * token ends its access tokens too), so Koppel keeps no access it no longer uses. Best effort, on a
     * thread of its own so the delete does not wait for Google: a failure is logged, and the user can
     * still remove the access in their Google Account.
     */
    @EventListener
    public void revokeOnDelete(ConnectionDeleted deleted) {
        if (!deleted.connection().type().equals(CONNECTION_TYPE) || deleted.sealedSecret() == null) return;
        long id = deleted.connection().id();
        try {
            GoogleTokens held = kind.parse().apply(secrets.open(deleted.sealedSecret()));
            URI revocation = settings.current().revocationUri();
            Thread.ofVirtual().name("google-revoke-" + id).start(() -> {
                if (!endpoint.revoke(revocation, held.refreshToken(), GOOGLE)) {
                    LOG.warn("connection {}: Google did not confirm revoking its access; the user can remove it in their "
                            + "Google Account", id);
                }
            });
        } catch (RuntimeException e) {
            // nothing usable stored, or the settings unreadable: the delete stands; the message never holds the token
            LOG.warn("connection {}: its Google access was not revoked ({})", id, e.getClass().getSimpleName());
        }
    }

    @Override
    public URI peopleBaseUrl() {
        return URI.create(settings.current().peopleBaseUrl());
    }

    @Override
    public URI calendarBaseUrl() {
        return URI.create(settings.current().calendarBaseUrl());
    }

    @Override
    public URI tasksBaseUrl() {
        return URI.create(settings.current().tasksBaseUrl());
    }

    private ClientRegistration registration() {
        ClientRegistration app = registrations.findByRegistrationId(GoogleSignInPaths.REGISTRATION_ID);
        if (app == null) {
            throw new PeerException.Configuration("the Google app is not set up: an admin must give its client id "
                    + "and secret under Settings, Google app", null);
        }
        return app;
    }
}
