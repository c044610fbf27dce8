package org.koppel.testkit.google;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Google stand-in on a loopback port: the People API's contact calls ({@link PeopleRoutes}) under {@code /v1},
 * as https://people.googleapis.com/v1, and Google's OAuth 2.0 endpoints ({@link FakeGoogleOAuth}) under
 * {@code /o/oauth2/v2/auth}, {@code /token} and {@code /revoke}; written from Google's published documents because
 * Google cannot run here. {@code docs/google.md} lists each behaviour with its page.
 *
 * <p>Every People API request needs {@code Authorization: Bearer <access token>} from the token endpoint (or
 * {@link FakeGoogleOAuth#issueAccessToken}); without a live one the answer is 401 UNAUTHENTICATED with a
 * {@code WWW-Authenticate: Bearer} challenge (RFC 6750 section 3, the scheme Google's APIs accept: "Calling Google
 * APIs", https://developers.google.com/identity/protocols/oauth2/web-server#callinganapi).
 *
 * <p>Test hooks play the user in Google Contacts ({@link #userCreates}, {@link #userEdits}, {@link #userDeletes})
 * and the service ({@link #throttleNext}, {@link #failNext}, {@link #expireSyncTokens}, {@link #advance}; latency in
 * {@link FakeGoogleSettings}); a log of every request served lets a test check what a client did.
 */
public final class FakeGoogle implements AutoCloseable {

    /** One request as served. */
    public record Served(Instant at, String user, String method, String path, String kind, int status) {
    }

    static {
        // as FakeGraph: the JDK server's Nagle stall on multi-write responses is the fake's, not Google's
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final FakeGoogleSettings settings;
    private final AtomicReference<Duration> skew = new AtomicReference<>(Duration.ZERO);
    private final FakeGoogleOAuth oauth;
    private final PeopleRoutes people;
    private final CalendarRoutes calendarRoutes = new CalendarRoutes();
    private final TasksRoutes tasksRoutes = new TasksRoutes();
    private final Map<String, FakeContacts> accounts = new ConcurrentHashMap<>();
    private final Map<String, FakeCalendar> calendars = new ConcurrentHashMap<>();
    private final Map<String, TasksRoutes.TaskList> taskLists = new ConcurrentHashMap<>();
    private final Map<String, UserQuota> quotas = new ConcurrentHashMap<>();
    private final List<Served> log = new ArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private final String base;

    private FakeGoogle(FakeGoogleSettings settings) throws IOException {
        this.settings = settings;
        this.oauth = new FakeGoogleOAuth("fake-client.apps.googleusercontent.com", "fake-client-secret", settings, this::now);
        this.people = new PeopleRoutes(settings);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.base = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        server.createContext("/v1/", e -> handle(e, "/v1/", new Api(PeopleRoutes::kind, this::peopleRequest,
                status -> UserQuota.exhausted(), () -> GoogleResponse.invalidArgument("Invalid JSON payload received."),
                bug -> GoogleResponse.error(500, "INTERNAL", "fake failed: " + bug, null, null))));
        server.createContext("/calendar/v3/", e -> handle(e, "/calendar/v3/", legacyApi(CalendarRoutes::kind, this::calendarRequest)));
        server.createContext("/tasks/v1/", e -> handle(e, "/tasks/v1/", legacyApi(TasksRoutes::kind, this::tasksRequest)));
        server.createContext("/o/oauth2/v2/auth", e -> guarded(e, oauth::authorize));
        server.createContext("/token", e -> guarded(e, oauth::token));
        server.createContext("/revoke", e -> guarded(e, oauth::revoke));
        server.setExecutor(workers);
        server.start();
    }

    public static FakeGoogle start() {
        return start(FakeGoogleSettings.published());
    }

    public static FakeGoogle start(FakeGoogleSettings settings) {
        try {
            return new FakeGoogle(settings);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Google fake", e);
        }
    }

    /** As https://people.googleapis.com/v1. */
    public URI peopleBaseUrl() {
        return URI.create(base + "/v1");
    }

    /** As https://www.googleapis.com/calendar/v3. */
    public URI calendarBaseUrl() {
        return URI.create(base + "/calendar/v3");
    }

    /** As https://tasks.googleapis.com/tasks/v1. */
    public URI tasksBaseUrl() {
        return URI.create(base + "/tasks/v1");
    }

    /** As https://accounts.google.com/o/oauth2/v2/auth. */
    public URI authorizationUri() {
        return URI.create(base + "/o/oauth2/v2/auth");
    }

    /** As https://oauth2.googleapis.com/token. */
    public URI tokenUri() {
        return URI.create(base + "/token");
    }

    /** As https://oauth2.googleapis.com/revoke. */
    public URI revocationUri() {
        return URI.create(base + "/revoke");
    }

    public FakeGoogleOAuth oauth() {
        return oauth;
    }

    /** The user in Google Calendar and Google Tasks. */
    public FakeGoogleAgenda agenda() {
        return new FakeGoogleAgenda(this);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    // ---- the user in Google Contacts ----------------------------------------------------------

    /** The user adds a contact in Google Contacts; {@code personJson} holds Person fields. Returns its resource name. */
    public String userCreates(String user, String personJson) {
        return account(user).create((ObjectNode) GoogleResponse.JSON.readTree(personJson), now()).resourceName();
    }

    /** The user edits a contact: the named fields of {@code personJson} replace the contact's. */
    public void userEdits(String user, String resourceName, String personJson) {
        ObjectNode person = (ObjectNode) GoogleResponse.JSON.readTree(personJson);
        Set<String> mask = new java.util.HashSet<>();
        person.propertyNames().forEach(mask::add);
        mask.retainAll(FakeContacts.CONTACT_FIELDS);
        if (account(user).get(id(resourceName)) == null) throw new IllegalArgumentException("no contact " + resourceName);
        account(user).update(id(resourceName), person, mask, now());
    }

    public void userDeletes(String user, String resourceName) {
        if (!account(user).delete(id(resourceName), now())) throw new IllegalArgumentException("no contact " + resourceName);
    }

    /** The contact with every field, as the API would show it; empty when deleted or unknown. */
    public Optional<ObjectNode> contact(String user, String resourceName) {
        FakeContacts contacts = account(user);
        synchronized (contacts) {
            FakeContacts.Contact c = contacts.get(id(resourceName));
            if (c == null) return Optional.empty();
            var all = new java.util.HashSet<>(FakeContacts.CONTACT_FIELDS);
            all.add("metadata");
            return Optional.of(FakeContacts.representation(c, all));
        }
    }

    /** Every live contact of the user with every field, as {@link #contact} shows each. */
    public List<ObjectNode> contacts(String user) {
        FakeContacts contacts = account(user);
        synchronized (contacts) {
            var all = new java.util.HashSet<>(FakeContacts.CONTACT_FIELDS);
            all.add("metadata");
            return contacts.live().stream().map(c -> FakeContacts.representation(c, all)).toList();
        }
    }

    public int contactCount(String user) {
        return account(user).live().size();
    }

    // ---- the service --------------------------------------------------------------------------

    /** Every sync token of the user issued so far is expired: the next list with one is 410 EXPIRED_SYNC_TOKEN. */
    public void expireSyncTokens(String user) {
        FakeContacts c = account(user);
        synchronized (c) {
            c.expiredBefore = c.sequence() + 1;
        }
    }

    /** The fake's clock moves on (sync token age, access token lifetime). */
    public void advance(Duration d) {
        skew.updateAndGet(s -> s.plus(d));
    }

    /** The next {@code count} People API requests of the user are refused with 429 RESOURCE_EXHAUSTED. */
    public void throttleNext(String user, int count) {
        quota(user).failNext(count, 429, null);
    }

    /** The next {@code count} People API requests of the user fail with {@code status} (429, 500, 503). */
    public void failNext(String user, int count, int status, Duration retryAfter) {
        quota(user).failNext(count, status, retryAfter);
    }

    /** People API requests of the user refused by quota or by {@link #failNext}. */
    public long refusals(String user) {
        return quota(user).refused();
    }

    public List<Served> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    Instant now() {
        return Instant.now().plus(skew.get());
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void guarded(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            handler.handle(exchange);
        } catch (RuntimeException bug) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    /**
     * No token or a dead one: 401 UNAUTHENTICATED with a Bearer challenge (RFC 6750 3.1: error="invalid_token" when
     * a token was sent). The message and the ErrorInfo reasons are Google's usual ones, not quoted from a page.
     */
    private static GoogleResponse unauthenticated(boolean missing) {
        return GoogleResponse.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 "
                        + "access token, login cookie or other valid authentication credential.",
                        missing ? "CREDENTIALS_MISSING" : "ACCESS_TOKEN_EXPIRED", "googleapis.com")
                .header("WWW-Authenticate", missing ? "Bearer realm=\"https://accounts.google.com/\""
                        : "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return authorization.substring(7).strip();
    }

    private static List<String> segments(String rawPath, String prefix) {
        return Arrays.stream(rawPath.substring(prefix.length()).split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    private static Map<String, List<String>> query(String rawQuery) {
        var query = new LinkedHashMap<String, List<String>>();
        if (rawQuery == null || rawQuery.isEmpty()) return query;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            // "resourceNames[]" and "sources[]" are repeated plain names on the wire: resourceNames=a&resourceNames=b
            query.computeIfAbsent(k, x -> new ArrayList<>()).add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void write(HttpExchange exchange, GoogleResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = response.body() == null ? new byte[0] : GoogleResponse.JSON.writeValueAsBytes(response.body());
        if (bytes.length > 0) exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ---- the APIs ---------------------------------------------------------------------------

    /**
     * One Google API behind the shared bearer check and per-user quota: what its requests are called in the log,
     * what it does with an authenticated, admitted one (given its If-Match), and its own answers to a refusal by
     * quota, a body that is not JSON and a bug of the fake.
     */
    private record Api(Function<PeopleRoutes.Request, String> kind, BiFunction<PeopleRoutes.Request, String, GoogleResponse> serve,
                       IntFunction<GoogleResponse> throttled, Supplier<GoogleResponse> badJson, Function<RuntimeException, GoogleResponse> bug) {
    }

    /**
     * The Calendar and Tasks APIs refuse in the Calendar API's terms: "403: Rate limit exceeded" (reason
     * rateLimitExceeded or userRateLimitExceeded) and "429: Too many requests" (reason rateLimitExceeded),
     * "Handle API errors", https://developers.google.com/calendar/api/guides/errors.
     */
    private static Api legacyApi(Function<PeopleRoutes.Request, String> kind, BiFunction<PeopleRoutes.Request, String, GoogleResponse> serve) {
        return new Api(kind, serve, status -> status == 403
                ? GoogleResponse.legacy(403, "usageLimits", "userRateLimitExceeded", "User Rate Limit Exceeded")
                : GoogleResponse.legacy(429, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded"),
                () -> GoogleResponse.legacy(400, "global", "parseError", "Parse Error"),
                bug -> GoogleResponse.legacy(500, "global", "backendError", "fake failed: " + bug));
    }

    private GoogleResponse peopleRequest(PeopleRoutes.Request r, String ifMatch) {
        FakeContacts contacts = account(r.user());
        // one user's requests render and write one at a time: a contact's JSON is never read mid-write
        synchronized (contacts) {
            return people.handle(r, contacts, now());
        }
    }

    private GoogleResponse calendarRequest(PeopleRoutes.Request r, String ifMatch) {
        FakeCalendar calendar = calendar(r.user());
        synchronized (calendar) {
            return calendarRoutes.handle(r, calendar, ifMatch, now());
        }
    }

    private GoogleResponse tasksRequest(PeopleRoutes.Request r, String ifMatch) {
        TasksRoutes.TaskList list = taskList(r.user());
        synchronized (list) {
            return tasksRoutes.handle(r, list, ifMatch, now());
        }
    }

    /** A request to one of the APIs: the bearer check, the user's quota (one for all their APIs), the API, the log. */
    private void handle(HttpExchange exchange, String prefix, Api api) throws IOException {
        GoogleResponse response;
        String user = null;
        String kind = "unknown";
        try {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = bytes.length == 0 ? null : GoogleResponse.JSON.readTree(bytes);
            } catch (JacksonException e) {
                body = null;
                bytes = null;
            }
            String token = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
            Optional<FakeGoogleOAuth.Principal> principal = oauth.principal(token);
            if (principal.isEmpty()) {
                response = unauthenticated(token == null);
            } else if (bytes == null) {
                response = api.badJson().get();
            } else {
                user = principal.get().user();
                var r = new PeopleRoutes.Request(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath(), prefix),
                        query(exchange.getRequestURI().getRawQuery()), body, user, principal.get().scopes());
                kind = api.kind().apply(r);
                response = quota(user).admit(now(), api.throttled());
                if (response == null) {
                    if (!settings.latency().isZero()) sleep(settings.latency());
                    response = api.serve().apply(r, exchange.getRequestHeaders().getFirst("If-Match"));
                }
            }
        } catch (RuntimeException bug) {
            response = api.bug().apply(bug);
        }
        synchronized (log) {
            log.add(new Served(now(), user, exchange.getRequestMethod(), exchange.getRequestURI().getPath(), kind, response.status()));
        }
        try (exchange) {
            write(exchange, response);
        }
    }

    FakeCalendar calendar(String user) {
        return calendars.computeIfAbsent(user, u -> new FakeCalendar());
    }

    TasksRoutes.TaskList taskList(String user) {
        return taskLists.computeIfAbsent(user, u -> new TasksRoutes.TaskList());
    }

    private FakeContacts account(String user) {
        return accounts.computeIfAbsent(user, u -> new FakeContacts());
    }

    private UserQuota quota(String user) {
        return quotas.computeIfAbsent(user, u -> new UserQuota(settings));
    }

    private static String id(String resourceName) {
        return resourceName.startsWith("people/") ? resourceName.substring(7) : resourceName;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
