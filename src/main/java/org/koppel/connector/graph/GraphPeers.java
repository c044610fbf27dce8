package org.koppel.connector.graph;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.koppel.sync.DataType;
import org.koppel.connector.ItemPeer;
import org.koppel.crm.Checks;
import org.koppel.microsoft.MicrosoftTokens;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code microsoft365}: an employee's Outlook contacts through Microsoft Graph.
 * Settings: {@code folder} ({@code koppel}, a folder of its own, the default; or {@code default},
 * the mailbox's Contacts folder) and {@code account} (who signed in). The secret is the sign-in's
 * tokens, which only the Connect Microsoft 365 button produces.
 *
 * <p>Every connection to one mailbox shares one limit of 4 concurrent requests (Outlook's
 * per-mailbox limit), keyed by the account that signed in.
 */
@Component
public class GraphPeers implements PeerFactory {

    public static final String TYPE = "microsoft365";
    public static final String FOLDER = "folder";
    public static final String ACCOUNT = "account";
    public static final String FOLDER_KOPPEL = "koppel";
    public static final String FOLDER_DEFAULT = "default";
    static final Set<String> FOLDERS = Set.of(FOLDER_KOPPEL, FOLDER_DEFAULT);

    private final MicrosoftAccounts accounts;
    private final GraphSubscriptions subscriptions;
    private final ObjectMapper json;

    public GraphPeers(MicrosoftAccounts accounts, GraphSubscriptions subscriptions, ObjectMapper json) {
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.json = json;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        return new GraphContactPeer(client(connection, secret), connection.settings().get(FOLDER), json);
    }

    /** Keeps the change subscription of the folder alive when Koppel has a public URL (push); else nothing. */
    @Override
    public void afterRun(Connection connection, String secret, ItemPeer peer) {
        // The run's own client: its tokens are current (a refresh during the run rotated the refresh token).
        if (!(peer instanceof GraphContactPeer graph)) return;
        subscriptions.ensure(graph.client(), connection.id(), graph.folderId());
    }

    @Override
    public void detach(Connection connection, String secret) {
        subscriptions.remove(connection.id(), () -> client(connection, secret));
    }

    private GraphClient client(Connection connection, String secret) {
        AccessTokens tokens = accounts.tokens(connection.id(), secret);
        return new GraphClient(accounts.graphBaseUrl(), tokens, connection.settings().get(ACCOUNT));
    }

    @Override
    public Map<String, String> setUp(Map<String, String> settings, String secret) {
        var checks = new Checks();
        String folder = Checks.clean(settings.get(FOLDER));
        if (folder != null && !FOLDERS.contains(folder)) {
            checks.problem("settings." + FOLDER, "'" + folder + "' is not a folder choice: use koppel (a folder of its own, "
                    + "named Koppel) or default (the Contacts folder)");
        }
        if (Checks.clean(settings.get(ACCOUNT)) == null) {
            checks.problem("settings." + ACCOUNT, "is required; connect with the Connect Microsoft 365 button, which fills it in");
        }
        try {
            MicrosoftTokens.parse(secret, json);
        } catch (IllegalArgumentException e) {
            checks.problem("secret", "is not a Microsoft sign-in; connect with the Connect Microsoft 365 button on the "
                    + "Connections page, as tokens cannot be typed in");
        }
        checks.throwIfAny();
        var completed = new HashMap<>(settings);
        completed.put(FOLDER, folder == null ? FOLDER_KOPPEL : folder);
        completed.put(ACCOUNT, settings.get(ACCOUNT).strip());
        return completed;
    }
}
