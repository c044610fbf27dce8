package org.koppel.google;

import java.util.Map;

import org.koppel.connector.google.GoogleAccounts;
import org.koppel.crm.InvalidInputException;
import org.koppel.oauth.SignInOutcome;
import org.koppel.oauth.SignedInConnections;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncSettings;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.ObjectMapper;

/**
 * Connect Google, sign in at Google, and the sign-in ends here in {@link #complete}: a new google
 * connection of the employee, one per Google account, or new tokens for the account's existing one
 * (Sign in again). There is nothing to choose before the first run, so a new connection syncs at once.
 */
@Service
public class GoogleSignIns {

    /** The connection setting with the Google account's e-mail address. */
    public static final String ACCOUNT = org.koppel.oauth.ConnectionTokens.ACCOUNT;

    private final Connections connections;
    private final ConnectionStore store;
    private final GoogleAppSettings app;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final SyncSettings syncSettings;
    private final SignedInConnections signedInConnections;
    private final SignedInConnections.Kind kind;

    public GoogleSignIns(Connections connections, ConnectionStore store, GoogleAppSettings app, SecretBox secrets,
                         ObjectMapper json, SyncSettings syncSettings, SignedInConnections signedInConnections) {
        this.signedInConnections = signedInConnections;
        this.kind = new SignedInConnections.Kind(GoogleAccounts.CONNECTION_TYPE, "Google", "Google account",
                secret -> GoogleTokens.parse(secret, json).subject());
        this.connections = connections;
        this.store = store;
        this.app = app;
        this.secrets = secrets;
        this.json = json;
        this.syncSettings = syncSettings;
    }

    public boolean available() {
        return app.current().configured();
    }

    /** What the Connect Google (or Sign in again) button asks for, checked before the employee leaves for Google. */
    public GoogleConnectIntent intent(Long connectionId, KoppelUser user) {
        Map<String, String> settings = Map.of();
        String hint = null;
        if (connectionId != null) {
            Connection c = ownConnection(connectionId, user);
            settings = c.settings();
            hint = c.settings().get(ACCOUNT);
        }
        return new GoogleConnectIntent(connectionId, hint, on(user, DataType.APPOINTMENTS, settings), on(user, DataType.TASKS, settings));
    }

    /** Whether the employee (or the connection, which may say otherwise) syncs the data type: then its access is asked. */
    private boolean on(KoppelUser user, DataType type, Map<String, String> connectionSettings) {
        return syncSettings.policyFor(user.employeeId(), type, connectionSettings).direction() != SyncPolicy.Direction.OFF;
    }

    /** The sign-in came back with tokens: a new connection, or new tokens for the account's existing one. */
    @Transactional
    SignInOutcome complete(KoppelUser user, GoogleSignedIn signedIn) {
        String secret = signedIn.tokens().toJson(json);
        String account = signedIn.account();
        Long asked = signedIn.intent().connectionId();
        String subject = signedIn.tokens().subject();
        Connection target = signedInConnections.target(asked, user, kind, account, subject);
        if (target == null) {
            Connection created = connections.create(GoogleAccounts.CONNECTION_TYPE, SignedInConnections.name(kind, account),
                    Map.of(ACCOUNT, account), secret, user);
            return SignInOutcome.connected(created.id(), account);
        }
        if (!signedInConnections.sameAccount(target, kind, account, subject)) {
            String expected = target.settings().get(ACCOUNT);
            throw new InvalidInputException("account", "You signed in to Google as " + account + ", but the connection '"
                    + target.name() + "' syncs the Google account " + expected + ". Nothing was changed. Sign in again as "
                    + expected + " (at Google, choose that account).");
        }
        if (target.status() == Connection.Status.PAUSED) {
            // new tokens, but a pause holds until its owner ends it
            store.updateSecret(target.id(), secrets.seal(secret));
            return SignInOutcome.signedInAgain(target.id(), account);
        }
        // back to active, with a run requested: the changes made while it could not sync follow now
        connections.updateAccess(target.id(), Map.of(ACCOUNT, account), secret, user);
        return SignInOutcome.signedInAgain(target.id(), account);
    }

    /** Only the owner signs in for a connection: it is their Google account, not an admin's. */
    public Connection ownConnection(long id, KoppelUser user) {
        return signedInConnections.own(id, user, kind);
    }
}
