package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The To Do part of the Graph fake keeps the documented rules a client could come to rely on breaking. */
class FakeTodoTest {

    private static final String BOX = "cor@bakkerij.example";
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeGraph graph;
    private String token;

    @BeforeEach
    void start() {
        graph = FakeGraph.start(FakeGraphSettings.published().withMaxPageSize(2));
        token = graph.issueToken(BOX);
    }

    @AfterEach
    void stop() {
        graph.close();
        http.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(String method, String pathOrUrl, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : graph.baseUrl() + pathOrUrl))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? json.missingNode() : json.readTree(r.body()));
    }

    @Test
    void everyMailboxHasTheBuiltInListsWhichCannotBeDeleted() throws Exception {
        Answer lists = send("GET", "/me/todo/lists", null);

        assertThat(lists.body().path("value")).extracting(l -> l.path("wellknownListName").asString())
                .containsExactlyInAnyOrder("defaultList", "flaggedEmails");
        String tasks = graph.todo().defaultListId(BOX);
        assertThat(send("DELETE", "/me/todo/lists/" + tasks, null).status()).isEqualTo(400);
    }

    @Test
    void updatesIgnoreIfMatchAsTheUpdateTodoTaskPageDocumentsNone() throws Exception {
        String list = graph.todo().defaultListId(BOX);
        Answer created = send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"Een\"}");
        String id = created.body().path("id").asString();

        Answer patched = send("PATCH", "/me/todo/lists/" + list + "/tasks/" + id, "{\"title\":\"Twee\"}", "If-Match", "W/\"stale\"");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("@odata.etag").asString()).isNotEqualTo(created.body().path("@odata.etag").asString());
        assertThat(patched.body().path("lastModifiedDateTime").asString())
                .isGreaterThan(created.body().path("lastModifiedDateTime").asString());
    }

    @Test
    void unknownEnumValuesAreRefused() throws Exception {
        String list = graph.todo().defaultListId(BOX);
        assertThat(send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"x\",\"status\":\"done\"}").status()).isEqualTo(400);
        assertThat(send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"x\",\"importance\":\"urgent\"}").status()).isEqualTo(400);
    }

    @Test
    void deltaPagesToADeltaLinkAndItsTokenExpiresAndDiesWithItsList() throws Exception {
        String list = send("POST", "/me/todo/lists", "{\"displayName\":\"Werk\"}").body().path("id").asString();
        for (int i = 0; i < 3; i++) send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"Taak " + i + "\"}");

        Answer first = send("GET", "/me/todo/lists/" + list + "/tasks/delta", null);
        assertThat(first.body().path("value")).hasSize(2);
        Answer second = send("GET", first.body().path("@odata.nextLink").asString(), null);
        assertThat(second.body().path("value")).hasSize(1);
        String deltaLink = second.body().path("@odata.deltaLink").asString();
        assertThat(deltaLink).contains("$deltatoken=");

        graph.todo().expireDeltaTokens(BOX);
        Answer expired = send("GET", deltaLink, null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body().path("error").path("code").asString()).isEqualTo("syncStateNotFound");

        graph.todo().userDeleteList(BOX, list);
        assertThat(send("GET", "/me/todo/lists/" + list + "/tasks/delta", null).status()).isEqualTo(404);
    }
}
