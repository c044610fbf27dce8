package org.koppel.connector.carddav;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Clock;

import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavAccount;
import org.koppel.connector.dav.DavAuthException;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionInfo;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavDiscovery;
import org.koppel.connector.dav.DavException;
import org.koppel.connector.dav.DavSettings;
import org.koppel.connector.dav.DavTransport;
import org.koppel.sync.DataType;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.connector.caldav.CalDavEventPeer;
import org.koppel.connector.caldav.CalDavTaskPeer;
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.security.OutboundPolicy;
import org.koppel.security.OutboundRefusedException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code carddav} (the name kept for stored connections): one CardDAV + CalDAV
 * account, such as iCloud, Google, Nextcloud, Fastmail, SOGo or Radicale. Settings: {@code url} (an
 * address book URL, a server URL or only a host), {@code username}, and optionally
 * {@code addressBook}, {@code calendar} and {@code taskList} (each a URL, a path or a display name);
 * the secret is the (app) password. Setup finds the address book (RFC 6764 discovery) and the
 * calendars (RFC 4791 §6.2.1), fills in their URLs and remembers per collection whether the server
 * offers sync-collection. Contacts are always synced; appointments when a calendar is set, tasks
 * when a task list is.
 */
@Component
public class CardDavPeers implements PeerFactory {

    static final String URL = "url";
    static final String USERNAME = "username";
    static final String ADDRESS_BOOK = "addressBook";
    static final String SYNC_COLLECTION = "syncCollection";
    static final String CALENDAR = "calendar";
    static final String CALENDAR_SYNC_COLLECTION = "calendarSyncCollection";
    static final String TASK_LIST = "taskList";
    static final String TASK_LIST_SYNC_COLLECTION = "taskListSyncCollection";
    /** Appended to a store's setting: its display name ({@code addressBookName}), kept for the pages only. */
    static final String NAME = "Name";

    private final ObjectMapper json;
    private final DavSettings davSettings;
    private final Clock clock;

    public CardDavPeers(ObjectMapper json, OutboundPolicy outbound) {
        this(json, outbound, Clock.systemUTC());
    }

    @Autowired
    public CardDavPeers(ObjectMapper json, OutboundPolicy outbound, Clock clock) {
        this.json = json;
        this.clock = clock;
        this.davSettings = DavSettings.defaults().withOutbound(outbound).withClock(clock);
    }

    @Override
    public Set<DataType> dataTypes(Connection connection) {
        var types = EnumSet.of(DataType.CONTACTS);
        if (Checks.clean(connection.settings().get(CALENDAR)) != null) types.add(DataType.APPOINTMENTS);
        if (Checks.clean(connection.settings().get(TASK_LIST)) != null) types.add(DataType.TASKS);
        return types;
    }

