package org.koppel.connector.graph;

import org.koppel.connector.AccessTokens;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.koppel.connector.BoundedBody;
import org.koppel.connector.PeerException;
import org.koppel.connector.SharedHttp;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A thin client of Microsoft Graph v1.0 over Spring's {@link RestClient}: bearer tokens, the
 * mailbox's concurrency gate, Retry-After, and JSON batches. It knows nothing of contacts.
 *
 * <ul>
 * <li>401: the token is renewed once ({@link AccessTokens#renew}) and the request repeated; a second
 * 401 is {@link PeerException.AuthExpired}.</li>
 * <li>429, 503, 504: waited out per Retry-After (else 1, 2, 4 s) inside the run while the waits of
 * one request stay within {@link Options#longestWait()} and {@link Options#attempts()}; beyond that
 * the run ends with {@link PeerException.Transient} carrying the Retry-After, so the scheduler comes
 * back then. Guidance: "Microsoft Graph throttling guidance" (https://learn.microsoft.com/graph/throttling).</li>
 * <li>Every request holds permits of the mailbox's {@link MailboxGate} while in flight.</li>
 * </ul>
 * Two counts are kept: {@link #httpRequests()} (round trips) and {@link #mailboxRequests()} (what
 * Outlook counts against its 10,000 requests per 10 minutes: each request inside a batch counts on
 * its own, "Requests in a batch are evaluated individually against the applicable throttling
 * limits", https://learn.microsoft.com/graph/json-batching#batch-size-limitations).
 *
 * <p>Tokens are never logged nor put into exception messages.
 */
public final class GraphClient {

    /** JSON batches hold at most 20 requests (https://learn.microsoft.com/graph/json-batching). */
    public static final int BATCH_LIMIT = 20;
    /**
     * An answer above this is refused: a page of 200 contacts or a batch of 20 is some hundred KiB,
     * so this only stops a broken proxy or a hostile endpoint from filling the heap.
     */
    static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

    /**
     * @param longestWait the most one request waits for Retry-After inside a run, in total
     * @param attempts    the most times one request is sent while throttled
     * @param pageSize    {@code Prefer: odata.maxpagesize} for delta pages
     * @param readTimeout how long one answer may take, headers and body; the simulation shortens it to
     *                    inject timeouts quickly
     * @param idleTimeout the longest pause while a body streams in: a body that trickles fails early
     */
    public record Options(Duration longestWait, int attempts, int pageSize, Clock clock, Duration readTimeout,
                          Duration idleTimeout) {
        public Options(Duration longestWait, int attempts, int pageSize, Clock clock) {
            this(longestWait, attempts, pageSize, clock, Duration.ofSeconds(100), Duration.ofSeconds(30));
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), 4, 200, Clock.systemUTC());
        }

        public Options withPageSize(int size) {
            return new Options(longestWait, attempts, size, clock, readTimeout, idleTimeout);
        }

        public Options withLongestWait(Duration wait) {
            return new Options(wait, attempts, pageSize, clock, readTimeout, idleTimeout);
        }

        /** The whole answer's deadline; the idle timeout never exceeds it. */
        public Options withReadTimeout(Duration timeout) {
            return new Options(longestWait, attempts, pageSize, clock, timeout,
                    idleTimeout.compareTo(timeout) > 0 ? timeout : idleTimeout);
        }

        public Options withIdleTimeout(Duration idle) {
            return new Options(longestWait, attempts, pageSize, clock, readTimeout, idle);
        }
    }

    /** A list in pieces of at most {@link #BATCH_LIMIT}, one JSON batch each. */
    public static <T> List<List<T>> chunks(List<T> all) {
        var chunks = new ArrayList<List<T>>();
        for (int from = 0; from < all.size(); from += BATCH_LIMIT) {
            chunks.add(all.subList(from, Math.min(from + BATCH_LIMIT, all.size())));
        }
        return chunks;
    }

    /** One request of a JSON batch; {@code url} is relative to the version, e.g. {@code /me/contacts/{id}}. */
    public record BatchRequest(String method, String url, Map<String, String> headers, JsonNode body) {
        public static BatchRequest get(String url) {
            return new BatchRequest("GET", url, Map.of(), null);
        }
    }

    private final URI base;
    private final AccessTokens tokens;
    private final MailboxGate gate;
    private final ObjectMapper json;
    private final Options options;
    private final RestClient http;
    private final HttpClient jdk;
    /** Set by {@link #close}: the shared client stays open, this peer's use of it ends. */
    private volatile boolean closed;
    private final AtomicLong httpRequests = new AtomicLong();
    private final AtomicLong mailboxRequests = new AtomicLong();

    /**
     * @param graphBase  e.g. https://graph.microsoft.com/v1.0 ({@link MicrosoftAccounts#graphBaseUrl()})
     * @param mailboxKey names the mailbox for the shared concurrency gate (user id or principal name)
     */
    public GraphClient(URI graphBase, AccessTokens tokens, String mailboxKey) {
        this(graphBase, tokens, MailboxGate.of(graphBase.getHost() + "/" + mailboxKey), JsonMapper.builder().build(),
                Options.defaults());
    }

    public GraphClient(URI graphBase, AccessTokens tokens, MailboxGate gate, ObjectMapper json, Options options) {
        String b = graphBase.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.tokens = tokens;
        this.gate = gate;
        this.json = json;
        this.options = options;
        // The JDK client: it sends PATCH, which HttpURLConnection (Spring's plain default) cannot.
        // Shared by every Graph client (SharedHttp): the token goes with each request.
        this.jdk = SharedHttp.client("graph", null, Duration.ofSeconds(20));
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(options.readTimeout());
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    /**
     * Leaves the shared HTTP client open for the other mailboxes ({@link SharedHttp}): a stopped run's
     * exchange ends through the interrupt of its thread, or at its read timeout.
     */
    public void close() {
        closed = true;
    }

    public ObjectMapper json() {
        return json;
    }

    public Clock clock() {
        return options.clock();
    }

    public Options options() {
        return options;
    }

    /** HTTP round trips sent, each retry included. */
    public long httpRequests() {
        return httpRequests.get();
    }

    /** Requests as Outlook counts them for throttling: plain requests plus each request inside a batch. */
    public long mailboxRequests() {
        return mailboxRequests.get();
    }

    public GraphResponse get(String pathOrUrl, Map<String, String> headers) {
        return send("GET", pathOrUrl, headers, null);
    }

    /**
     * Sends one request, renewing the token once on 401 and waiting out short throttling. Any other
     * answer is returned for the caller to judge (a 404 or 412 means something different per call).
     */
    public GraphResponse send(String method, String pathOrUrl, Map<String, String> headers, JsonNode body) {
        return sendCounted(method, resolve(pathOrUrl), headers, body, 1, !method.equals("POST"), MAX_BODY_BYTES, false);
    }

    /**
     * A GET whose successful answer is not JSON (a message's MIME: {@code /me/messages/{id}/$value}),
     * up to {@code maxBytes}: its bytes in {@link GraphResponse#raw()}. An error answer is read as JSON,
     * as for {@link #send}. A larger body is {@link PeerException.ItemRejected}: asking again would not
     * make it smaller.
     */
    public GraphResponse getBytes(String path, long maxBytes) {
        try {
            return sendCounted("GET", resolve(path), Map.of("Accept", "*/*"), null, 1, true, maxBytes, true);
        } catch (PeerException.Transient e) {
            if (e.getCause() != null && e.getCause().getCause() instanceof BoundedBody.TooLarge tooLarge) {
                throw new PeerException.ItemRejected("GET " + path + ": " + tooLarge.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Whether a throttled answer may be sent again. A 429 was refused unprocessed; a 503 or 504 may
     * come after Graph did the work, so a POST (a create) is not repeated then: a second create would
     * make a second contact. The next delta shows whether the first one exists, with its stamp.
     */
    private static boolean resendable(GraphResponse r, boolean idempotent) {
        return r.throttled() && (idempotent || r.status() == 429);
    }

    /**
     * Sends up to {@link #BATCH_LIMIT} requests as one JSON batch and returns their answers in the
     * order given. Requests answered 429/503/504 inside the batch (creates: 429 only) are sent again, in a smaller batch,
     * after the longest Retry-After among them, within the same limits as {@link #send}; those still
     * throttled then are returned as they are, for the caller to report per item.
     */
    public List<GraphResponse> batch(List<BatchRequest> requests) {
        if (requests.size() > BATCH_LIMIT) {
            throw new IllegalArgumentException("a JSON batch holds at most " + BATCH_LIMIT + " requests, not " + requests.size());
        }
        var answers = new ArrayList<GraphResponse>(java.util.Collections.nCopies(requests.size(), null));
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) pending.add(i);
        Duration waited = Duration.ZERO;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Map<Integer, GraphResponse> got = sendBatch(requests, pending);
            List<Integer> throttled = new ArrayList<>();
            Duration wait = Duration.ZERO;
            for (int index : pending) {
                GraphResponse r = got.get(index);
                if (r == null) {
                    throw new PeerException.Transient("Microsoft 365 left request " + index + " of a batch unanswered", null, null);
                }
                answers.set(index, r);
                if (resendable(r, !requests.get(index).method().equals("POST"))) {
                    throttled.add(index);
                    Duration asked = r.retryAfter(options.clock()).orElse(backoff(attempt));
                    if (asked.compareTo(wait) > 0) wait = asked;
                }
            }
            if (throttled.isEmpty() || attempt >= options.attempts() || waited.plus(wait).compareTo(options.longestWait()) > 0) {
                break;
            }
            sleep(wait);
            waited = waited.plus(wait);
            pending = throttled;
        }
        return answers;
    }

    /** Any number of requests, as JSON batches of {@link #BATCH_LIMIT} one after another; answers in the order given. */
    public List<GraphResponse> batchAll(List<BatchRequest> requests) {
        var answers = new ArrayList<GraphResponse>(requests.size());
        for (List<BatchRequest> chunk : chunks(requests)) answers.addAll(batch(chunk));
        return answers;
    }

    private Map<Integer, GraphResponse> sendBatch(List<BatchRequest> requests, List<Integer> indexes) {
        ObjectNode envelope = json.createObjectNode();
        ArrayNode list = envelope.putArray("requests");
        for (int index : indexes) {
            BatchRequest r = requests.get(index);
            ObjectNode one = list.addObject().put("id", Integer.toString(index)).put("method", r.method()).put("url", r.url());
            var headers = new LinkedHashMap<>(r.headers());
            if (r.body() != null) {
                headers.putIfAbsent("Content-Type", "application/json");
                one.set("body", r.body());
            }
            if (!headers.isEmpty()) {
                ObjectNode h = one.putObject("headers");
                headers.forEach(h::put);
            }
        }
        boolean idempotent = indexes.stream().noneMatch(i -> requests.get(i).method().equals("POST"));
        GraphResponse r = sendCounted("POST", resolve("/$batch"), Map.of(), envelope, indexes.size(), idempotent, MAX_BODY_BYTES, false);
        if (r.status() != 200) throw GraphErrors.failure(r, "run a batch of " + indexes.size() + " requests", options.clock());
        var answers = new HashMap<Integer, GraphResponse>();
        for (JsonNode one : r.body().path("responses")) {
            var headers = new HashMap<String, String>();
            one.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asString()));
            try {
                answers.put(Integer.parseInt(one.path("id").asString()), new GraphResponse(one.path("status").asInt(), headers, one.get("body")));
            } catch (NumberFormatException foreign) {
                // not one of ours: ignored
            }
        }
        return answers;
    }

    /** {@code graphRequests}: how many Outlook requests this HTTP request carries (a batch: its size). */
    private GraphResponse sendCounted(String method, URI uri, Map<String, String> headers, JsonNode body, int graphRequests,
                                      boolean idempotent, long maxBytes, boolean raw) {
        if (closed) throw new PeerException.Transient("the connection to Microsoft 365 was closed", null, null);
        String token = tokens.current();
        boolean renewed = false;
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            GraphResponse r = exchange(method, uri, headers, body, token, graphRequests, maxBytes, raw);
            if (r.status() == 401) {
                if (renewed) throw GraphErrors.failure(r, method + " " + uri.getPath(), options.clock());
                token = tokens.renew(token);
                renewed = true;
                continue;
            }
            if (!resendable(r, idempotent)) return r;
            Duration wait = r.retryAfter(options.clock()).orElse(backoff(attempt));
            if (attempt >= options.attempts() || waited.plus(wait).compareTo(options.longestWait()) > 0) return r;
            sleep(wait);
            waited = waited.plus(wait);
        }
    }

    private GraphResponse exchange(String method, URI uri, Map<String, String> headers, JsonNode body, String token,
                                   int graphRequests, long maxBytes, boolean raw) {
        int permits = gate.permitsFor(graphRequests);
        try {
            gate.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException.Transient("interrupted while waiting for the mailbox", null, e);
        }
        try {
            httpRequests.incrementAndGet();
            mailboxRequests.addAndGet(graphRequests);
            RestClient.RequestBodySpec spec = http.method(HttpMethod.valueOf(method)).uri(uri)
                    .headers(h -> {
                        h.setBearerAuth(token);
                        h.setAccept(List.of(MediaType.APPLICATION_JSON));
                        headers.forEach(h::set);
                    });
            if (body != null) {
                spec = spec.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
            }
            return spec.exchange((request, response) -> {
                var names = new HashMap<String, String>();
                response.getHeaders().forEach((name, values) -> {
                    if (!values.isEmpty()) names.put(name.toLowerCase(Locale.ROOT), values.getFirst());
                });
                // The request timeout ends at the headers; the body gets its own deadline and idle limit.
                try (BoundedBody bounded = BoundedBody.of(response.getBody(),
                        new BoundedBody.Limits(maxBytes, options.idleTimeout(), options.readTimeout()))) {
                    int status = response.getStatusCode().value();
                    byte[] bytes = bounded.readAllBytes();
                    if (raw && status >= 200 && status < 300) return new GraphResponse(status, names, null, bytes);
                    return new GraphResponse(status, names, parse(bytes));
                }
            }, true);
        } catch (ResourceAccessException | UncheckedIOException e) {
            if (e.getCause() instanceof HttpTimeoutException timeout) {
                throw new PeerException.Transient(method + " " + uri.getPath() + " to Microsoft 365 timed out: "
                        + timeout.getMessage(), null, e);
            }
            if (e.getCause() instanceof BoundedBody.TooLarge tooLarge) {
                throw new PeerException.Transient(method + " " + uri.getPath() + ": " + tooLarge.getMessage(), null, e);
            }
            throw new PeerException.Transient("Microsoft 365 could not be reached: " + e.getMessage(), null, e);
        } finally {
            gate.release(permits);
        }
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) return MissingNode.getInstance();
        try {
            return json.readTree(bytes);
        } catch (JacksonException notJson) {
            // An HTML error page from a proxy, say: keep the status, drop the body. Not even its start
            // goes into the message: run reports must not show pages of whatever answered.
            ObjectNode envelope = json.createObjectNode();
            envelope.putObject("error").put("code", "notJson").put("message", "the answer was not JSON");
            return envelope;
        }
    }

    /**
     * A path relative to the Graph base ("/me/contacts"), or an absolute nextLink / deltaLink used
     * verbatim, but only on the base's origin: a link elsewhere would carry the mailbox's token there.
     */
    URI resolve(String pathOrUrl) {
        if (pathOrUrl.startsWith("https://") || pathOrUrl.startsWith("http://")) {
            URI link = URI.create(pathOrUrl);
            if (!origin(link).equals(origin(base))) {
                throw new PeerException.Configuration("Microsoft 365 sent a link to another host (" + origin(link)
                        + "); not followed", null);
            }
            return link;
        }
        return URI.create(base + (pathOrUrl.startsWith("/") ? "" : "/") + pathOrUrl);
    }

    private static String origin(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT) + "://"
                + String.valueOf(url.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static Duration backoff(int attempt) {
        return Duration.ofSeconds(1L << Math.min(attempt - 1, 5));
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException.Transient("interrupted while waiting for Microsoft 365", null, e);
        }
    }

}
