package org.koppel.connector.google;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.sync.DataType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code google}: a Google account's contacts through the People API, its primary
 * calendar through the Calendar API and its default task list through the Tasks API ({@link #open} is a
 * switch on the data type). The secret is the sign-in's
 * tokens, which Google sign-in ({@link GoogleAccounts}) produces and refreshes; this factory only asks it
 * for tokens and base URLs.
 *
 * <p>A Koppel without Google sign-in (no {@link GoogleAccounts} bean) still starts: opening a Google
 * connection is then refused with a plain reason.
 */
@Component
public class GooglePeers implements PeerFactory {

    public static final String TYPE = "google";
    /** Connection setting: the calendar appointments sync with; {@code primary} (also when unset) or {@link #NONE}. */
    public static final String CALENDAR = "calendar";
    /** Connection setting: the task list tasks sync with; {@code default} (also when unset) or {@link #NONE}. */
    public static final String TASK_LIST = "taskList";
    /** A connection that leaves its calendar or task list out of Koppel's sync. */
    public static final String NONE = "none";

    private final Supplier<GoogleAccounts> accounts;
    private final ObjectMapper json;
    private final PeopleClient.Options options;

    @Autowired
    public GooglePeers(ObjectProvider<GoogleAccounts> accounts, ObjectMapper json) {
        this(accounts::getIfAvailable, json, PeopleClient.Options.defaults());
    }

    public GooglePeers(Supplier<GoogleAccounts> accounts, ObjectMapper json, PeopleClient.Options options) {
        this.accounts = accounts;
        this.json = json;
        this.options = options;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Contacts, appointments (the account's primary calendar) and tasks (its default task list): every Google
     * account has a store for each, so whether a type is synced is the admin's setting
     * ({@code appointments.direction}, {@code tasks.direction}, off by default), as for Microsoft 365, unless the
     * connection's {@link #CALENDAR} or {@link #TASK_LIST} setting says {@link #NONE}. Once a type is on, a sign-in
     * that did not allow Calendar or Tasks is asked to sign in again ({@link PeerException.PermissionMissing} from
     * the first refused request) while the connection's other types go on.
     */
    @Override
    public Set<DataType> dataTypes(Connection connection) {
        var types = EnumSet.of(DataType.CONTACTS);
        if (!NONE.equalsIgnoreCase(Objects.toString(connection.settings().get(CALENDAR), "").strip())) types.add(DataType.APPOINTMENTS);
        if (!NONE.equalsIgnoreCase(Objects.toString(connection.settings().get(TASK_LIST), "").strip())) types.add(DataType.TASKS);
        return types;
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        return switch (type) {
            case CONTACTS -> new GoogleContactPeer(people(connection, secret), json);
            case APPOINTMENTS -> new GoogleEventPeer(items(connection, secret, DataType.APPOINTMENTS), json);
            case TASKS -> new GoogleTaskPeer(items(connection, secret, DataType.TASKS), json);
            default -> throw new PeerException.Configuration("Google connections do not sync " + type + " yet", null);
        };
    }

    /** A People API client with the connection's tokens. */
    PeopleClient people(Connection connection, String secret) {
        GoogleAccounts a = accounts();
        return new PeopleClient(a.peopleBaseUrl(), a.tokens(connection.id(), secret), json, options);
    }

    /** A Calendar API client of the primary calendar's events, or a Tasks API client of the default list's tasks. */
    GoogleItemsClient items(Connection connection, String secret, DataType type) {
        GoogleAccounts a = accounts();
        return type == DataType.APPOINTMENTS
                ? new GoogleItemsClient(a.calendarBaseUrl(), "/calendar/v3", GoogleEventPeer.COLLECTION, "Google Calendar", "events",
                        a.tokens(connection.id(), secret), json, options)
                : new GoogleItemsClient(a.tasksBaseUrl(), "/tasks/v1", GoogleTaskPeer.COLLECTION, "Google Tasks", "tasks",
                        a.tokens(connection.id(), secret), json, options);
    }

    /** Google sign-in, or the reason a Google connection cannot run without it. */
    GoogleAccounts accounts() {
        GoogleAccounts a = accounts.get();
        if (a == null) {
            throw new PeerException.Configuration("Google sign-in is not available in this Koppel, so Google "
                    + "connections cannot sync", null);
        }
        return a;
    }
}
