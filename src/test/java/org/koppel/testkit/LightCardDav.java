package org.koppel.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A light CardDAV server for load benchmarks: many users' address books in memory, on loopback, serving only what
 * Koppel's CardDAV connector sends ({@code connector/dav}, {@code connector/carddav}), at a cost per request far
 * below Koppel's own. The real server of the contract and sync tests is Radicale ({@link Radicale}), and stays so:
 * this is a stand-in, checked only by the benchmark it serves. Radicale would keep up with the pulls themselves (an
 * unchanged sync-collection REPORT cost it 1.2 ms of CPU, 336 a second one after another, here), but not with
 * setting up 10,000 accounts and their first 30,000 cards (10 ms per PUT into an empty address book, 100 ms and more
 * as a book fills, docs/benchmarks.md "contacts"), and its Python process would share the two cores with Koppel
 * at a cost the benchmark could not tell apart from Koppel's (see docs/benchmarks.md, "scale").
 *
 * <p>Users {@code u0}, {@code u1}, ... ({@link #addUsers}), each with one address book {@code /<user>/book/} and a
 * principal {@code /<user>/}; every request needs the user's Basic credentials (RFC 7617) and may only touch the
 * user's own paths (else 401, or 403 for another user's path). What it does, and where that comes from:
 * <ul>
 *   <li>PROPFIND Depth 0 and 1 (RFC 4918 §9.1) with named properties only: {@code current-user-principal}
 *       (RFC 5397 §3) on every resource, {@code addressbook-home-set} on the principal (RFC 6352 §7.1.1),
 *       {@code resourcetype} (addressbook, RFC 6352 §5.2), {@code displayname}, {@code sync-token} (RFC 6578 §4),
 *       {@code supported-report-set} naming sync-collection and addressbook-multiget (RFC 3253 §3.1.5),
 *       CalendarServer's {@code getctag}, and {@code getetag} on cards. Any other property, such as
 *       {@code calendar-home-set} (no CalDAV here), comes back in a 404 propstat (RFC 4918 §9.1.2).</li>
 *   <li>REPORT sync-collection (RFC 6578 §3.2): an empty token lists every card (§3.4); a token lists the cards
 *       changed since (200 with the ETag, §3.5.1) and removed since (404 without propstat, §3.5.2), so an unchanged
 *       address book answers with no member at all; an unknown token fails the {@code DAV:valid-sync-token}
 *       precondition with 403 (§3.2). The token is a URI naming the book's change counter.</li>
 *   <li>REPORT addressbook-multiget (RFC 6352 §8.7): each href's ETag and {@code address-data}, or a 404
 *       response for a card that is not there.</li>
 *   <li>GET of a card (200 with its ETag, else 404).</li>
 *   <li>PUT with {@code If-None-Match: *} (create only, RFC 6352 §6.3.2, RFC 7232 §3.2) or {@code If-Match}
 *       (replace only that version, RFC 7232 §3.1); a failed condition is 412. The answer carries the new strong
 *       ETag (RFC 6352 §6.3.2.3: the card is stored as sent).</li>
 *   <li>DELETE, with {@code If-Match} checked (412), 404 for a card that is not there (RFC 4918 §9.6).</li>
 * </ul>
 * No TLS, no redirects (Koppel's connection URL is the address book itself), no truncated (507) answers.
 * Every PUT is told to the {@link #onPut listener} with its arrival time and the card's text, so a benchmark can
 * time when an edit reached the peer. Requests run on virtual threads.
 */
public final class LightCardDav implements AutoCloseable {

    /** One card as a PUT brought it, at {@code nanos} ({@link System#nanoTime()}). */
    public record Put(String user, String href, String card, long nanos) {
    }

    private static final String TOKEN_PREFIX = "http://light-carddav.invalid/sync/";
    private static final String XML = "application/xml; charset=utf-8";
    private static final String NS = " xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\""
            + " xmlns:cs=\"http://calendarserver.org/ns/\"";
    private static final Pattern PROP_NAME = Pattern.compile("<(?:[\\w-]+:)?([\\w-]+)\\s*/>");
    private static final Pattern SYNC_TOKEN = Pattern.compile("<(?:[\\w-]+:)?sync-token\\s*(?:/>|>([^<]*)<)");
    private static final Pattern HREF = Pattern.compile("<(?:[\\w-]+:)?href>([^<]*)<");
    /** The properties this server has, with their namespace prefix in {@link #NS}. */
    private static final Map<String, String> PREFIX = Map.ofEntries(Map.entry("current-user-principal", "d"),
            Map.entry("addressbook-home-set", "c"), Map.entry("resourcetype", "d"), Map.entry("displayname", "d"),
            Map.entry("sync-token", "d"), Map.entry("supported-report-set", "d"), Map.entry("getctag", "cs"),
            Map.entry("getetag", "d"), Map.entry("getcontenttype", "d"));
    /** Namespaces of properties Koppel asks for and this server lacks, for their 404 propstat. */
    private static final Map<String, String> MISSING_NAMESPACE = Map.of("calendar-home-set",
            "urn:ietf:params:xml:ns:caldav", "supported-calendar-component-set", "urn:ietf:params:xml:ns:caldav");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private volatile Consumer<Put> onPut = put -> { };

    private LightCardDav(HttpServer server) {
        this.server = server;
    }

    /** A server on a free loopback port; close it after. */
    public static LightCardDav start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            var dav = new LightCardDav(server);
            server.createContext("/", dav::handle);
            server.setExecutor(dav.executor);
            server.start();
            return dav;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the light CardDAV server: " + e.getMessage(), e);
        }
    }

    /** Users {@code u<from>} to {@code u<to - 1>}, each with an empty address book. */
    public void addUsers(int from, int to) {
        for (int i = from; i < to; i++) {
            String user = user(i);
            books.putIfAbsent(user, new Book(user));
        }
    }

    public static String user(int number) {
        return "u" + number;
    }

    public static String password(String user) {
        return "pw-" + user;
    }

    /** The address book of a user, as Koppel's connection settings take it. */
    public URI addressBook(String user) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + user + "/book/");
    }

    /** Called on the request's thread for every PUT stored; keep it quick. */
    public void onPut(Consumer<Put> listener) {
        this.onPut = listener;
    }

    /** Requests answered so far, by method ("REPORT sync-collection" and "REPORT multiget" apart). */
    public Map<String, Long> requests() {
        var counts = new java.util.TreeMap<String, Long>();
        requests.forEach((what, n) -> counts.put(what, n.sum()));
        return counts;
    }

    public long requestTotal() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The cards in a user's address book. */
    public int cards(String user) {
        return book(user).size();
    }

    /** The address book's sync token now, as a sync-collection answer would give it. */
    public String syncToken(String user) {
        return TOKEN_PREFIX + book(user).version();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Book book(String user) {
        Book book = books.get(user);
        if (book == null) throw new IllegalArgumentException("no user " + user);
        return book;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Answer answer = answer(exchange, new String(body, StandardCharsets.UTF_8));
            if (answer.etag != null) exchange.getResponseHeaders().set("ETag", answer.etag);
            if (answer.status == 401) exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"light\"");
            byte[] out = answer.body == null ? new byte[0] : answer.body.getBytes(StandardCharsets.UTF_8);
            if (answer.body != null) exchange.getResponseHeaders().set("Content-Type", answer.contentType);
            exchange.sendResponseHeaders(answer.status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private record Answer(int status, String body, String contentType, String etag) {
        static Answer of(int status) {
            return new Answer(status, null, null, null);
        }

        static Answer xml(int status, String body) {
            return new Answer(status, body, XML, null);
        }
    }

    private Answer answer(HttpExchange exchange, String body) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String[] segments = path.substring(1).split("/", -1);
        String user = segments.length > 0 ? segments[0] : "";
        Book book = books.get(user);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String kind = method.equals("REPORT") ? (body.contains("sync-collection") ? "REPORT sync-collection"
                : "REPORT multiget") : method;
        requests.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (book == null || auth == null) return Answer.of(401);
        if (!auth.equals(book.authorization)) return Answer.of(401);
        // /<user>/ is the principal, /<user>/book/ the address book, /<user>/book/<name> a card.
        boolean principal = segments.length == 1 || (segments.length == 2 && segments[1].isEmpty());
        boolean collection = segments.length >= 2 && segments[1].equals("book")
                && (segments.length == 2 || (segments.length == 3 && segments[2].isEmpty()));
        String card = segments.length == 3 && segments[1].equals("book") && !segments[2].isEmpty() ? segments[2] : null;
        if (!principal && !collection && card == null) return Answer.of(404);
        String depth = exchange.getRequestHeaders().getFirst("Depth");
        return switch (method) {
            case "PROPFIND" -> propfind(book, principal, collection, card, "1".equals(depth), body);
            case "REPORT" -> {
                if (!collection) yield Answer.of(403);
                yield kind.equals("REPORT sync-collection") ? syncCollection(book, body) : multiget(book, body);
            }
            case "GET" -> {
                if (card == null) yield Answer.of(405);
                Book.Card c = book.get(card);
                yield c == null ? Answer.of(404) : new Answer(200, c.text, "text/vcard; charset=utf-8", c.etag);
            }
            case "PUT" -> card == null ? Answer.of(405) : put(exchange, book, card, body);
            case "DELETE" -> card == null ? Answer.of(403)
                    : Answer.of(book.delete(card, exchange.getRequestHeaders().getFirst("If-Match")));
            default -> Answer.of(405);
        };
    }

    private Answer put(HttpExchange exchange, Book book, String card, String body) {
        long nanos = System.nanoTime();
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        boolean createOnly = "*".equals(exchange.getRequestHeaders().getFirst("If-None-Match"));
        Book.Stored stored = book.put(card, body, ifMatch, createOnly);
        if (stored.status >= 300) return Answer.of(stored.status);
        onPut.accept(new Put(book.user, book.path + card, body, nanos));
        return new Answer(stored.status, null, null, stored.etag);
    }

    private Answer propfind(Book book, boolean principal, boolean collection, String card, boolean depthOne,
                            String body) {
        List<String> wanted = new ArrayList<>();
        int prop = body.indexOf("prop>");
        Matcher m = PROP_NAME.matcher(prop < 0 ? "" : body.substring(prop));
        while (m.find()) wanted.add(m.group(1));
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus").append(NS).append('>');
        if (principal) {
            response(xml, book.principal, wanted, principalProps(book));
            if (depthOne) response(xml, book.path, wanted, collectionProps(book));
        } else if (collection) {
            response(xml, book.path, wanted, collectionProps(book));
            if (depthOne) {
                for (var c : book.cards().entrySet()) response(xml, book.path + c.getKey(), wanted, cardProps(c.getValue()));
            }
        } else {
            Book.Card c = book.get(card);
            if (c == null) return Answer.of(404);
            response(xml, book.path + card, wanted, cardProps(c));
        }
        return Answer.xml(207, xml.append("</d:multistatus>").toString());
    }

    private Map<String, String> principalProps(Book book) {
        return Map.of("current-user-principal", href(book.principal), "addressbook-home-set", href(book.principal),
                "resourcetype", "<d:collection/><d:principal/>", "displayname", book.user);
    }

    private Map<String, String> collectionProps(Book book) {
        long version = book.version();
        return Map.of("current-user-principal", href(book.principal), "resourcetype", "<d:collection/><c:addressbook/>",
                "displayname", "Koppel", "sync-token", TOKEN_PREFIX + version, "getctag", "\"" + version + "\"",
                "supported-report-set", "<d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>"
                        + "<d:supported-report><d:report><c:addressbook-multiget/></d:report></d:supported-report>");
    }

    private static Map<String, String> cardProps(Book.Card card) {
        return Map.of("getetag", escape(card.etag), "resourcetype", "", "getcontenttype", "text/vcard; charset=utf-8");
    }

    private static String href(String path) {
        return "<d:href>" + path + "</d:href>";
    }

    /** One response: the asked properties it has in a 200 propstat, the others in a 404 one (RFC 4918 §9.1.2). */
    private static void response(StringBuilder xml, String href, List<String> wanted, Map<String, String> has) {
        xml.append("<d:response>").append(href(href));
        var found = new StringBuilder();
        var missing = new StringBuilder();
        for (String name : wanted) {
            String value = has.get(name);
            if (value != null) {
                String p = PREFIX.get(name) + ":" + name;
                found.append('<').append(p).append('>').append(value).append("</").append(p).append('>');
            } else {
                missing.append("<x:").append(name).append(" xmlns:x=\"").append(MISSING_NAMESPACE.getOrDefault(name, "DAV:"))
                        .append("\"/>");
            }
        }
        if (!found.isEmpty()) {
            xml.append("<d:propstat><d:prop>").append(found).append("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>");
        }
        if (!missing.isEmpty()) {
            xml.append("<d:propstat><d:prop>").append(missing)
                    .append("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>");
        }
        xml.append("</d:response>");
    }

    private Answer syncCollection(Book book, String body) {
        Matcher m = SYNC_TOKEN.matcher(body);
        String token = m.find() && m.group(1) != null ? m.group(1).strip() : "";
        long since;
        if (token.isEmpty()) {
            since = -1;
        } else {
            try {
                since = token.startsWith(TOKEN_PREFIX) ? Long.parseLong(token.substring(TOKEN_PREFIX.length())) : -2;
            } catch (NumberFormatException e) {
                since = -2;
            }
            if (since < 0 || since > book.version()) {
                return Answer.xml(403, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\">"
                        + "<d:valid-sync-token/></d:error>");
            }
        }
        Book.Changes changes = book.changesSince(since);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus").append(NS).append('>');
        changes.changed.forEach((name, etag) -> xml.append("<d:response>").append(href(book.path + name))
                .append("<d:propstat><d:prop><d:getetag>").append(escape(etag))
                .append("</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"));
        changes.removed.forEach(name -> xml.append("<d:response>").append(href(book.path + name))
                .append("<d:status>HTTP/1.1 404 Not Found</d:status></d:response>"));
        xml.append("<d:sync-token>").append(TOKEN_PREFIX).append(changes.version).append("</d:sync-token></d:multistatus>");
        return Answer.xml(207, xml.toString());
    }

    private Answer multiget(Book book, String body) {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus").append(NS).append('>');
        Matcher m = HREF.matcher(body);
        while (m.find()) {
            String href = m.group(1).strip();
            String name = href.startsWith(book.path) ? href.substring(book.path.length()) : null;
            Book.Card c = name == null ? null : book.get(name);
            xml.append("<d:response>").append(href(escape(href)));
            if (c == null) {
                xml.append("<d:status>HTTP/1.1 404 Not Found</d:status>");
            } else {
                xml.append("<d:propstat><d:prop><d:getetag>").append(escape(c.etag)).append("</d:getetag><c:address-data>")
                        .append(escape(c.text)).append("</c:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>");
            }
            xml.append("</d:response>");
        }
        return Answer.xml(207, xml.append("</d:multistatus>").toString());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** One user's address book: cards by name, each stamped with the change counter's value when it last changed. */
    private static final class Book {

        record Card(String text, String etag, long version) {
        }

        record Stored(int status, String etag) {
        }

        record Changes(Map<String, String> changed, List<String> removed, long version) {
        }

        final String user;
        final String principal;
        final String path;
        final String authorization;
        private final Map<String, Card> cards = new LinkedHashMap<>();
        private final Map<String, Long> removed = new LinkedHashMap<>();
        private long version;

        Book(String user) {
            this.user = user;
            this.principal = "/" + user + "/";
            this.path = principal + "book/";
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user))
                    .getBytes(StandardCharsets.UTF_8));
        }

        synchronized long version() {
            return version;
        }

        synchronized int size() {
            return cards.size();
        }

        synchronized Card get(String name) {
            return cards.get(name);
        }

        synchronized Map<String, Card> cards() {
            return new LinkedHashMap<>(cards);
        }

        synchronized Stored put(String name, String text, String ifMatch, boolean createOnly) {
            Card current = cards.get(name);
            if (createOnly && current != null) return new Stored(412, null);
            if (ifMatch != null && (current == null || !matches(ifMatch, current.etag))) return new Stored(412, null);
            version++;
            String etag = "\"" + version + "\"";
            cards.put(name, new Card(text, etag, version));
            removed.remove(name);
            return new Stored(current == null ? 201 : 204, etag);
        }

        synchronized int delete(String name, String ifMatch) {
            Card current = cards.get(name);
            if (current == null) return 404;
            if (ifMatch != null && !matches(ifMatch, current.etag)) return 412;
            version++;
            cards.remove(name);
            removed.put(name, version);
            return 204;
        }

        synchronized Changes changesSince(long since) {
            var changed = new LinkedHashMap<String, String>();
            cards.forEach((name, card) -> {
                if (card.version > since) changed.put(name, card.etag);
            });
            var gone = new ArrayList<String>();
            if (since >= 0) removed.forEach((name, at) -> {
                if (at > since) gone.add(name);
            });
            return new Changes(changed, gone, version);
        }

        private static boolean matches(String ifMatch, String etag) {
            String wanted = ifMatch.strip();
            return wanted.equals("*") || Set.of(wanted.split("\\s*,\\s*")).contains(etag);
        }
    }
}
