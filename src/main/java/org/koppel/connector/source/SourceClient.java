package org.koppel.connector.source;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.koppel.connector.BoundedBody;
import org.koppel.connector.PeerException;
import org.koppel.connector.SharedHttp;
import org.koppel.connector.RetryAfter;
import org.koppel.security.OutboundPolicy;
import org.koppel.security.OutboundRefusedException;
import org.koppel.security.PlainHttp;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A thin client of a source system's relations API (docs/source-system.md) over Spring's
 * {@link RestClient}: the office number and API key on every request, the outbound policy checked
 * before each one, answers read within limits ({@link BoundedBody}), and every status the contract
 * names turned into the typed failure the engine acts on (sync rule 12). It knows nothing of slots.
 *
 * <p>A 429, 503 or 504 is waited out per its Retry-After (else 1, 2, 4 s) inside the run, as the
 * Graph client does, while one request's waits stay within {@link #LONGEST_WAIT} and
 * {@link #ATTEMPTS}: a first import of thousands of relations then rides out a short throttle instead
 * of starting its listing over. Beyond that, and for other 5xx, the run ends with
 * {@link PeerException.Transient} and its Retry-After, and the scheduler comes back. The API key is
 * never logged nor put into a message.
 */
public final class SourceClient implements AutoCloseable {

    public static final String OFFICE_HEADER = "X-Office";
    public static final String KEY_HEADER = "X-Api-Key";
    /** The contract's largest page. */
    public static final int MAX_PAGE = 500;
    /** What a 401 says: the source does not tell which of the two was wrong, and the key is never shown. */
    public static final String REFUSED = "the office number or API key was refused by the source system";

    /**
     * An answer above this is refused: a page of 500 relations is well under a MiB, so this only stops
     * a broken proxy or a hostile endpoint from filling the heap.
     */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    /** The error code {@link #parse} gives an answer whose body is not JSON. */
    private static final String NOT_JSON = "not_json";
    /** The most one request waits for Retry-After inside a run, in total. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    /** The most times one request is sent while throttled. */
    static final int ATTEMPTS = 4;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** One page of the change list: relations in change order, the cursor after them, and whether more follow. */
    public record Page(List<JsonNode> relations, String cursor, boolean more) {
    }

    /** A relation as read or written, with its version (the ETag without quotes). */
    public record Versioned(JsonNode relation, String version) {
    }

    private record Answer(int status, String etag, String retryAfter, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String code() {
            return body.path("error").path("code").asString("");
        }

        /** The source's own {@code error.message}, for a rejected item's record. */
        String message() {
            String m = body.path("error").path("message").asString("");
            return m.isBlank() ? "HTTP " + status : m;
        }
    }

    private final URI base;
    private final String office;
    private final String apiKey;
    private final OutboundPolicy outbound;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient jdk;
    private final RestClient http;
    /** Set by {@link #close}: the shared client stays open, this peer's use of it ends. */
    private volatile boolean closed;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param baseUrl the source's API base, e.g. https://dossier.example.nl/api/v1; https, or http to loopback
     *                where the outbound policy allows loopback ({@link PlainHttp})
     * @throws PeerException.Configuration a base URL Koppel may not send the key to
     */
    public SourceClient(URI baseUrl, String office, String apiKey, OutboundPolicy outbound, ObjectMapper json,
                        Clock clock) {
        String b = baseUrl.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.office = office;
        this.apiKey = apiKey;
        this.outbound = outbound;
        this.json = json;
        this.clock = clock;
        refusePlainHttp();
        // The JDK client: it sends PATCH, which HttpURLConnection (Spring's plain default) cannot; and it
        // follows no redirect, so the key never goes to a host other than the one checked.
        // Shared by every source connection (SharedHttp): the key goes with each request.
        this.jdk = SharedHttp.client("source", null, CONNECT_TIMEOUT);
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(READ_TIMEOUT);
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    /** Requests sent, answered or failed. */
    public long requests() {
        return requests.get();
    }

    /** Leaves the shared HTTP client open for the other connections ({@link SharedHttp}). */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * Relations changed after {@code cursor} (null: from the first change), at most {@code limit}.
     *
     * @throws PeerException.CursorExpired the source pruned its change log past the cursor
     */
    public Page changes(String cursor, int limit) {
        String query = "?limit=" + Math.min(limit, MAX_PAGE)
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        Answer a = send(HttpMethod.GET, "/relations" + query, null, null);
        if (a.status() == 400 && cursor != null && "bad_cursor".equals(a.code())) {
            // Not this source's cursor (the connection now points at another office or system): list afresh.
            throw new PeerException.CursorExpired("the source system does not know the stored cursor: " + a.message(), null);
        }
        if (!a.ok()) throw failure(a, "list changed relations");
        var relations = new ArrayList<JsonNode>();
        a.body().path("relations").forEach(relations::add);
        String next = a.body().path("cursor").asString(null);
        if (next == null) throw new PeerException.Configuration("the source system's change list has no cursor", null);
        return new Page(relations, next, a.body().path("more").asBoolean(false));
    }

    /** One relation; empty when the source does not know it or deleted it (404). */
    public Optional<Versioned> get(String id) {
        Answer a = send(HttpMethod.GET, "/relations/" + segment(id), null, null);
        if (a.status() == 404) return Optional.empty();
        if (!a.ok()) throw failure(a, "read relation " + id);
        return Optional.of(versioned(a));
    }

    /**
     * Changes the fields in {@code body} (and nothing else) of a relation still at {@code ifMatchVersion}.
     *
     * @throws PeerException.VersionMismatch the relation changed in the source since (412)
     * @throws PeerException.ItemRejected    the source refused the change (400, 409, 428), or the relation is
     *                                       gone (404)
     */
    public Versioned patch(String id, String ifMatchVersion, ObjectNode body) {
        Answer a = send(HttpMethod.PATCH, "/relations/" + segment(id), "\"" + ifMatchVersion + "\"", body);
        if (a.status() == 404) throw new PeerException.ItemRejected("relation " + id + " was deleted in the source", null);
        if (!a.ok()) throw failure(a, "update relation " + id);
        return versioned(a);
    }

    /** The source's own list of relation types, in its order. */
    public List<SourceRelationType> relationTypes() {
        Answer a = send(HttpMethod.GET, "/relation-types", null, null);
        if (!a.ok()) throw failure(a, "list relation types");
        var types = new ArrayList<SourceRelationType>();
        for (JsonNode t : a.body().path("relationTypes")) {
            types.add(new SourceRelationType(t.path("id").asString(""), t.path("name").asString("")));
        }
        return types;
    }

    private Versioned versioned(Answer a) {
        String version = a.etag() == null ? null : a.etag().strip().replaceFirst("^W/", "").replace("\"", "");
        if (version == null || version.isEmpty()) version = a.body().path("version").asString("");
        return new Versioned(a.body(), version);
    }

    /** The typed failure of an unwanted answer (the contract's error table). */
    private PeerException failure(Answer a, String what) {
        String doing = "the source system could not " + what + ": ";
        return switch (a.status()) {
            case 401 -> new PeerException.AuthExpired(REFUSED, null);
            case 410 -> new PeerException.CursorExpired(doing + a.message(), null);
            case 412 -> new PeerException.VersionMismatch(doing + a.message(), null);
            case 400, 409, 428 -> new PeerException.ItemRejected(doing + a.message(), null);
            case 404 -> new PeerException.Configuration(doing + "no such resource at " + base
                    + "; is the URL the source's API base?", null);
            default -> a.status() == 429 || a.status() >= 500
                    ? new PeerException.Transient(doing + a.message() + " (HTTP " + a.status() + ")",
                    RetryAfter.parse(a.retryAfter(), clock).orElse(null), null)
                    : new PeerException.Configuration(doing + "HTTP " + a.status() + " " + a.message(), null);
        };
    }

    /**
     * Sends, waiting out throttling within the limits. A PATCH is safe to send again: its If-Match
     * makes a second copy of one that did land a 412, which the engine reads and merges.
     */
    private Answer send(HttpMethod method, String pathAndQuery, String ifMatch, JsonNode body) {
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            Answer a = sendOnce(method, pathAndQuery, ifMatch, body);
            if (!(a.status() == 429 || a.status() == 503 || a.status() == 504) || attempt >= ATTEMPTS) return a;
            Duration wait = RetryAfter.parse(a.retryAfter(), clock).orElse(Duration.ofSeconds(1L << (attempt - 1)));
            if (waited.plus(wait).compareTo(LONGEST_WAIT) > 0) return a;
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return a;
            }
            waited = waited.plus(wait);
        }
    }

    private Answer sendOnce(HttpMethod method, String pathAndQuery, String ifMatch, JsonNode body) {
        if (closed) throw new PeerException.Transient("the connection to the source system was closed", null, null);
        URI uri = URI.create(base + pathAndQuery);
        refuseUnreachable(uri);
        requests.incrementAndGet();
        try {
            RestClient.RequestBodySpec spec = http.method(method).uri(uri).headers(h -> {
                h.set(OFFICE_HEADER, office);
                h.set(KEY_HEADER, apiKey);
                h.setAccept(List.of(MediaType.APPLICATION_JSON));
                if (ifMatch != null) h.set("If-Match", ifMatch);
            });
            if (body != null) spec = spec.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
            Answer answer = spec.exchange((request, response) -> {
                try (BoundedBody bounded = BoundedBody.of(response.getBody(),
                        new BoundedBody.Limits(MAX_BODY_BYTES, IDLE_TIMEOUT, READ_TIMEOUT))) {
                    var headers = response.getHeaders();
                    return new Answer(response.getStatusCode().value(), headers.getFirst("ETag"),
                            headers.getFirst("Retry-After"), parse(bounded.readAllBytes()));
                }
            }, true);
            if (answer.ok() && answer.body().path("error").path("code").asString("").equals(NOT_JSON)) {
                // A success whose body is garbled or cut off (a proxy, a dropped connection) tells nothing:
                // read as data, a listing would have no cursor (a run refused for good) and a read or a
                // PATCH's answer would be a relation of no fields. Tried again, as any network failure.
                throw new PeerException.Transient("the source system at " + base.getHost() + " answered " + method
                        + " " + uri.getPath() + " with a body that is not JSON", null, null);
            }
            return answer;
        } catch (ResourceAccessException | UncheckedIOException e) {
            String why = e.getCause() instanceof HttpTimeoutException ? "timed out"
                    : e.getCause() instanceof BoundedBody.TooLarge tooLarge ? tooLarge.getMessage()
                    : "could not be reached (" + e.getCause() + ")";
            throw new PeerException.Transient("the source system at " + base.getHost() + " " + why, null, e);
        }
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) return MissingNode.getInstance();
        try {
            return json.readTree(bytes);
        } catch (JacksonException notJson) {
            // An HTML page from a proxy, say: the status says enough; the page never goes into a message.
            return json.createObjectNode().set("error", json.createObjectNode()
                    .put("code", NOT_JSON).put("message", "the answer was not JSON"));
        }
    }

    /** Checked before every request: what a name resolves to may change after setup. */
    private void refuseUnreachable(URI uri) {
        try {
            outbound.check(uri.getHost());
        } catch (OutboundRefusedException e) {
            throw new PeerException.Configuration("the source system's URL is refused: " + e.getMessage(), e);
        } catch (UnknownHostException e) {
            throw new PeerException.Transient("the source system's host " + uri.getHost() + " cannot be resolved", null, e);
        }
    }

    private void refusePlainHttp() {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) return;
        if (!scheme.equals("http") || base.getHost() == null) {
            throw new PeerException.Configuration("the source system's URL is not an http(s) URL: " + base, null);
        }
        if (!PlainHttp.allowed(base.getHost(), outbound)) {
            throw new PeerException.Configuration("refusing to send the API key over plain http to " + base.getHost()
                    + "; use https", null);
        }
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
