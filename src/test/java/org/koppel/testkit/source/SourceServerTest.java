package org.koppel.testkit.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The reference source server's own rules, as docs/source-system.md states them. */
class SourceServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OFFICE = "4711";
    private static final String KEY = "secret-key";

    private final HttpClient http = HttpClient.newHttpClient();
    private SourceServer source;

    @BeforeEach
    void start() {
        source = SourceServer.start(OFFICE, KEY);
    }

    @AfterEach
    void stop() {
        source.close();
        http.close();
    }

    @Test
    void aWrongApiKeyOrOfficeIsRefusedWith401() throws Exception {
        source.seed(5);
        assertThat(send("GET", "/relations", OFFICE, "wrong", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/relations", "9999", KEY, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/relations", null, null, null, null).statusCode()).isEqualTo(401);
        assertThat(get("/relations").statusCode()).isEqualTo(200);
    }

    @Test
    void pagesListEveryRelationOnceAndTheCursorResumesAfterThem() throws Exception {
        List<String> seeded = source.seed(250);
        Page all = readAll(null, 100);
        assertThat(all.pages).isEqualTo(3);
        assertThat(all.ids).hasSize(250).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seeded);

        assertThat(readAll(all.cursor, 100).ids).as("nothing changed since the cursor").isEmpty();
        String edited = seeded.get(7);
        source.edit(edited, "phone", "020-1234567");
        Page next = readAll(all.cursor, 100);
        assertThat(next.ids).containsExactly(edited);
        assertThat(next.latest.get(edited).path("phone").asString()).isEqualTo("020-1234567");
    }

    @Test
    void editsWhilePagingAreListedAgainAndNothingIsSkipped() throws Exception {
        List<String> seeded = source.seed(300);
        List<String> live = seeded.stream().filter(id -> !source.relation(id).orElseThrow().path("state").asString().equals("deleted")).toList();
        Map<String, JsonNode> latest = new HashMap<>();
        String cursor = null;
        boolean more = true;
        int round = 0;
        while (more) {
            JsonNode page = json(get("/relations?limit=40" + (cursor == null ? "" : "&cursor=" + cursor)));
            for (JsonNode r : page.path("relations")) latest.put(r.path("id").asString(), r);
            cursor = page.path("cursor").asString();
            more = page.path("more").asBoolean();
            // the user keeps working: one relation already read and one not yet read change between pages
            source.edit(live.get(round * 7 % live.size()), "email", "read" + round + "@example.nl");
            source.edit(live.get(live.size() - 1 - round), "email", "unread" + round + "@example.nl");
            round++;
        }
        latest.putAll(readAll(cursor, 40).latest);
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(seeded);
        for (String id : seeded) {
            assertThat(latest.get(id).path("version").asLong()).as("latest version of " + id)
                    .isEqualTo(source.relation(id).orElseThrow().path("version").asLong());
        }
    }

    @Test
    void archivedAndDeletedRelationsAreListedWithTheirState() throws Exception {
        String archived = source.createOrganisation();
        String deleted = source.createOrganisation();
        String active = source.createOrganisation();
        source.archive(archived);
        source.delete(deleted);

        Page all = readAll(null, 100);
        assertThat(all.latest.get(active).path("state").asString()).isEqualTo("active");
        assertThat(all.latest.get(archived).path("state").asString()).isEqualTo("archived");
        assertThat(all.latest.get(archived).path("name").asString()).isNotBlank();
        JsonNode tombstone = all.latest.get(deleted);
        assertThat(tombstone.path("state").asString()).isEqualTo("deleted");
        assertThat(tombstone.has("name")).as("a tombstone carries no fields").isFalse();

        assertThat(get("/relations/" + deleted).statusCode()).isEqualTo(404);
        assertThat(json(get("/relations/" + archived)).path("state").asString()).isEqualTo("archived");

        source.restore(archived);
        Page after = readAll(all.cursor, 100);
        assertThat(after.ids).containsExactly(archived);
        assertThat(after.latest.get(archived).path("state").asString()).isEqualTo("active");
    }

    @Test
    void anUpdateWithAStaleVersionIsRefusedWith412() throws Exception {
        String id = source.createOrganisation();
        source.edit(id, data -> data.withArray("addresses").add(JSON.createObjectNode().put("type", "invoice")
                .put("street", "Factuurweg").put("houseNumber", "1").put("postalCode", "1000 AA").put("city", "Amsterdam")));
        HttpResponse<String> read = get("/relations/" + id);
        String etag = read.headers().firstValue("ETag").orElseThrow();

        source.edit(id, "name", "Renamed in the source B.V.");
        HttpResponse<String> stale = send("PATCH", "/relations/" + id, OFFICE, KEY, etag, "{\"phone\":\"010-7654321\"}");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(source.relation(id).orElseThrow().path("phone").asString()).isNotEqualTo("010-7654321");

        assertThat(send("PATCH", "/relations/" + id, OFFICE, KEY, null, "{\"phone\":\"010-7654321\"}").statusCode())
                .as("no If-Match").isEqualTo(428);

        String fresh = get("/relations/" + id).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> ok = send("PATCH", "/relations/" + id, OFFICE, KEY, fresh,
                "{\"phone\":\"010-7654321\",\"addresses\":[{\"type\":\"postal\",\"street\":\"Postbus\",\"houseNumber\":\"12\",\"postalCode\":\"3000 AA\",\"city\":\"Rotterdam\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(fresh);
        JsonNode now = json(ok);
        assertThat(now.path("phone").asString()).isEqualTo("010-7654321");
        assertThat(now.path("name").asString()).as("fields not sent stay").isEqualTo("Renamed in the source B.V.");
        List<String> types = new ArrayList<>();
        for (JsonNode a : now.path("addresses")) types.add(a.path("type").asString());
        assertThat(types).as("address types not sent stay").contains("head_office", "invoice", "postal");

        assertThat(send("PATCH", "/relations/" + id, OFFICE, KEY, ok.headers().firstValue("ETag").orElseThrow(),
                "{\"kind\":\"private_individual\"}").statusCode()).as("read-only field").isEqualTo(409);
    }

    @Test
    void anUpdateWithAnUnknownFieldOrBadValueIsRefusedWith400AndNullClears() throws Exception {
        String organisation = source.createOrganisation();
        String person = source.createContactPerson(organisation, JSON.createObjectNode()
                .put("firstNames", "Jan Willem").put("initials", "J.W.").put("lastName", "Berg").put("infix", "van den")
                .put("gender", "male").put("mobile", "06-12345678"), "1");
        String etag = get("/relations/" + person).headers().firstValue("ETag").orElseThrow();
        assertThat(send("PATCH", "/relations/" + person, OFFICE, KEY, etag, "{\"kvk\":\"12345678\"}").statusCode())
                .as("an organisation's field on a contact person").isEqualTo(400);
        assertThat(send("PATCH", "/relations/" + person, OFFICE, KEY, etag, "{\"gender\":\"other\"}").statusCode()).isEqualTo(400);
        assertThat(send("PATCH", "/relations/" + person, OFFICE, KEY, etag, "{\"birthDate\":\"22-11-1984\"}").statusCode()).isEqualTo(400);
        assertThat(source.relation(person).orElseThrow().path("version").asLong()).as("refused writes change nothing").isEqualTo(1);

        HttpResponse<String> ok = send("PATCH", "/relations/" + person, OFFICE, KEY, etag, "{\"infix\":null,\"function\":\"Directeur\"}");
        JsonNode now = json(ok);
        assertThat(now.path("infix").isNull()).isTrue();
        assertThat(now.path("function").asString()).isEqualTo("Directeur");
        assertThat(now.path("mobile").asString()).isEqualTo("06-12345678");
        assertThat(now.path("parentId").asString()).isEqualTo(organisation);
        assertThat(now.path("parentKind").asString()).isEqualTo("organisation");
    }

    @Test
    void throttledRequestsAreAnswered429WithRetryAfter() throws Exception {
        source.throttleNext(2, Duration.ofMillis(2500));
        HttpResponse<String> first = get("/relations");
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("3");
        assertThat(get("/relations").statusCode()).isEqualTo(429);
        assertThat(get("/relations").statusCode()).isEqualTo(200);

        source.failNext(1, 503);
        assertThat(get("/relations").statusCode()).isEqualTo(503);
        assertThat(get("/relations").statusCode()).isEqualTo(200);
    }

    @Test
    void aCursorFromBeforeThePrunedChangeLogIs410AndAForeignOneIs400() throws Exception {
        source.seed(10);
        String cursor = readAll(null, 100).cursor;
        source.edit(source.createOrganisation(), "phone", "030-1111111");
        source.expireCursors();
        HttpResponse<String> expired = get("/relations?cursor=" + cursor);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(JSON.readTree(expired.body()).path("error").path("code").asString()).isEqualTo("cursor_expired");
        assertThat(get("/relations?cursor=bm9wZQ").statusCode()).isEqualTo(400);
    }

    /** Found by the source simulation: after a prune, a full listing's own later pages were 410, so it never ended. */
    @Test
    void aFullListingStartedAfterThePrunePagesThroughToItsEnd() throws Exception {
        source.seed(30);
        source.expireCursors();
        Page all = readAll(null, 7);
        assertThat(all.pages()).isGreaterThan(1);
        assertThat(all.latest()).hasSize(30);
    }

    @Test
    void theSeedHoldsEveryKindAddressTypeAndState() throws Exception {
        source.seed(400);
        Page all = readAll(null, 500);
        Set<String> kinds = new HashSet<>();
        Set<String> states = new HashSet<>();
        Set<String> addressTypes = new HashSet<>();
        Set<String> parentKinds = new HashSet<>();
        for (JsonNode r : all.latest.values()) {
            kinds.add(r.path("kind").asString());
            states.add(r.path("state").asString());
            for (JsonNode a : r.path("addresses")) addressTypes.add(a.path("type").asString());
            if (r.has("parentKind")) parentKinds.add(r.path("parentKind").asString());
        }
        assertThat(all.ids).hasSize(400);
        assertThat(kinds).containsExactlyInAnyOrder("organisation", "contact_person", "private_individual");
        assertThat(states).containsExactlyInAnyOrder("active", "archived", "deleted");
        assertThat(addressTypes).contains("head_office", "postal", "private", "invoice");
        assertThat(parentKinds).as("contact persons of organisations and of private individuals")
                .containsExactlyInAnyOrder("organisation", "private_individual");
        JsonNode types = json(get("/relation-types")).path("relationTypes");
        assertThat(types.size()).isEqualTo(source.relationTypes().size());
    }

    // ---- a minimal client ----------------------------------------------------------------------

    private record Page(List<String> ids, Map<String, JsonNode> latest, String cursor, int pages) {
    }

    /** Follows pages until {@code more} is false; ids in listing order, repeats included. */
    private Page readAll(String cursor, int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        Map<String, JsonNode> latest = new HashMap<>();
        int pages = 0;
        boolean more = true;
        while (more) {
            JsonNode page = json(get("/relations?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)));
            for (JsonNode r : page.path("relations")) {
                ids.add(r.path("id").asString());
                latest.put(r.path("id").asString(), r);
            }
            cursor = page.path("cursor").asString();
            more = page.path("more").asBoolean();
            pages++;
        }
        return new Page(ids, latest, cursor, pages);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, OFFICE, KEY, null, null);
    }

    private HttpResponse<String> send(String method, String path, String office, String key, String ifMatch, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(source.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (office != null) b.header(SourceServer.OFFICE_HEADER, office);
        if (key != null) b.header(SourceServer.KEY_HEADER, key);
        if (ifMatch != null) b.header("If-Match", ifMatch);
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
