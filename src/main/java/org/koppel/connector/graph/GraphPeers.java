package org.koppel.connector.graph;

import org.koppel.connector.AccessTokens;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.koppel.sync.DataType;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.crm.Checks;
import org.koppel.microsoft.MicrosoftScopes;
import org.koppel.microsoft.MicrosoftTokens;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code microsoft365}: an employee's Outlook contacts and calendar, and Microsoft
 * To Do tasks, through Microsoft Graph. Settings: {@code folder} ({@code koppel}, a folder of its own,
 * the default; or {@code default}, the mailbox's Contacts folder), {@code calendar} ({@code default}:
 * appointments with the mailbox's default calendar; absent: none), {@code taskList} (absent: no task
 * sync; {@code default}, To Do's built-in Tasks list; {@code koppel}, a list of its own),
 * {@code mailFolders} (where marked mails are looked for, {@link #MAIL_FOLDERS}) and {@code account}
 * (who signed in). The secret is the sign-in's tokens, which only the Connect
 * Microsoft 365 button produces; a data type whose permission the sign-in was not granted
 * ({@link MicrosoftScopes}) fails alone, asking the owner to sign in again.
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
    /** Which calendar appointments sync with: {@link #CALENDAR_DEFAULT}, or none when absent. */
    public static final String CALENDAR = "calendar";
    public static final String CALENDAR_DEFAULT = "default";
    /** The To Do list tasks sync with: {@code default} (the built-in Tasks list) or {@code koppel}; unset: no task sync. */
    public static final String TASK_LIST = "taskList";
    static final Set<String> TASK_LISTS = Set.of(TodoList.DEFAULT, TodoList.KOPPEL);
    /**
     * The mail folders marked mails are looked for in, comma-separated: well-known names ({@code inbox},
     * {@code sentitems}, ...) or display names of top-level folders; absent: Inbox and Sent Items.
     */
    public static final String MAIL_FOLDERS = "mailFolders";

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

    /**
     * Contacts, appointments (the mailbox's calendar), tasks (a To Do list, {@code koppel} unless
     * {@code taskList} says {@code default}) and e-mail (marked mails logged, {@link #openMailbox}):
     * every Microsoft 365 mailbox has a store for each. Whether a
     * type is synced is the admin's setting ({@code appointments.direction}, off by default); once it is
     * on, a sign-in made before is asked to allow it ({@link PeerException.PermissionMissing}).
     */
    @Override
    public Set<DataType> dataTypes(Connection connection) {
        return EnumSet.of(DataType.CONTACTS, DataType.APPOINTMENTS, DataType.TASKS, DataType.EMAIL);
    }

    /** The mailbox's marked mails ({@link GraphMailPeer}), once the sign-in allows Mail.ReadWrite. */
    @Override
    public org.koppel.connector.mail.MailPeer openMailbox(Connection connection, String secret) {
        requireGranted(secret, DataType.EMAIL, "e-mails (Outlook mail)", "mail");
        return new GraphMailPeer(client(connection, secret), mailFolders(connection.settings().get(MAIL_FOLDERS)), json);
    }

    /** The {@link #MAIL_FOLDERS} setting as a list, blanks and repeats left out; empty when unset. */
    static java.util.List<String> mailFolders(String setting) {
        if (setting == null) return java.util.List.of();
        return java.util.Arrays.stream(setting.split(",")).map(String::strip).filter(f -> !f.isEmpty()).distinct().toList();
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        return switch (type) {
            case CONTACTS -> new GraphContactPeer(client(connection, secret), connection.settings().get(FOLDER), json);
            case APPOINTMENTS -> {
                requireGranted(secret, type, "appointments (Outlook calendar)", "calendar");
                yield new GraphEventPeer(client(connection, secret), json);
            }
            case TASKS -> {
                requireGranted(secret, type, "tasks (Microsoft To Do)", "task");
                String list = Checks.clean(connection.settings().get(TASK_LIST));
                yield new GraphTaskPeer(client(connection, secret), list == null ? TodoList.KOPPEL : list, json);
            }
            default -> throw new PeerException.Configuration("Microsoft 365 connections do not sync " + type, null);
        };
    }

    /**
     * A sign-in made before Koppel asked for a data type's permission (Calendars.ReadWrite,
     * Tasks.ReadWrite) lacks it: Graph would answer 403 to every request. Told once, plainly, as a
     * sign-in to renew; that type fails alone ({@link PeerException.PermissionMissing}) and the
     * connection's other types go on syncing. Unreadable tokens are left to
     * {@link MicrosoftAccounts#tokens}, which says so.
     */
    private void requireGranted(String secret, DataType type, String items, String what) {
        MicrosoftTokens tokens;
        try {
            tokens = MicrosoftTokens.parse(secret, json);
        } catch (IllegalArgumentException unreadable) {
            return;
        }
        if (!MicrosoftScopes.grants(tokens.scope(), type)) {
            throw new PeerException.PermissionMissing("this connection's Microsoft 365 sign-in does not allow Koppel to sync "
                    + items + " yet: sign in to Microsoft 365 again to allow " + what + " access");
        }
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
        String calendar = Checks.clean(settings.get(CALENDAR));
        if (calendar != null && !calendar.equals(CALENDAR_DEFAULT)) {
            checks.problem("settings." + CALENDAR, "'" + calendar + "' is not a calendar choice: use default (the mailbox's "
                    + "calendar) or leave it empty (no appointments)");
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
        String taskList = Checks.clean(settings.get(TASK_LIST));
        if (taskList != null && !TASK_LISTS.contains(taskList)) {
            checks.problem("settings." + TASK_LIST, "'" + taskList + "' is not a task list choice: use default (the built-in "
                    + "Tasks list of Microsoft To Do) or koppel (a list of its own, named Koppel); leave it out to sync no tasks");
        }
        checks.throwIfAny();
        var completed = new HashMap<>(settings);
        var mailFolders = mailFolders(settings.get(MAIL_FOLDERS));
        if (mailFolders.isEmpty()) completed.remove(MAIL_FOLDERS);
        else completed.put(MAIL_FOLDERS, String.join(",", mailFolders));
        completed.put(FOLDER, folder == null ? FOLDER_KOPPEL : folder);
        if (taskList == null) completed.remove(TASK_LIST);
        else completed.put(TASK_LIST, taskList);
        completed.put(ACCOUNT, settings.get(ACCOUNT).strip());
        if (calendar == null) completed.remove(CALENDAR);
        else completed.put(CALENDAR, calendar);
        return completed;
    }
}