    @Override
    public String type() {
        return "carddav";
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        Map<String, String> s = connection.settings();
        var credentials = new DavCredentials(s.get(USERNAME), secret);
        return switch (type) {
            case CONTACTS -> new CardDavContactPeer(DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK,
                    URI.create(s.get(ADDRESS_BOOK)), credentials, davSettings),
                    Boolean.parseBoolean(s.get(SYNC_COLLECTION)), json);
            case APPOINTMENTS -> new CalDavEventPeer(DavCollectionClient.open(DavCollectionKind.CALENDAR,
                    URI.create(required(s, CALENDAR)), credentials, davSettings),
                    Boolean.parseBoolean(s.get(CALENDAR_SYNC_COLLECTION)), json, clock);
            case TASKS -> new CalDavTaskPeer(DavCollectionClient.open(DavCollectionKind.CALENDAR,
                    URI.create(required(s, TASK_LIST)), credentials, davSettings),
                    Boolean.parseBoolean(s.get(TASK_LIST_SYNC_COLLECTION)), json, clock);
            case EMAIL -> throw new PeerException.Configuration("a CardDAV/CalDAV account holds no e-mail", null);
            case RELATIONS -> throw new PeerException.Configuration("a CardDAV/CalDAV account is no source system", null);
        };
    }

    /**
     * {@value PeerFactory#ICLOUD} when the address book (or, before set-up found it, the server) is at
     * icloud.com: Apple serves iCloud contacts from contacts.icloud.com and per-account hosts such as
     * p42-contacts.icloud.com.
     */
    @Override
    public String provider(Connection connection) {
        String url = Checks.clean(connection.settings().get(ADDRESS_BOOK));
        if (url == null) url = Checks.clean(connection.settings().get(URL));
        return url != null && isICloud(url) ? ICLOUD : type();
    }

    static boolean isICloud(String url) {
        String host;
        try {
            host = URI.create(url.contains("://") ? url : "https://" + url).getHost();
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
        if (host == null) return false;
        host = host.toLowerCase(java.util.Locale.ROOT);
        return host.equals("icloud.com") || host.endsWith(".icloud.com");
    }

    private static String required(Map<String, String> settings, String key) {
        String value = Checks.clean(settings.get(key));
        if (value == null) {
            throw new PeerException.Configuration("the connection has no " + key + "; set one up first", null);
        }
        return value;
    }

    @Override
    public Map<String, String> setUp(Map<String, String> settings, String secret) {
        var checks = new Checks();
        checks.required("settings.url", Checks.clean(settings.get(URL)))
                .required("settings.username", Checks.clean(settings.get(USERNAME)))
                .required("secret", Checks.clean(secret));
        checks.throwIfAny();
        refuseUnreachable(settings.get(URL).strip());
        try (var transport = new DavTransport(new DavCredentials(settings.get(USERNAME).strip(), secret), davSettings)) {
            DavAccount account = new DavDiscovery(transport, DavCollectionKind.ADDRESS_BOOK).discover(settings.get(URL).strip());
            DavCollectionInfo book = choose(account.collections(), settings.get(URL).strip(),
                    Checks.clean(settings.get(ADDRESS_BOOK)));
            var completed = new HashMap<>(settings);
            completed.put(URL, settings.get(URL).strip());
            completed.put(USERNAME, settings.get(USERNAME).strip());
            completed.put(ADDRESS_BOOK, book.url().toString());
            // Its own name, for pages to show instead of the address (see SyncViews.shownSettings).
            completed.put(ADDRESS_BOOK + NAME, shortName(book));
            completed.put(SYNC_COLLECTION, Boolean.toString(book.supportsSyncCollection()));
            List<DavCollectionInfo> calendars = calendars(transport, settings);
            choose(completed, calendars, "VEVENT", CALENDAR, CALENDAR_SYNC_COLLECTION, "calendar");
            choose(completed, calendars, "VTODO", TASK_LIST, TASK_LIST_SYNC_COLLECTION, "task list");
            return completed;
        } catch (DavAuthException e) {
            throw new InvalidInputException("secret", "the server does not accept this user name and password");
        } catch (DavException e) {
            throw new InvalidInputException("settings.url", "no CardDAV server found there: " + e.getMessage());
        }
    }

    /**
     * The account's calendars (CalDAV discovery from the same URL). An account without CalDAV still
     * syncs its contacts: no calendar is no error, unless one was named.
     */
    private List<DavCollectionInfo> calendars(DavTransport transport, Map<String, String> settings) {
        try {
            return new DavDiscovery(transport, DavCollectionKind.CALENDAR).discover(settings.get(URL).strip()).collections();
        } catch (DavException e) {
            for (String key : List.of(CALENDAR, TASK_LIST)) {
                if (Checks.clean(settings.get(key)) != null) {
                    throw new InvalidInputException("settings." + key, "no CalDAV calendars found: " + e.getMessage());
                }
            }
            return List.of();
        }
    }

    /** A server chooses its names: a long one is cut, so it cannot make the settings too long to store. */
    private static String shortName(DavCollectionInfo collection) {
        String name = collection.displayName().strip();
        return name.length() <= 100 ? name : name.substring(0, 100) + "…";
    }

    /**
     * The calendar for one component: the one named in {@code key} (URL, path or display name),
     * else the only one taking the component, else none (several and no choice: the user chooses;
     * appointments or tasks then stay off, contacts sync on). A name that matches none is a problem
     * on the field, listing the choices.
     */
    private static void choose(Map<String, String> completed, List<DavCollectionInfo> calendars, String component,
                               String key, String syncKey, String what) {
        String wanted = Checks.clean(completed.get(key));
        List<DavCollectionInfo> fitting = calendars.stream().filter(c -> c.takes(component)).toList();
        DavCollectionInfo chosen;
        if (wanted != null) {
            chosen = fitting.stream().filter(c -> c.url().toString().equals(wanted) || matches(c, wanted)
                            || wanted.equals(c.displayName())).findFirst()
                    .orElseThrow(() -> new InvalidInputException("settings." + key, "no " + what + " '" + wanted
                            + "' in the account (found: " + names(fitting) + ")"));
        } else if (fitting.size() == 1) {
            chosen = fitting.getFirst();
        } else {
            chosen = null;
        }
        if (chosen == null) {
            completed.remove(key);
            completed.remove(syncKey);
            completed.remove(key + NAME);
        } else {
            completed.put(key, chosen.url().toString());
            completed.put(key + NAME, shortName(chosen));
            completed.put(syncKey, Boolean.toString(chosen.supportsSyncCollection()));
        }
    }

    /**
     * A URL whose host Koppel may not reach is refused before any request, with the reason; the
     * transport checks again before every request (at run time, and after a redirect).
     */
    private void refuseUnreachable(String url) {
        String host;
        try {
            host = URI.create(url.contains("://") ? url : "https://" + url).getHost();
        } catch (IllegalArgumentException e) {
            return; // not a URL: discovery says so
        }
        if (host == null) {
            return;
        }
        try {
            davSettings.outbound().check(host);
        } catch (OutboundRefusedException e) {
            throw new InvalidInputException("settings.url", e.getMessage());
        } catch (UnknownHostException e) {
            throw new InvalidInputException("settings.url", "host " + host + " cannot be resolved");
        }
    }

    /**
     * The address book the user meant: the one the URL points at, else the one named in
     * {@code addressBook} (URL, path or display name), else the only one. Several and no choice is
     * a question back to the user, never a guess: a wrong guess would fill someone's other book.
     */
    private static DavCollectionInfo choose(java.util.List<DavCollectionInfo> books, String url, String wanted) {
        String urlPath = URI.create(url.contains("://") ? url : "https://" + url).getPath();
        for (DavCollectionInfo b : books) {
            if (matches(b, urlPath)) return b;
        }
        if (wanted != null) {
            return books.stream().filter(b -> b.url().toString().equals(wanted) || matches(b, wanted)
                            || wanted.equals(b.displayName())).findFirst()
                    .orElseThrow(() -> new InvalidInputException("settings.addressBook", "no address book '" + wanted
                            + "' in the account (found: " + names(books) + ")"));
        }
        if (books.size() == 1) return books.getFirst();
        throw new InvalidInputException(books.isEmpty() ? "settings.url" : "settings.addressBook", books.isEmpty()
                ? "the account has no address book" : "the account has several address books; choose one of " + names(books));
    }

    private static boolean matches(DavCollectionInfo book, String path) {
        String bookPath = book.url().getPath();
        return path != null && !path.isEmpty() && (bookPath.equals(path) || bookPath.equals(path + "/"));
    }

    private static java.util.List<String> names(java.util.List<DavCollectionInfo> books) {
        return books.stream().map(b -> b.displayName() == null ? b.url().getPath() : b.displayName() + " (" + b.url().getPath() + ")").toList();
    }
}
