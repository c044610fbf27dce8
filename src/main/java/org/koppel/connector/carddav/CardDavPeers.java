package org.koppel.connector.carddav;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

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
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.security.OutboundPolicy;
import org.koppel.security.OutboundRefusedException;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code carddav}: iCloud, Google, Nextcloud, Fastmail, SOGo, Radicale. Settings:
 * {@code url} (an address book URL, a server URL or only a host), {@code username}, and optionally
 * {@code addressBook}; the secret is the (app) password. Setup finds the address book by RFC 6764
 * discovery and remembers whether the server offers sync-collection.
 */
@Component
public class CardDavPeers implements PeerFactory {

    static final String URL = "url";
    static final String USERNAME = "username";
    static final String ADDRESS_BOOK = "addressBook";
    static final String SYNC_COLLECTION = "syncCollection";

    private final ObjectMapper json;
    private final DavSettings davSettings;

    public CardDavPeers(ObjectMapper json, OutboundPolicy outbound) {
        this.json = json;
        this.davSettings = DavSettings.defaults().withOutbound(outbound);
    }

    @Override
    public String type() {
        return "carddav";
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        Map<String, String> s = connection.settings();
        DavCollectionClient client = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, URI.create(s.get(ADDRESS_BOOK)),
                new DavCredentials(s.get(USERNAME), secret), davSettings);
        return new CardDavContactPeer(client, Boolean.parseBoolean(s.get(SYNC_COLLECTION)), json);
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
            completed.put(SYNC_COLLECTION, Boolean.toString(book.supportsSyncCollection()));
            return completed;
        } catch (DavAuthException e) {
            throw new InvalidInputException("secret", "the server does not accept this user name and password");
        } catch (DavException e) {
            throw new InvalidInputException("settings.url", "no CardDAV server found there: " + e.getMessage());
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
