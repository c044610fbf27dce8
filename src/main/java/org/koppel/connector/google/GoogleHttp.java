package org.koppel.connector.google;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.BoundedBody;
import org.koppel.connector.PeerException;
import org.koppel.connector.SharedHttp;
import org.koppel.connector.RetryAfter;
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
 * What every Google API client of Koppel does alike (People, Calendar, Tasks), over Spring's {@link RestClient}:
 * bearer tokens, answers read within limits ({@link BoundedBody}), no redirects (the JDK client follows none, so a
 * token never goes to another host), plain http only to loopback (the Google fake), a 401 renewing the token once,
 * and throttling waited out inside the run within {@link PeopleClient.Options}: Retry-After, else Google's truncated
 * exponential backoff ("wait 1 + random_number_milliseconds, 2 + ..., 4 + ...", the Workspace APIs' usage-limits
 * pages, e.g. https://developers.google.com/drive/api/guides/limits; the Calendar API's "Handle API errors" asks for
 * the same, https://developers.google.com/calendar/api/guides/errors). What an answer means is the API client's.
 * Tokens are never logged nor put into messages.
 */
final class GoogleHttp implements AutoCloseable {

    /** A page of 1000 people or 2500 events is a few MiB at most; this only stops a broken proxy from filling the heap. */
    static final long MAX_BODY_BYTES = 32L * 1024 * 1024;
    /**
     * The Calendar API's rate-limit refusals come as 403 too: "403: Rate limit exceeded" with reason
     * rateLimitExceeded or userRateLimitExceeded, "Suggested action: Use exponential backoff" ("Handle API errors").
     */
    private static final Set<String> RATE_LIMIT_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded");

    /** A Google API answer: status, lower-case headers, JSON body (missing when empty). */
    record Answer(int status, Map<String, String> headers, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String canonical() {
            return body.path("error").path("status").asString("");
        }

        /** The ErrorInfo reason, or a legacy {@code errors[].reason} ("failedPrecondition", "fullSyncRequired"). */
        String reason() {
            for (JsonNode d : body.path("error").path("details")) {
                if (d.hasNonNull("reason")) return d.get("reason").asString();
            }
            return body.path("error").path("errors").path(0).path("reason").asString("");
        }

        String message() {
            String m = body.path("error").path("message").asString("");
            return m.isBlank() ? "HTTP " + status : m;
        }

        /** 429, 500, 503, or a 403 for a rate limit: worth waiting for. */
        boolean throttled() {
            return status == 429 || status == 500 || status == 503 || rateLimited403();
        }

        boolean rateLimited403() {
            return status == 403 && RATE_LIMIT_REASONS.contains(reason());
        }

        /** Too few scopes for the call: a sign-in to renew. */
        boolean scopeMissing() {
            return status == 403 && ("ACCESS_TOKEN_SCOPE_INSUFFICIENT".equals(reason()) || "insufficientPermissions".equals(reason())
                    || headers.getOrDefault("www-authenticate", "").contains("insufficient_scope"));
        }
    }

    private final URI base;
    private final String api;
    private final AccessTokens tokens;
    private final ObjectMapper json;
    private final PeopleClient.Options options;
    private final HttpClient jdk;
    private final RestClient http;
    /** Set by {@link #close}: the shared client stays open, this peer's use of it ends. */
    private volatile boolean closed;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param api how a person calls the API ("People API"), for messages
     * @throws PeerException.Configuration for a base a token may not be sent to
     */
    GoogleHttp(URI base, String api, AccessTokens tokens, ObjectMapper json, PeopleClient.Options options) {
        this.base = base;
        this.api = api;
        this.tokens = tokens;
        this.json = json;
        this.options = options;
        refusePlainHttp();
        // The JDK client: it sends PATCH, which HttpURLConnection cannot, and follows no redirect.
        // Shared by every Google account (SharedHttp): the token goes with each request.
        this.jdk = SharedHttp.client("google", null, Duration.ofSeconds(20));
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(options.readTimeout());
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    PeopleClient.Options options() {
        return options;
    }

    long requests() {
        return requests.get();
    }

    /** Leaves the shared HTTP client open for the other accounts ({@link SharedHttp}). */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * Renews the token once on 401; waits out throttling within the limits (a request not safe to repeat after a
     * 5xx, a create, only after 429 or a rate-limit 403); returns the rest to the caller.
     */
    Answer send(HttpMethod method, String pathAndQuery, JsonNode body, Map<String, String> headers, boolean resendAfter5xx) {
        if (closed) throw new PeerException.Transient("the connection to Google was closed", null, null);
        String token = tokens.current();
        boolean renewed = false;
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            Answer a = exchange(method, pathAndQuery, body, headers, token);
            if (a.status() == 401) {
                if (renewed) return a;
                token = tokens.renew(token);
                renewed = true;
                attempt--;
                continue;
            }
            if (!a.throttled() || (a.status() >= 500 && !resendAfter5xx)) return a;
            Duration wait = RetryAfter.parse(a.headers().get("retry-after"), options.clock()).orElse(backoff(attempt));
            if (attempt >= options.attempts() || waited.plus(wait).compareTo(options.longestWait()) > 0) return a;
            sleep(wait);
            waited = waited.plus(wait);
        }
    }

    /** A throttled answer past the limits: the run ends and the scheduler comes back after Retry-After. */
    PeerException.Transient busy(Answer a, String what) {
        return new PeerException.Transient("Google could not " + what + ": " + a.message() + " (HTTP " + a.status() + ")",
                RetryAfter.parse(a.headers().get("retry-after"), options.clock()).orElse(null), null);
    }

    private Answer exchange(HttpMethod method, String pathAndQuery, JsonNode body, Map<String, String> extra, String token) {
        URI uri = URI.create(base + pathAndQuery);
        requests.incrementAndGet();
        try {
            RestClient.RequestBodySpec spec = http.method(method).uri(uri).headers(h -> {
                h.setBearerAuth(token);
                h.setAccept(List.of(MediaType.APPLICATION_JSON));
                extra.forEach(h::set);
            });
            if (body != null) spec = spec.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
            Answer answer = spec.exchange((request, response) -> {
                var headers = new LinkedHashMap<String, String>();
                response.getHeaders().forEach((name, values) -> {
                    if (!values.isEmpty()) headers.put(name.toLowerCase(Locale.ROOT), values.getFirst());
                });
                try (BoundedBody bounded = BoundedBody.of(response.getBody(),
                        new BoundedBody.Limits(MAX_BODY_BYTES, options.idleTimeout(), options.readTimeout()))) {
                    return new Answer(response.getStatusCode().value(), headers, parse(bounded.readAllBytes()));
                }
            }, true);
            if (answer.ok() && "NOT_JSON".equals(answer.canonical())) {
                // A success whose body is garbled or cut off tells nothing: read as data, a listing would be an
                // empty page (every link "gone"). Tried again, as any network failure.
                throw new PeerException.Transient("Google answered " + method + " " + uri.getPath() + " with a body that is not JSON", null, null);
            }
            return answer;
        } catch (ResourceAccessException | UncheckedIOException e) {
            String why = e.getCause() instanceof HttpTimeoutException ? "timed out"
                    : e.getCause() instanceof BoundedBody.TooLarge tooLarge ? tooLarge.getMessage()
                    : "could not be reached (" + e.getCause() + ")";
            throw new PeerException.Transient("Google's " + api + " at " + base.getHost() + " " + why, null, e);
        }
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) return MissingNode.getInstance();
        try {
            return json.readTree(bytes);
        } catch (JacksonException notJson) {
            // An HTML page from a proxy: the status says enough, and the page never goes into a message.
            ObjectNode envelope = json.createObjectNode();
            envelope.putObject("error").put("status", "NOT_JSON").put("message", "the answer was not JSON");
            return envelope;
        }
    }

    /** 2^(n-1) s plus up to 1000 random ms, as Google's usage-limits pages describe; truncated at 32 s. */
    static Duration backoff(int attempt) {
        return Duration.ofSeconds(1L << Math.min(attempt - 1, 5)).plusMillis(ThreadLocalRandom.current().nextInt(1001));
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException.Transient("interrupted while waiting for Google", null, e);
        }
    }

    private void refusePlainHttp() {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) return;
        if (!scheme.equals("http") || !PlainHttp.isLoopback(base.getHost())) {
            throw new PeerException.Configuration("refusing to send Google tokens to " + base.getHost() + " over "
                    + (scheme.isEmpty() ? "an unknown scheme" : scheme) + "; the " + api + " base must be https", null);
        }
    }

    /** A base URL without a trailing slash, with {@code version} appended unless it ends in it already. */
    static URI base(URI given, String version) {
        String b = given.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b.endsWith(version) ? b : b + version);
    }

    static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.isEmpty() ? '?' : '&').append(k).append('=').append(encode(v)));
        return b.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isString() && !v.stringValue().isEmpty() ? v.stringValue() : null;
    }
}
