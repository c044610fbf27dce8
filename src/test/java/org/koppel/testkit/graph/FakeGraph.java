package org.koppel.testkit.graph;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Microsoft Graph v1.0 stand-in on a loopback port, for the personal contacts API and the default
 * calendar's events ({@link #calendar()}, {@link CalendarRoutes}), written from
 * the published Graph documents because the real Graph cannot run here. See {@link GraphRoutes}
 * for the calls, {@link MailboxThrottle} for Outlook's limits, {@link FakeMailbox} for versions and
 * delta. JSON batching follows "Combine multiple HTTP requests using JSON batching"
 * (https://learn.microsoft.com/graph/json-batching).
 *
 * <p>Every request needs {@code Authorization: Bearer <token>}; a pluggable check maps a token to
 * its mailbox (a colleague's Microsoft identity fake plugs in there), by default the tokens of
 * {@link #issueToken}. Anything else is 401 InvalidAuthenticationToken.
 *
 * <p>Test hooks play the user in Outlook ({@link #outlookCreate}, {@link #outlookEdit},
 * {@link #outlookDelete}, {@link #outlookDeleteFolder}, {@link #mergeByEmail}) and the service
 * ({@link #failNext}, {@link #expireDeltaTokens}); counters and a log of every request served let a
 * test check what a client did. Change notifications: {@link FakeSubscriptions} (create with the
 * validation handshake, renew, delete, list; a notification per contact change in a subscribed
 * folder, whoever made it) and hooks for lifecycle events ({@link #sendLifecycle}).
 */
public final class FakeGraph implements AutoCloseable {

    /** One request as served: when, for whom, what, and the answer's status. */
    public record Served(Instant at, String mailbox, String method, String path, String kind, int status, boolean inBatch) {
    }

    static {
        // The JDK's HttpServer leaves Nagle's algorithm on unless told otherwise (read once, when its first
        // server starts). A response too big for one write then waits for the client's delayed ACK: about
        // 40 ms per JSON batch of 12 or more created contacts, or per delta page of 200, on loopback; a stall
        // of this fake, not of Graph, that made a batch of 20 take 48 ms here instead of 5.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final int BATCH_LIMIT = 20;
    /** "Microsoft Graph sends the Outlook service up to four individual requests from the batch at a time." */
    private static final int BATCH_PARALLELISM = 4;
    /** Outlook contacts: "4,230 minutes (under three days)" (subscription resource type, maximum length). */
    public static final Duration SUBSCRIPTION_MAXIMUM = Duration.ofMinutes(4230);

    private final FakeGraphSettings settings;
    private final Function<String, Optional<String>> tokenCheck;
    /** A token to the permissions it was granted; empty: not told (all allowed). */
    private final Function<String, Optional<java.util.Set<String>>> scopeCheck;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Tokens issued with only some permissions ({@link #issueToken(String, java.util.Set)}); others are granted all. */
    private final Map<String, java.util.Set<String>> tokenScopes = new ConcurrentHashMap<>();
    private final Map<String, FakeMailbox> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, MailboxThrottle> throttles = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final AtomicLong httpRequests = new AtomicLong();
    private final List<Served> log = new ArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private final GraphRoutes routes;
    private final FakeSubscriptions subscriptions;
    private final String baseUrl;

    private FakeGraph(FakeGraphSettings settings, Function<String, Optional<String>> tokenCheck,
                      Function<String, Optional<java.util.Set<String>>> scopeCheck) throws IOException {
        this.settings = settings;
        this.tokenCheck = tokenCheck != null ? tokenCheck : token -> Optional.ofNullable(tokens.get(token));
        this.scopeCheck = scopeCheck != null ? scopeCheck : token -> Optional.ofNullable(tokenScopes.get(token));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.baseUrl = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1.0";
        this.routes = new GraphRoutes(baseUrl, settings);
        this.subscriptions = new FakeSubscriptions(SUBSCRIPTION_MAXIMUM, this::mailbox);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    public static FakeGraph start() {
        return start(FakeGraphSettings.published(), null);
    }

    public static FakeGraph start(FakeGraphSettings settings) {
        return start(settings, null);
    }

    /** @param tokenCheck a bearer token to the mailbox it grants, empty when invalid or expired; null for {@link #issueToken}'s */
    public static FakeGraph start(FakeGraphSettings settings, Function<String, Optional<String>> tokenCheck) {
        return start(settings, tokenCheck, null);
    }

    /**
     * @param scopeCheck a bearer token to the permissions it was granted (a sign-in fake plugs in here, as
     *                   {@link FakeMicrosoftIdentity#scopesFor}); null for those of {@link #issueToken(String, java.util.Set)}
     */
    public static FakeGraph start(FakeGraphSettings settings, Function<String, Optional<String>> tokenCheck,
                                  Function<String, Optional<java.util.Set<String>>> scopeCheck) {
        try {
            return new FakeGraph(settings, tokenCheck, scopeCheck);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Graph fake", e);
        }
    }

    /** For example http://127.0.0.1:40123/v1.0, as https://graph.microsoft.com/v1.0. */
    public URI baseUrl() {
        return URI.create(baseUrl);
    }

    @Override
    public void close() {
        server.stop(0);
        subscriptions.close();
        workers.shutdownNow();
    }

    // ---- auth ---------------------------------------------------------------------------------

    /** A bearer token for the mailbox (the default token check). */
    public String issueToken(String mailbox) {
        String token = "fake-" + UUID.randomUUID();
        tokens.put(token, mailbox);
        return token;
    }

    /**
     * A bearer token for the mailbox granted only {@code scopes} ("Mail.Read", "Contacts.ReadWrite", ...):
     * calls whose documented permissions it lacks are refused with 403 ErrorAccessDenied (so far the
     * mail calls, {@link FakeOutlookMail}).
     */
    public String issueToken(String mailbox, java.util.Set<String> scopes) {
        String token = issueToken(mailbox);
        tokenScopes.put(token, java.util.Set.copyOf(scopes));
        return token;
    }

    /** The token no longer works, as after its expiry. */
    public void revokeToken(String token) {
        tokens.remove(token);
    }

    // ---- the user in Outlook ------------------------------------------------------------------

    public String defaultFolderId(String mailbox) {
        return mailbox(mailbox).defaultFolderId;
    }

    public String addFolder(String mailbox, String displayName) {
        return mailbox(mailbox).addFolder(displayName).id();
    }

    public Optional<String> folderNamed(String mailbox, String displayName) {
        return mailbox(mailbox).folders().stream().filter(f -> f.displayName().equals(displayName)).map(FakeMailbox.Folder::id).findFirst();
    }

    /** The user creates a contact in Outlook; {@code contactJson} holds contact properties. Returns its id. */
    public String outlookCreate(String mailbox, String folderId, String contactJson) {
        JsonNode body = parse(contactJson);
        String problem = ContactShape.problem(body);
        if (problem != null) throw new IllegalArgumentException(problem);
        return mailbox(mailbox).create(folderId, body).id;
    }

    /** The user edits a contact in Outlook: PATCH semantics, collections replaced whole. */
    public void outlookEdit(String mailbox, String contactId, String changesJson) {
        JsonNode body = parse(changesJson);
        String problem = ContactShape.problem(body);
        if (problem != null) throw new IllegalArgumentException(problem);
        if (mailbox(mailbox).patch(contactId, body) == null) throw new IllegalArgumentException("no contact " + contactId);
    }

    public void outlookDelete(String mailbox, String contactId) {
        mailbox(mailbox).delete(contactId);
    }

    public void outlookDeleteFolder(String mailbox, String folderId) {
        mailbox(mailbox).deleteFolder(folderId);
    }

    /** Outlook's merge by e-mail (Tribe document, section 3) for contacts created through the API. */
    public void mergeByEmail(String mailbox, boolean enabled) {
        mailbox(mailbox).mergeByEmail = enabled;
    }

    /** The contact as Graph would return it, with every extended property it holds; empty when gone. */
    public Optional<ObjectNode> contact(String mailbox, String contactId) {
        FakeMailbox mb = mailbox(mailbox);
        FakeMailbox.Contact c = mb.get(contactId);
        if (c == null) return Optional.empty();
        return Optional.of(mb.representation(c, null, c.extended.values().stream().map(p -> p[0]).toList()));
    }

    public List<ObjectNode> contacts(String mailbox, String folderId) {
        FakeMailbox mb = mailbox(mailbox);
        return mb.contacts(folderId).stream().map(c -> contact(mailbox, c.id).orElseThrow()).toList();
    }

    /** The mailboxes' default calendars, with hooks playing the user in Outlook ({@link FakeCalendar}). */
    public FakeCalendar calendar() {
        return routes.calendar();
    }

    /** The mail folders and messages of every mailbox, with the hooks that play the user in Outlook. */
    public FakeOutlookMail mail() {
        return routes.mail();
    }

    /** Microsoft To Do of every mailbox: lists, tasks and the hooks that play the user there. */
    public FakeTodo todo() {
        return routes.todo();
    }

    // ---- the service --------------------------------------------------------------------------

    /** Every delta token of the mailbox expires: the next delta with one is 410 syncStateNotFound. */
    public void expireDeltaTokens(String mailbox) {
        mailbox(mailbox).expireTokens();
    }

    /**
     * The next {@code count} requests to the mailbox (plain or inside a batch) fail with {@code status}
     * (429 or 503) and Retry-After {@code retryAfter} (null: no header).
     */
    public void failNext(String mailbox, int count, int status, Duration retryAfter) {
        throttle(mailbox).failNext(count, status, retryAfter);
    }

    // ---- change notifications -----------------------------------------------------------------

    /** The mailbox's subscriptions that are neither expired nor removed, as "List subscriptions" shows them. */
    public List<ObjectNode> subscriptions(String mailbox) {
        return subscriptions.active(mailbox);
    }

    /** The subscription, whatever its state (expired or removed ones too); empty after a delete. */
    public Optional<ObjectNode> subscription(String subscriptionId) {
        return subscriptions.find(subscriptionId);
    }

    /**
     * Posts a lifecycle notification ({@code reauthorizationRequired}, {@code subscriptionRemoved},
     * {@code missed}) to the subscription's lifecycleNotificationUrl now and returns the answer's status
     * (0: none within 3 s). {@code subscriptionRemoved} removes the subscription first, as Graph does.
     */
    public int sendLifecycle(String subscriptionId, String lifecycleEvent) {
        return subscriptions.lifecycle(subscriptionId, lifecycleEvent);
    }

    /** The subscription is gone without any notice (Graph's side lost it): no notifications, PATCH is 404. */
    public void dropSubscription(String subscriptionId) {
        subscriptions.drop(subscriptionId);
    }

    /** The subscription runs out now, as when it was not renewed in time. */
    public void expireSubscription(String subscriptionId) {
        subscriptions.expire(subscriptionId);
    }

    /** Change and lifecycle notifications posted so far (sent asynchronously: wait for them with a deadline). */
    public long notificationsSent() {
        return subscriptions.sent();
    }

    /** How the notifications were answered: HTTP status to count (0: no answer within 3 s). */
    public Map<Integer, Long> notificationAnswers() {
        return subscriptions.answers();
    }

    /** Every notification posted: where to, the body, the status of the answer. */
    public List<Notification> notifications() {
        return subscriptions.deliveries().stream().map(d -> new Notification(d.url(), d.body(), d.status())).toList();
    }

    /** One notification the fake posted. */
    public record Notification(String url, JsonNode body, int status) {
    }

    // ---- counters -----------------------------------------------------------------------------

    /** HTTP requests received, a batch counting once. */
    public long httpRequests() {
        return httpRequests.get();
    }

    /** Requests of one kind ("contact.create", "contact.delta", "batch", ...), inner batch requests included. */
    public long served(String kind) {
        AtomicLong n = byKind.get(kind);
        return n == null ? 0 : n.get();
    }

    /** Requests to the mailbox admitted (not throttled), as Outlook counts them: each batch request on its own. */
    public long mailboxRequests(String mailbox) {
        return throttle(mailbox).admitted();
    }

    /** The most requests to the mailbox that were in flight at once. */
    public int highestConcurrency(String mailbox) {
        return throttle(mailbox).highestConcurrency();
    }

    /** Requests to the mailbox refused (429 or a forced 503), each batch request on its own. */
    public long refusals(String mailbox) {
        return throttle(mailbox).refused();
    }

    /** {@link #highestConcurrency} counts afresh from now: for measuring one stretch of work. */
    public void resetHighestConcurrency(String mailbox) {
        throttle(mailbox).resetHighestConcurrency();
    }

    public List<Served> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        httpRequests.incrementAndGet();
        FakeExchange.Response response;
        try {
            response = answer(exchange);
        } catch (RuntimeException bug) {
            response = FakeExchange.Response.error(500, "generalException", "fake failed: " + bug);
        }
        try (exchange) {
            write(exchange, response);
        }
    }

    private FakeExchange.Response answer(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!rawPath.startsWith("/v1.0/")) return FakeExchange.Response.error(404, "BadRequest", "Invalid version");
        var headers = new LinkedHashMap<String, String>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body;
        try {
            body = bytes.length == 0 ? null : FakeExchange.JSON.readTree(bytes);
        } catch (JacksonException e) {
            return FakeExchange.Response.error(400, "BadRequest", "Unable to read JSON request payload.");
        }
        String token = bearer(headers.get("authorization"));
        String mailbox = token == null ? null : tokenCheck.apply(token).orElse(null);
        java.util.Set<String> scopes = token == null ? null : scopeCheck.apply(token).orElse(null);
        if (mailbox == null) {
            return FakeExchange.Response.error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience or expired.")
                    .header("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"");
        }
        String rest = rawPath.substring("/v1.0".length());
        String method = exchange.getRequestMethod();
        if (rest.equals("/subscriptions") || rest.startsWith("/subscriptions/")) {
            return subscription(method, rest, body, mailbox);
        }
        if (rest.equals("/$batch")) {
            count("batch");
            if (!method.equals("POST")) return FakeExchange.Response.error(405, "BadRequest", "POST only");
            return batch(body, mailbox, scopes);
        }
        return serve(request(method, rest, exchange.getRequestURI().getRawQuery(), headers, body, mailbox, false, scopes));
    }

    /** Subscriptions belong to the app, not to a mailbox's throttle: served apart (see {@link FakeSubscriptions}). */
    private FakeExchange.Response subscription(String method, String rest, JsonNode body, String mailbox) {
        List<String> segments = Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty()).map(FakeGraph::decodePath).toList();
        String kind = FakeSubscriptions.kind(method, segments);
        count(kind);
        FakeExchange.Response response = subscriptions.handle(method, segments, body, mailbox);
        record(new FakeExchange.Request(method, "", segments, Map.of(), Map.of(), body, mailbox, false, null), kind, response.status());
        return response;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return authorization.substring(7).strip();
    }

    /** One Outlook request, throttled and counted per mailbox. */
    private FakeExchange.Response serve(Parsed parsed) {
        if (parsed.refusal() != null) return parsed.refusal();
        FakeExchange.Request r = parsed.request();
        String kind = GraphRoutes.kind(r);
        count(kind);
        MailboxThrottle throttle = throttle(r.mailbox());
        FakeExchange.Response refused = throttle.admit(Instant.now());
        if (refused != null) {
            record(r, kind, refused.status());
            return refused;
        }
        FakeExchange.Response response;
        try {
            if (!settings.latency().isZero()) sleep(settings.latency());
            response = routes.handle(r, mailbox(r.mailbox()));
        } finally {
            throttle.release();
        }
        record(r, kind, response.status());
        return response;
    }

    private record Parsed(FakeExchange.Request request, FakeExchange.Response refusal) {
    }

    private Parsed request(String method, String rawPath, String rawQuery, Map<String, String> headers, JsonNode body,
                           String mailbox, boolean inBatch, java.util.Set<String> scopes) {
        List<String> segments = new ArrayList<>(Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).map(FakeGraph::decodePath).toList());
        String prefix;
        if (!segments.isEmpty() && segments.getFirst().equals("me")) {
            prefix = "/me";
            segments.removeFirst();
        } else if (segments.size() >= 2 && segments.getFirst().equals("users")) {
            if (!segments.get(1).equalsIgnoreCase(mailbox)) {
                return new Parsed(null, FakeExchange.Response.error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."));
            }
            prefix = "/users/" + segments.get(1);
            segments.subList(0, 2).clear();
        } else {
            return new Parsed(null, FakeExchange.Response.error(400, "BadRequest", "Resource not found for the segment '" + rawPath + "'."));
        }
        var query = new LinkedHashMap<String, String>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new Parsed(new FakeExchange.Request(method, prefix, List.copyOf(segments), query, headers, body, mailbox, inBatch, scopes), null);
    }

    // ---- JSON batching ------------------------------------------------------------------------

    private FakeExchange.Response batch(JsonNode body, String mailbox, java.util.Set<String> scopes) {
        JsonNode requests = body == null ? null : body.get("requests");
        if (requests == null || !requests.isArray()) return FakeExchange.Response.error(400, "BadRequest", "requests is required");
        if (requests.size() > BATCH_LIMIT) {
            return FakeExchange.Response.error(400, "BadRequest", "Number of individual requests in a JSON batch exceeds the limit of "
                    + BATCH_LIMIT + ".");
        }
        var ids = new java.util.HashSet<String>();
        boolean sequential = false;
        for (JsonNode r : requests) {
            String id = r.path("id").asString("");
            if (id.isEmpty() || r.path("method").asString("").isEmpty() || r.path("url").asString("").isEmpty()) {
                return FakeExchange.Response.error(400, "BadRequest", "each request needs id, method and url");
            }
            // "Must be unique in the batch, otherwise, the batch request fails with a 400 error code" (ids are not case-sensitive).
            if (!ids.add(id.toLowerCase(Locale.ROOT))) return FakeExchange.Response.error(400, "BadRequest", "duplicate request id " + id);
            sequential |= r.has("dependsOn");
        }
        List<JsonNode> list = new ArrayList<>();
        requests.forEach(list::add);
        ObjectNode[] answers = new ObjectNode[list.size()];
        if (sequential) {
            var failed = new java.util.HashSet<String>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode r = list.get(i);
                boolean dependencyFailed = false;
                for (JsonNode d : r.path("dependsOn")) dependencyFailed |= failed.contains(d.asString(""));
                FakeExchange.Response one = dependencyFailed
                        ? FakeExchange.Response.error(424, "FailedDependency", "a request this one depends on failed")
                        : inner(r, mailbox, scopes);
                if (one.status() >= 400) failed.add(r.path("id").asString(""));
                answers[i] = answerJson(r.path("id").asString(""), one);
            }
        } else {
            runParallel(list, mailbox, scopes, answers);
        }
        ObjectNode envelope = FakeExchange.JSON.createObjectNode();
        ArrayNode responses = envelope.putArray("responses");
        for (ObjectNode a : answers) responses.add(a);
        return FakeExchange.Response.json(200, envelope);
    }

    private void runParallel(List<JsonNode> list, String mailbox, java.util.Set<String> scopes, ObjectNode[] answers) {
        var next = new java.util.concurrent.atomic.AtomicInteger();
        var tasks = new ArrayList<java.util.concurrent.Future<?>>();
        for (int w = 0; w < Math.min(BATCH_PARALLELISM, list.size()); w++) {
            tasks.add(workers.submit(() -> {
                for (int i = next.getAndIncrement(); i < list.size(); i = next.getAndIncrement()) {
                    JsonNode r = list.get(i);
                    answers[i] = answerJson(r.path("id").asString(""), inner(r, mailbox, scopes));
                }
            }));
        }
        for (var t : tasks) {
            try {
                t.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private FakeExchange.Response inner(JsonNode r, String mailbox, java.util.Set<String> scopes) {
        var headers = new LinkedHashMap<String, String>();
        r.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asString("")));
        JsonNode body = r.get("body");
        if (body != null && !headers.containsKey("content-type")) {
            // "When a body is included with the request, the headers object must contain a value for Content-Type."
            return FakeExchange.Response.error(400, "BadRequest", "Content-Type header is required with a body");
        }
        String url = r.path("url").asString("");
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? null : url.substring(q + 1).replace(" ", "%20");
        return serve(request(r.path("method").asString("").toUpperCase(Locale.ROOT), path.startsWith("/") ? path : "/" + path,
                query, headers, body, mailbox, true, scopes));
    }

    private static ObjectNode answerJson(String id, FakeExchange.Response response) {
        ObjectNode a = FakeExchange.JSON.createObjectNode().put("id", id).put("status", response.status());
        ObjectNode h = a.putObject("headers");
        response.headers().forEach(h::put);
        if (response.body() != null) a.set("body", response.body());
        // "the body ... is base64 encoded" when it is not JSON (JSON batching, response format,
        // https://learn.microsoft.com/graph/json-batching): a message's $value inside a batch, say.
        if (response.raw() != null) a.put("body", java.util.Base64.getEncoder().encodeToString(response.raw()));
        return a;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private FakeMailbox mailbox(String id) {
        return mailboxes.computeIfAbsent(id, m -> {
            FakeMailbox mb = new FakeMailbox(m);
            mb.listener = (folderId, contactId, changeType, changeKey) -> subscriptions.changed(m, folderId, contactId, changeType, changeKey);
            return mb;
        });
    }

    private MailboxThrottle throttle(String mailbox) {
        return throttles.computeIfAbsent(mailbox, m -> new MailboxThrottle(settings));
    }

    private void count(String kind) {
        byKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private void record(FakeExchange.Request r, String kind, int status) {
        synchronized (log) {
            log.add(new Served(Instant.now(), r.mailbox(), r.method(), r.path(), kind, status, r.inBatch()));
        }
    }

    private static void write(HttpExchange exchange, FakeExchange.Response response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (response.raw() != null) {
            exchange.sendResponseHeaders(response.status(), response.raw().length == 0 ? -1 : response.raw().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.raw());
            }
            return;
        }
        byte[] bytes = response.body() == null ? new byte[0] : FakeExchange.JSON.writeValueAsBytes(response.body());
        if (bytes.length > 0) exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static JsonNode parse(String json) {
        return FakeExchange.JSON.readTree(json);
    }

    private static String decodePath(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
