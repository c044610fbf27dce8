package org.koppel.connector.google;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.BoundedBody;
import org.koppel.connector.PeerException;
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
 * A thin client of the People API v1 contact calls over Spring's {@link RestClient}: bearer tokens,
 * answers read within limits ({@link BoundedBody}), no redirects (the JDK client follows none, so a
 * token never goes to another host), plain http only to loopback (the Google fake), and Google's
 * errors (https://cloud.google.com/apis/design/errors) turned into the typed failures of sync rule 12.
 * It knows nothing of slots.
 *
 * <ul>
 * <li>401: the token is renewed once ({@link AccessTokens#renew}) and the request repeated; a second
 * 401 is {@link PeerException.AuthExpired}.</li>
 * <li>403 with too few scopes ({@code ACCESS_TOKEN_SCOPE_INSUFFICIENT}, {@code error="insufficient_scope"}):
 * {@link PeerException.PermissionMissing}, a sign-in to renew; any other 403 (the API not enabled for
 * the app, say) is {@link PeerException.Configuration}.</li>
 * <li>410 {@code EXPIRED_SYNC_TOKEN} ("Sync tokens expire 7 days after the full sync",
 * https://developers.google.com/people/api/rest/v1/people.connections/list; the guide's sample keys on 410,
 * https://developers.google.com/people/v1/contacts#list_the_users_contacts_that_have_changed):
 * {@link PeerException.CursorExpired}, so the engine lists everything and reconciles against its links.</li>
 * <li>429 RESOURCE_EXHAUSTED, 500, 503: waited out inside the run per Retry-After, else by Google's
 * truncated exponential backoff, "wait 1 + random_number_milliseconds, 2 + ..., 4 + ..." with at most
 * 1000 random milliseconds (the Workspace APIs' usage-limits pages, "Resolve time-based quota errors",
 * e.g. https://developers.google.com/meet/api/guides/limits and https://developers.google.com/drive/api/guides/limits),
 * while one request's waits stay within {@link Options#longestWait()} and {@link Options#attempts()};
 * beyond that {@link PeerException.Transient} with the Retry-After ends the run and the scheduler comes
 * back. A createContact is sent again after 429 only: after a 5xx it may have landed, and the next
 * listing shows it with its stamp.</li>
 * </ul>
 * Tokens are never logged nor put into messages.
 */
public final class PeopleClient implements AutoCloseable {

    /** people.getBatchGet takes at most 200 resource names (https://developers.google.com/people/api/rest/v1/people/getBatchGet). */
    public static final int BATCH_GET_LIMIT = 200;
    /** connections.list: "Valid values are between 1 and 1000, inclusive." */
    public static final int MAX_PAGE = 1000;
    /** A page of 1000 people is a few MiB at most; this only stops a broken proxy from filling the heap. */
    static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

    /**
     * @param longestWait the most one request waits for Retry-After or backoff inside a run, in total
     * @param attempts    the most times one request is sent while throttled
     * @param pageSize    connections.list's pageSize
     */
    public record Options(Duration longestWait, int attempts, int pageSize, Clock clock, Duration readTimeout,
                          Duration idleTimeout) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), 4, MAX_PAGE, Clock.systemUTC(), Duration.ofSeconds(90),
                    Duration.ofSeconds(30));
        }

        public Options withPageSize(int size) {
            return new Options(longestWait, attempts, size, clock, readTimeout, idleTimeout);
        }

        public Options withLongestWait(Duration wait) {
            return new Options(wait, attempts, pageSize, clock, readTimeout, idleTimeout);
        }

        public Options withAttempts(int n) {
            return new Options(longestWait, n, pageSize, clock, readTimeout, idleTimeout);
        }

        public Options withReadTimeout(Duration timeout) {
            return new Options(longestWait, attempts, pageSize, clock, timeout,
                    idleTimeout.compareTo(timeout) > 0 ? timeout : idleTimeout);
        }
    }

    /** One page of people.connections.list. */
    public record Page(List<JsonNode> people, String nextPageToken, String nextSyncToken) {
    }

    /** A People API answer: status, lower-case headers, JSON body (missing when empty). */
    record Answer(int status, Map<String, String> headers, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String canonical() {
            return body.path("error").path("status").asString("");
        }

        /** The ErrorInfo reason, or a legacy {@code errors[].reason} ("failedPrecondition"). */
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

        boolean throttled() {
            return status == 429 || status == 500 || status == 503;
        }
    }

    private final URI base;
    private final AccessTokens tokens;
    private final ObjectMapper json;
    private final Options options;
    private final HttpClient jdk;
    private final RestClient http;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param peopleBase https://people.googleapis.com ({@link GoogleAccounts#peopleBaseUrl()}); a base that
     *                   already ends in /v1 is taken as is
     * @throws PeerException.Configuration for a base a token may not be sent to
     */
    public PeopleClient(URI peopleBase, AccessTokens tokens, ObjectMapper json, Options options) {
        String b = peopleBase.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        this.base = URI.create(b.endsWith("/v1") ? b : b + "/v1");
        this.tokens = tokens;
        this.json = json;
        this.options = options;
        refusePlainHttp();
        // The JDK client: it sends PATCH (updateContact), which HttpURLConnection cannot, and follows no redirect.
        this.jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(options.readTimeout());
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    public Options options() {
        return options;
    }

    /** HTTP requests sent, each retry included: what Google counts against the quota. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        jdk.shutdownNow();
    }

    // ---- people.connections.list --------------------------------------------------------------

    /**
     * One page of the user's contacts (https://developers.google.com/people/api/rest/v1/people.connections/list).
     * With a sync token: what changed since, deleted contacts as a person with {@code metadata.deleted}.
     *
     * @throws PeerException.CursorExpired the sync token expired (410 EXPIRED_SYNC_TOKEN) or is not accepted
     */
    public Page list(String personFields, String pageToken, String syncToken, boolean requestSyncToken) {
        var q = new LinkedHashMap<String, String>();
        q.put("personFields", personFields);
        q.put("pageSize", Integer.toString(options.pageSize()));
        if (requestSyncToken) q.put("requestSyncToken", "true");
        if (syncToken != null) q.put("syncToken", syncToken);
        if (pageToken != null) q.put("pageToken", pageToken);
        Answer a = send(HttpMethod.GET, "/people/me/connections" + query(q), null, true);
        if (a.status() == 410 || (syncToken != null && a.status() == 400 && "EXPIRED_SYNC_TOKEN".equals(a.reason()))) {
            throw new PeerException.CursorExpired("Google's sync token expired (sync tokens last 7 days after a full sync)", null);
        }
        if (syncToken != null && a.status() == 400 && "INVALID_ARGUMENT".equals(a.canonical())) {
            // Not a token Google still takes (another account, other fields asked for): list afresh.
            throw new PeerException.CursorExpired("Google did not accept the stored sync token: " + a.message(), null);
        }
        if (!a.ok()) throw failure(a, "list contacts");
        var people = new ArrayList<JsonNode>();
        a.body().path("connections").forEach(people::add);
        return new Page(people, text(a.body(), "nextPageToken"), text(a.body(), "nextSyncToken"));
    }

    // ---- people.createContact, updateContact, deleteContact, getBatchGet ----------------------

    /** https://developers.google.com/people/api/rest/v1/people/createContact */
    public JsonNode create(ObjectNode person, String personFields) {
        Answer a = send(HttpMethod.POST, "/people:createContact" + query(Map.of("personFields", personFields)), person, false);
        if (!a.ok()) throw failure(a, "create a contact");
        return a.body();
    }

    /**
     * https://developers.google.com/people/api/rest/v1/people/updateContact: the fields named in
     * {@code updatePersonFields} are replaced whole, the others kept; {@code person} carries the etag read.
     *
     * @throws PeerException.VersionMismatch the contact changed since it was read (400 failedPrecondition), or
     *                                       was deleted (404)
     */
    public JsonNode update(String resourceName, ObjectNode person, String updatePersonFields, String personFields) {
        var q = new LinkedHashMap<String, String>();
        q.put("updatePersonFields", updatePersonFields);
        q.put("personFields", personFields);
        Answer a = send(HttpMethod.PATCH, "/" + resourceName + ":updateContact" + query(q), person, true);
        if (a.status() == 400 && ("FAILED_PRECONDITION".equals(a.canonical()) || "failedPrecondition".equals(a.reason()))) {
            throw new PeerException.VersionMismatch("the Google contact changed since it was read", null);
        }
        if (a.status() == 404) throw new PeerException.VersionMismatch("the Google contact was deleted meanwhile", null);
        if (!a.ok()) throw failure(a, "update a contact");
        return a.body();
    }

    /** https://developers.google.com/people/api/rest/v1/people/deleteContact; a contact already gone is fine. */
    public void delete(String resourceName) {
        Answer a = send(HttpMethod.DELETE, "/" + resourceName + ":deleteContact", null, true);
        if (a.ok() || a.status() == 404) return;
        throw failure(a, "delete a contact");
    }

    /** One contact (https://developers.google.com/people/api/rest/v1/people/get); null when gone. */
    public JsonNode get(String resourceName, String personFields) {
        Answer a = send(HttpMethod.GET, "/" + resourceName + query(Map.of("personFields", personFields)), null, true);
        if (a.status() == 404) return null;
        if (!a.ok()) throw failure(a, "read a contact");
        return a.body();
    }

    /**
     * Contacts by resource name, {@link #BATCH_GET_LIMIT} per request
     * (https://developers.google.com/people/api/rest/v1/people/getBatchGet); missing ones are absent.
     */
    public Map<String, JsonNode> batchGet(List<String> resourceNames, String personFields) {
        var found = new LinkedHashMap<String, JsonNode>();
        for (int from = 0; from < resourceNames.size(); from += BATCH_GET_LIMIT) {
            List<String> chunk = resourceNames.subList(from, Math.min(from + BATCH_GET_LIMIT, resourceNames.size()));
            StringBuilder q = new StringBuilder("?personFields=").append(encode(personFields));
            chunk.forEach(name -> q.append("&resourceNames=").append(encode(name)));
            Answer a = send(HttpMethod.GET, "/people:batchGet" + q, null, true);
            if (!a.ok()) throw failure(a, "read contacts");
            for (JsonNode r : a.body().path("responses")) {
                int status = r.path("httpStatusCode").asInt(200);
                JsonNode person = r.path("person");
                if (status == 200 && person.isObject()) found.put(person.path("resourceName").asString(r.path("requestedResourceName").asString()), person);
            }
        }
        return found;
    }

    // ---- sending ------------------------------------------------------------------------------

    /** The typed failure of an answer a call did not expect (the error model's canonical codes). */
    PeerException failure(Answer a, String what) {
        String doing = "Google could not " + what + ": ";
        if (a.status() == 401) return new PeerException.AuthExpired("Google no longer accepts this connection's sign-in; sign in to Google again", null);
        if (a.status() == 403) {
            boolean scope = "ACCESS_TOKEN_SCOPE_INSUFFICIENT".equals(a.reason())
                    || a.headers().getOrDefault("www-authenticate", "").contains("insufficient_scope");
            return scope ? new PeerException.PermissionMissing("this connection's Google sign-in does not allow Koppel to "
                    + "change contacts: sign in to Google again and allow access to Google Contacts")
                    : new PeerException.Configuration(doing + a.message() + " (HTTP 403)", null);
        }
        if (a.status() == 429 || a.status() >= 500) {
            return new PeerException.Transient(doing + a.message() + " (HTTP " + a.status() + ")",
                    RetryAfter.parse(a.headers().get("retry-after"), options.clock()).orElse(null), null);
        }
        if (a.status() == 400 || a.status() == 404 || a.status() == 409) {
            return new PeerException.ItemRejected(doing + a.message(), null);
        }
        return new PeerException.Configuration(doing + "HTTP " + a.status() + " " + a.message(), null);
    }

    /** Renews the token once on 401; waits out throttling within the limits; returns the rest to the caller. */
    private Answer send(HttpMethod method, String pathAndQuery, JsonNode body, boolean resendAfter5xx) {
        String token = tokens.current();
        boolean renewed = false;
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            Answer a = exchange(method, pathAndQuery, body, token);
            if (a.status() == 401) {
                if (renewed) throw failure(a, method + " " + pathAndQuery.replaceFirst("\\?.*", ""));
                token = tokens.renew(token);
                renewed = true;
                attempt--;
                continue;
            }
            if (!a.throttled() || (a.status() != 429 && !resendAfter5xx)) return a;
            Duration wait = RetryAfter.parse(a.headers().get("retry-after"), options.clock()).orElse(backoff(attempt));
            if (attempt >= options.attempts() || waited.plus(wait).compareTo(options.longestWait()) > 0) return a;
            sleep(wait);
            waited = waited.plus(wait);
        }
    }

    private Answer exchange(HttpMethod method, String pathAndQuery, JsonNode body, String token) {
        URI uri = URI.create(base + pathAndQuery);
        requests.incrementAndGet();
        try {
            RestClient.RequestBodySpec spec = http.method(method).uri(uri).headers(h -> {
                h.setBearerAuth(token);
                h.setAccept(List.of(MediaType.APPLICATION_JSON));
            });
            if (body != null) spec = spec.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
            return spec.exchange((request, response) -> {
                var headers = new LinkedHashMap<String, String>();
                response.getHeaders().forEach((name, values) -> {
                    if (!values.isEmpty()) headers.put(name.toLowerCase(Locale.ROOT), values.getFirst());
                });
                try (BoundedBody bounded = BoundedBody.of(response.getBody(),
                        new BoundedBody.Limits(MAX_BODY_BYTES, options.idleTimeout(), options.readTimeout()))) {
                    return new Answer(response.getStatusCode().value(), headers, parse(bounded.readAllBytes()));
                }
            }, true);
        } catch (ResourceAccessException | UncheckedIOException e) {
            String why = e.getCause() instanceof HttpTimeoutException ? "timed out"
                    : e.getCause() instanceof BoundedBody.TooLarge tooLarge ? tooLarge.getMessage()
                    : "could not be reached (" + e.getCause() + ")";
            throw new PeerException.Transient("Google's People API at " + base.getHost() + " " + why, null, e);
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
                    + (scheme.isEmpty() ? "an unknown scheme" : scheme) + "; the People API base must be https", null);
        }
    }

    private static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.isEmpty() ? '?' : '&').append(k).append('=').append(encode(v)));
        return b.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isString() && !v.stringValue().isEmpty() ? v.stringValue() : null;
    }
}
