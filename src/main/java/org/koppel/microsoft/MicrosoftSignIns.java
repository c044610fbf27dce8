package org.koppel.microsoft;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.koppel.connector.graph.GraphPeers;
import org.koppel.crm.InvalidInputException;
import org.koppel.oauth.SignInOutcome;
import org.koppel.oauth.SignedInConnections;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncSettings;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncRunStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.ObjectMapper;

/**
 * The steps of section 4 of the Tribe document: grant permissions (Connect), sign in at Microsoft
 * (which ends here in {@link #complete}), then "save and start initial sync" ({@link #start}).
 * A new connection waits, paused, for that last step, so its owner can still pick the folder and
 * no run starts before they said so.
 */
@Service
public class MicrosoftSignIns {

    public static final String WAITING_FOR_START = "Signed in to Microsoft 365; waiting for 'Save and start initial sync'";

    private final Connections connections;
    private final ConnectionStore store;
    private final SyncRunStore runs;
    private final MicrosoftAppSettings app;
    private final SecretBox secrets;
    private final ObjectMapper json;
    private final Clock clock;
    private final SyncSettings syncSettings;
    private final SignedInConnections signedInConnections;
    private final SignedInConnections.Kind kind;

    public MicrosoftSignIns(Connections connections, ConnectionStore store, SyncRunStore runs, MicrosoftAppSettings app,
                            SecretBox secrets, ObjectMapper json, Clock clock, SyncSettings syncSettings,
                            SignedInConnections signedInConnections) {
        this.signedInConnections = signedInConnections;
        this.kind = new SignedInConnections.Kind(GraphPeers.TYPE, "Microsoft 365", "mailbox",
                secret -> MicrosoftTokens.parse(secret, json).userId());
        this.connections = connections;
        this.store = store;
        this.runs = runs;
        this.app = app;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
        this.syncSettings = syncSettings;
    }

    public boolean available() {
        return app.current().configured();
    }

    /** What the Connect (or Sign in again) button asks for, checked before the employee leaves for Microsoft. */
    public ConnectIntent intent(String folder, Long connectionId, KoppelUser user) {
        if (connectionId != null) {
            Connection c = ownConnection(connectionId, user);
            return new ConnectIntent(c.settings().get(GraphPeers.FOLDER), c.id(), c.settings().get(GraphPeers.ACCOUNT),
                    mailOn(user, c.settings()));
        }
        return new ConnectIntent(checkedFolder(folder), null, null, mailOn(user, Map.of()));
    }

    /** Whether e-mail logging is on for the employee (and the connection, which may say otherwise): then mail access is asked. */
    private boolean mailOn(KoppelUser user, Map<String, String> connectionSettings) {
        return syncSettings.mailPolicyFor(user.employeeId(), connectionSettings).on();
    }

    /** The sign-in came back with tokens: a new connection, or new tokens for the mailbox's existing one. */
    @Transactional
    public SignInOutcome complete(KoppelUser user, SignedIn signedIn) {
        String secret = signedIn.tokens().toJson(json);
        String account = signedIn.account();
        ConnectIntent intent = signedIn.intent();
        Connection target = signedInConnections.target(intent.connectionId(), user, kind, account,
                signedIn.tokens().userId());
        if (target == null) {
            Connection created = connections.create(GraphPeers.TYPE, SignedInConnections.name(kind, account),
                    Map.of(GraphPeers.FOLDER, checkedFolder(intent.folder()), GraphPeers.ACCOUNT, account), secret, user);
            store.setStatus(created.id(), Connection.Status.PAUSED, WAITING_FOR_START, clock.instant());
            return SignInOutcome.connected(created.id(), account);
        }
        if (!signedInConnections.sameAccount(target, kind, account, signedIn.tokens().userId())) {
            String expected = target.settings().get(GraphPeers.ACCOUNT);
            throw new InvalidInputException("account", "You signed in to Microsoft as " + account + ", but the connection '"
                    + target.name() + "' syncs the contacts of " + expected + ". Nothing was changed. Sign in again as "
                    + expected + " (at Microsoft, choose 'Use another account').");
        }
        if (target.status() == Connection.Status.PAUSED) {
            // new tokens, but a pause (or the wait for the first start) holds until its owner ends it
            store.updateSecret(target.id(), secrets.seal(secret));
            return WAITING_FOR_START.equals(target.statusReason()) ? SignInOutcome.connected(target.id(), account)
                    : SignInOutcome.signedInAgain(target.id(), account);
        }
        // back to active, with a run requested: the changes made while it could not sync follow now
        connections.updateAccess(target.id(), Map.of(GraphPeers.ACCOUNT, account), secret, user);
        return SignInOutcome.signedInAgain(target.id(), account);
    }

    /** "Save and start initial sync": the folder is final once the first run has written into it. */
    @Transactional
    public Connection start(long id, String folder, KoppelUser user) {
        Connection c = ownConnection(id, user);
        var settings = new HashMap<>(c.settings());
        String chosen = folder == null ? c.settings().get(GraphPeers.FOLDER) : checkedFolder(folder);
        if (!chosen.equals(c.settings().get(GraphPeers.FOLDER)) && !runs.recent(id, 1).isEmpty()) {
            throw new InvalidInputException("folder", "stays as it is once Koppel has synced into it; add a new connection "
                    + "for another folder");
        }
        settings.put(GraphPeers.FOLDER, chosen);
        store.updateAccess(id, settings, store.sealedSecret(id), clock.instant());
        return connections.find(id, user);
    }

    /** Only the owner signs in for a connection: it is their mailbox, not an admin's. */
    public Connection ownConnection(long id, KoppelUser user) {
        return signedInConnections.own(id, user, kind);
    }

    private static String checkedFolder(String folder) {
        if (folder == null || folder.isBlank()) return GraphPeers.FOLDER_KOPPEL;
        if (!folder.equals(GraphPeers.FOLDER_KOPPEL) && !folder.equals(GraphPeers.FOLDER_DEFAULT)) {
            throw new InvalidInputException("folder", "'" + folder + "' is not a folder choice: koppel or default");
        }
        return folder;
    }
}
