package org.koppel.testkit.source;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A practice-management (dossier) system on a loopback port, implementing exactly the contract of
 * docs/source-system.md: the system that owns relations and that the source-system connector syncs with. The
 * real one cannot run here, so this is the reference both for the connector's tests and for demos
 * ({@link #main}).
 *
 * <p>Every call needs the office number ({@code X-Office}) and API key ({@code X-Api-Key}) it was started with;
 * anything else is 401. Every change (by a test playing the user, {@link #edit}, {@link #archive},
 * {@link #delete}, or by a client's PATCH) takes the next change sequence number and bumps the relation's
 * version; the change list is ordered by that number, so a relation edited while a client pages moves behind
 * the client's cursor and is listed again, never skipped. Deleted relations stay as tombstones.
 */
public final class SourceServer implements AutoCloseable {

    public static final String OFFICE_HEADER = "X-Office";
    public static final String KEY_HEADER = "X-Api-Key";
    public static final int DEFAULT_PAGE = 100;
    public static final int MAX_PAGE = 500;

    static final Set<String> KINDS = Set.of("organisation", "contact_person", "private_individual");
    static final Set<String> ADDRESS_TYPES = Set.of("head_office", "postal", "private", "invoice", "other");
    static final Set<String> GENDERS = Set.of("male", "female", "unknown");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "organisation", Set.of("name", "phone", "email", "website", "kvk"),
            "contact_person", Set.of("firstNames", "initials", "infix", "lastName", "birthDate", "gender", "function",
                    "directPhone", "mobile", "privatePhone", "email"),
            "private_individual", Set.of("name", "email", "phone"));
    /** Set by the source itself: a client may repeat them unchanged, never change them. */
    private static final Set<String> READ_ONLY = Set.of("id", "kind", "state", "version", "modifiedAt", "parentId");
    private static final Set<String> ADDRESS_FIELDS = Set.of("type", "street", "houseNumber", "postalCode", "city", "country");
    private static final String CURSOR_PREFIX = "c1:";

    static {
        // see FakeGraph: without it a page too big for one write waits ~40 ms for the client's delayed ACK
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** One relation as the source holds it; {@code data} has the kind's fields and {@code addresses}. */
    private static final class Stored {
        final String id;
        final String kind;
        final String parentId;
        ObjectNode data;
        String relationTypeId;
        String state = "active";
        long version;
        long seq;
        String modifiedAt;

        Stored(String id, String kind, String parentId) {
            this.id = id;
            this.kind = kind;
            this.parentId = parentId;
        }
    }

    /** A reply; {@code body} null for none. */
    private record Reply(int status, Map<String, String> headers, JsonNode body) {
        static Reply json(int status, JsonNode body) {
            return new Reply(status, Map.of(), body);
        }

        Reply header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String office;
    private final String apiKey;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Stored> relations = new HashMap<>();
    /** Change sequence number to relation id: the change list's order. */
    private final NavigableMap<Long, String> bySeq = new TreeMap<>();
    private final Map<String, String> relationTypes = new LinkedHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private long lastSeq;
    private long nextId = 100_001;
    /**
     * How often the change log was pruned. A cursor carries the count it was handed out at: one from
     * before a prune is 410, one handed out since (a full listing paging on after the prune) is good.
     */
    private long prunes;
    private int throttled;
    private Duration retryAfter = Duration.ofSeconds(1);
    private int failing;
    private int failStatus;
    private Runnable afterNextPage;
    /** How long each request takes before it is answered: a source across a network, for benchmarks. */
    private volatile Duration latency = Duration.ZERO;

    private SourceServer(String office, String apiKey, Clock clock, int port) throws IOException {
        this.office = office;
        this.apiKey = apiKey;
        this.clock = clock;
        relationTypes.put("1", "Cliënt");
        relationTypes.put("2", "Wederpartij");
        relationTypes.put("3", "Advocaat wederpartij");
        relationTypes.put("4", "Deurwaarder");
        relationTypes.put("5", "Rechtbank");
        relationTypes.put("6", "Leverancier");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    public static SourceServer start(String office, String apiKey) {
        return start(office, apiKey, Clock.systemUTC(), 0);
    }

    public static SourceServer start(String office, String apiKey, Clock clock, int port) {
        try {
            return new SourceServer(office, apiKey, clock, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the source server", e);
        }
    }

    /** For demos: {@code main [port] [office] [apiKey] [relations]}; runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        String office = args.length > 1 ? args[1] : "1001";
        String key = args.length > 2 ? args[2] : "demo-key";
        int count = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        SourceServer source = start(office, key, Clock.systemUTC(), port);
        source.seed(count);
        System.out.println("source system at " + source.baseUrl() + " office " + office + " key " + key
                + ", " + count + " relations");
        Thread.currentThread().join();
    }

    /** For example http://127.0.0.1:40123/api/v1; the connector's base URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
    }

    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    // ---- the user of the source system ----------------------------------------------------------

    /**
     * {@code count} relations as a firm's dossier system holds them: organisations with zero to three contact
     * persons, private individuals, now and then a contact person of a private individual (which Koppel must not
     * take over); about 4% archived and 1% deleted. Deterministic: the same count gives the same relations.
     * Returns the ids made, deleted ones included.
     */
    public synchronized List<String> seed(int count) {
        DutchRelations dutch = new DutchRelations(new Random(count), JSON);
        Random random = new Random(count * 31L + 7);
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            int roll = random.nextInt(100);
            if (roll < 45) {
                ObjectNode organisation = dutch.organisation();
                String org = createOrganisation(organisation, type(random, "1", "2", "6"));
                ids.add(org);
                int persons = random.nextInt(4);
                for (int i = 0; i < persons && ids.size() < count; i++) {
                    ids.add(createContactPerson(org, dutch.contactPerson(organisation.path("email").asString(null)), "1"));
                }
            } else if (roll < 95) {
                ids.add(createPrivateIndividual(dutch.privateIndividual(), type(random, "1", "1", "2")));
            } else {
                String individual = createPrivateIndividual(dutch.privateIndividual(), "1");
                ids.add(individual);
                if (ids.size() < count) ids.add(createContactPerson(individual, dutch.contactPerson(null), "1"));
            }
        }
        for (String id : ids) {
            int roll = random.nextInt(100);
            if (roll < 4) archive(id);
            else if (roll < 5) delete(id);
        }
        return ids;
    }

    private static String type(Random random, String... ids) {
        return ids[random.nextInt(ids.length)];
    }

    /** {@code fields}: name, phone, email, website, kvk, addresses. Returns the new relation's id. */
    public synchronized String createOrganisation(ObjectNode fields, String relationTypeId) {
        return create("organisation", null, fields, relationTypeId);
    }

    /** A contact person of {@code parentId}, an organisation or (as the source allows) a private individual. */
    public synchronized String createContactPerson(String parentId, ObjectNode fields, String relationTypeId) {
        Stored parent = relations.get(parentId);
        if (parent == null || parent.kind.equals("contact_person")) {
            throw new IllegalArgumentException("no organisation or private individual " + parentId);
        }
        return create("contact_person", parentId, fields, relationTypeId);
    }

    public synchronized String createPrivateIndividual(ObjectNode fields, String relationTypeId) {
        return create("private_individual", null, fields, relationTypeId);
    }

    /** A new organisation with realistic Dutch values, for a test that needs one and does not care which. */
    public synchronized String createOrganisation() {
        return createOrganisation(new DutchRelations(new Random(nextId), JSON).organisation(), "1");
    }

    /** A user edits a relation in the source: {@code change} receives a copy of its fields (addresses included). */
    public synchronized void edit(String id, Consumer<ObjectNode> change) {
        Stored r = existing(id);
        ObjectNode copy = r.data.deepCopy();
        change.accept(copy);
        r.data = copy;
        touch(r);
    }

    public synchronized void edit(String id, String field, String value) {
        edit(id, data -> data.put(field, value));
    }

    public synchronized void archive(String id) {
        setState(id, "archived");
    }

    public synchronized void restore(String id) {
        setState(id, "active");
    }

    /** Gone for good; the change list keeps a tombstone with state "deleted". */
    public synchronized void delete(String id) {
        Stored r = existing(id);
        r.data = JSON.createObjectNode();
        r.state = "deleted";
        touch(r);
    }

    /** The relation as the API shows it (a tombstone when deleted); empty when never made. */
    public synchronized Optional<JsonNode> relation(String id) {
        Stored r = relations.get(id);
        return r == null ? Optional.empty() : Optional.of(render(r));
    }

    public synchronized Map<String, String> relationTypes() {
        return Map.copyOf(relationTypes);
    }

    // ---- the service ------------------------------------------------------------------------------

    /** The next {@code count} requests are answered 429 with {@code Retry-After} (whole seconds, at least 1). */
    public synchronized void throttleNext(int count, Duration retryAfter) {
        this.throttled = count;
        this.retryAfter = retryAfter;
    }

    /** The next {@code count} requests fail with {@code status} (500, 502, 503...). */
    public synchronized void failNext(int count, int status) {
        this.failing = count;
        this.failStatus = status;
    }

    /**
     * Runs {@code change} (a user's edit, say) once, right after the next change-list page is answered: a
     * relation changed while a client pages, which the contract says moves to the end of the list.
     */
    public synchronized void afterNextPage(Runnable change) {
        this.afterNextPage = change;
    }

    /**
     * Every request from now on is answered {@code latency} later, as a source across a network would be.
     * Requests wait side by side (each has its own virtual thread), not one after another.
     */
    public SourceServer latency(Duration latency) {
        if (latency.isNegative()) throw new IllegalArgumentException("the latency cannot be negative");
        this.latency = latency;
        return this;
    }

    /** Cursors from before now are refused with 410 cursor_expired, as after the source pruned its change log. */
    public synchronized void expireCursors() {
        prunes++;
    }

    // ---- model ------------------------------------------------------------------------------------

    private String create(String kind, String parentId, ObjectNode fields, String relationTypeId) {
        if (!relationTypes.containsKey(relationTypeId)) throw new IllegalArgumentException("no relation type " + relationTypeId);
        Stored r = new Stored(String.valueOf(nextId++), kind, parentId);
        ObjectNode data = fields.deepCopy();
        if (!data.has("addresses")) data.putArray("addresses");
        r.data = data;
        r.relationTypeId = relationTypeId;
        relations.put(r.id, r);
        touch(r);
        return r.id;
    }

    private Stored existing(String id) {
        Stored r = relations.get(id);
        if (r == null || r.state.equals("deleted")) throw new IllegalArgumentException("no relation " + id);
        return r;
    }

    private void setState(String id, String state) {
        Stored r = existing(id);
        if (!r.state.equals(state)) {
            r.state = state;
            touch(r);
        }
    }

    /** Every change moves the relation to the end of the change list and bumps its version. */
    private void touch(Stored r) {
        if (r.seq != 0) bySeq.remove(r.seq);
        r.seq = ++lastSeq;
        r.version++;
        r.modifiedAt = clock.instant().toString();
        bySeq.put(r.seq, r.id);
    }

    private ObjectNode render(Stored r) {
        ObjectNode out = JSON.createObjectNode()
                .put("id", r.id)
                .put("kind", r.kind)
                .put("state", r.state)
                .put("version", r.version)
                .put("modifiedAt", r.modifiedAt);
        if (r.state.equals("deleted")) return out;
        out.put("relationTypeId", r.relationTypeId);
        if (r.parentId != null) {
            out.put("parentId", r.parentId).put("parentKind", relations.get(r.parentId).kind);
        }
        out.setAll(r.data);
        return out;
    }

    // ---- HTTP -------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Reply reply;
        try {
            if (!latency.isZero()) Thread.sleep(latency);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        try {
            reply = answer(exchange);
        } catch (RuntimeException bug) {
            reply = error(500, "internal", "source server failed: " + bug);
        }
        try (exchange) {
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] bytes = reply.body() == null ? new byte[0] : JSON.writeValueAsBytes(reply.body());
            if (reply.body() != null) exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException hungUp) {
            // the client went away: nothing to answer any more
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        synchronized (this) {
            if (failing > 0) {
                failing--;
                return error(failStatus, "unavailable", "the source system is unavailable");
            }
            if (throttled > 0) {
                throttled--;
                long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
                return error(429, "too_many_requests", "request limit reached").header("Retry-After", String.valueOf(seconds));
            }
        }
        var h = exchange.getRequestHeaders();
        if (!office.equals(h.getFirst(OFFICE_HEADER)) || !apiKey.equals(h.getFirst(KEY_HEADER))) {
            return error(401, "unauthorized", "unknown office number or API key")
                    .header("WWW-Authenticate", "ApiKey realm=\"source\"");
        }
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith("/api/v1/")) return error(404, "not_found", "no such resource");
        List<String> segments = List.of(path.substring("/api/v1/".length()).split("/"));
        String method = exchange.getRequestMethod();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        synchronized (this) {
            if (segments.equals(List.of("relation-types"))) {
                return method.equals("GET") ? relationTypesReply() : notAllowed("GET");
            }
            if (segments.equals(List.of("relations"))) {
                return method.equals("GET") ? changes(query) : notAllowed("GET");
            }
            if (segments.size() == 2 && segments.get(0).equals("relations")) {
                String id = URLDecoder.decode(segments.get(1), StandardCharsets.UTF_8);
                return switch (method) {
                    case "GET" -> get(id);
                    case "PATCH" -> patch(id, h.getFirst("If-Match"), bytes);
                    default -> notAllowed("GET, PATCH");
                };
            }
        }
        return error(404, "not_found", "no such resource");
    }

    private Reply relationTypesReply() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("relationTypes");
        relationTypes.forEach((id, name) -> list.addObject().put("id", id).put("name", name));
        return Reply.json(200, body);
    }

    private Reply changes(Map<String, String> query) {
        long after = 0;
        String cursor = query.get("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            long[] decoded = decodeCursor(cursor);
            if (decoded == null || decoded[0] > lastSeq || decoded[1] > prunes) return error(400, "bad_cursor", "not a cursor of this source");
            if (decoded[1] < prunes) return error(410, "cursor_expired", "the change log no longer reaches this cursor; list from the start");
            after = decoded[0];
        }
        int limit = DEFAULT_PAGE;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                return error(400, "bad_limit", "limit is a whole number");
            }
            if (limit < 1) return error(400, "bad_limit", "limit is at least 1");
            limit = Math.min(limit, MAX_PAGE);
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("relations");
        long last = after;
        Iterator<Map.Entry<Long, String>> it = bySeq.tailMap(after, false).entrySet().iterator();
        while (it.hasNext() && list.size() < limit) {
            Map.Entry<Long, String> e = it.next();
            list.add(render(relations.get(e.getValue())));
            last = e.getKey();
        }
        body.put("cursor", encodeCursor(last, prunes));
        body.put("more", it.hasNext());
        Runnable change = afterNextPage;
        afterNextPage = null;
        if (change != null) change.run();
        return Reply.json(200, body);
    }

    private Reply get(String id) {
        Stored r = relations.get(id);
        if (r == null || r.state.equals("deleted")) return error(404, "not_found", "no relation " + id);
        return Reply.json(200, render(r)).header("ETag", etag(r));
    }

    private Reply patch(String id, String ifMatch, byte[] bytes) {
        Stored r = relations.get(id);
        if (r == null || r.state.equals("deleted")) return error(404, "not_found", "no relation " + id);
        if (ifMatch == null) return error(428, "precondition_required", "If-Match with the relation's version is required");
        if (!ifMatch.strip().equals(etag(r))) {
            return error(412, "version_mismatch", "the relation changed since version " + ifMatch + "; now " + etag(r));
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (JacksonException e) {
            return error(400, "bad_json", "the body is not JSON");
        }
        if (body == null || !body.isObject()) return error(400, "bad_json", "the body is a JSON object");
        ObjectNode current = render(r);
        ObjectNode data = r.data.deepCopy();
        String relationType = r.relationTypeId;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (READ_ONLY.contains(name) || name.equals("parentKind")) {
                if (!String.valueOf(value).equals(String.valueOf(current.get(name)))) return error(409, "read_only", name + " cannot be changed");
            } else if (name.equals("relationTypeId")) {
                if (!relationTypes.containsKey(value.asString(""))) return error(400, "bad_value", "no relation type " + value);
                relationType = value.asString();
            } else if (name.equals("addresses")) {
                String problem = mergeAddresses(data, value);
                if (problem != null) return error(400, "bad_value", problem);
            } else if (FIELDS.get(r.kind).contains(name)) {
                String problem = check(name, value);
                if (problem != null) return error(400, "bad_value", problem);
                data.set(name, value);
            } else {
                return error(400, "unknown_field", "a " + r.kind + " has no field " + name);
            }
        }
        r.data = data;
        r.relationTypeId = relationType;
        touch(r);
        return Reply.json(200, render(r)).header("ETag", etag(r));
    }

    private static String check(String name, JsonNode value) {
        if (!value.isNull() && !value.isString()) return name + " is a string or null";
        if (value.isNull()) return null;
        if (name.equals("gender") && !GENDERS.contains(value.asString())) return "gender is one of " + GENDERS;
        if (name.equals("birthDate")) {
            try {
                LocalDate.parse(value.asString());
            } catch (DateTimeException e) {
                return "birthDate is yyyy-mm-dd";
            }
        }
        return null;
    }

    /** Given types replace the stored address of that type; a type alone removes it; other types stay. */
    private static String mergeAddresses(ObjectNode data, JsonNode given) {
        if (!given.isArray()) return "addresses is an array";
        Map<String, JsonNode> byType = new LinkedHashMap<>();
        for (JsonNode a : data.path("addresses")) byType.put(a.path("type").asString(""), a);
        for (JsonNode a : given) {
            String type = a.path("type").asString("");
            if (!ADDRESS_TYPES.contains(type)) return "address type is one of " + ADDRESS_TYPES;
            for (String f : a.propertyNames()) {
                if (!ADDRESS_FIELDS.contains(f)) return "an address has no field " + f;
            }
            if (a.size() == 1) byType.remove(type);
            else byType.put(type, a);
        }
        ArrayNode merged = data.putArray("addresses");
        byType.values().forEach(merged::add);
        return null;
    }

    private static String etag(Stored r) {
        return "\"" + r.version + "\"";
    }

    static String encodeCursor(long seq, long prunes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + seq + ":" + prunes)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The change number and prune count of a cursor; null when it is none of this source's. */
    private static long[] decodeCursor(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!s.startsWith(CURSOR_PREFIX)) return null;
            String[] parts = s.substring(CURSOR_PREFIX.length()).split(":");
            return parts.length == 2 ? new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])} : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) return query;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Reply notAllowed(String allow) {
        return error(405, "method_not_allowed", "allowed: " + allow).header("Allow", allow);
    }

    private static Reply error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return Reply.json(status, body);
    }
}
