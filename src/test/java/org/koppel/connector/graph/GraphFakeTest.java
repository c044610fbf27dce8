package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Graph fake keeps the documented rules a client could otherwise come to rely on breaking. */
class GraphFakeTest {

    private static final String BOX = "cor@bakkerij.example";
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeGraph graph;

    @AfterEach
    void stop() {
        graph.close();
        http.close();
    }

    private record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    }

    private Answer send(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(graph.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? json.missingNode() : json.readTree(r.body()), r.headers());
    }

    @Test
    void withoutAValidBearerTokenEveryRequestIs401() throws Exception {
        graph = FakeGraph.start();
        Answer none = send("GET", "/me/contactFolders", null, null);
        Answer wrong = send("GET", "/me/contactFolders", "made-up", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.body().path("error").path("code").asString()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void aBatchOfMoreThanTwentyRequestsIsRefusedWhole() throws Exception {
        graph = FakeGraph.start();
        String token = graph.issueToken(BOX);
        var requests = new StringBuilder();
        for (int i = 1; i <= 21; i++) {
            requests.append(i > 1 ? "," : "").append("{\"id\":\"").append(i).append("\",\"method\":\"GET\",\"url\":\"/me/contactFolders\"}");
        }
        Answer r = send("POST", "/$batch", token, "{\"requests\":[" + requests + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(graph.served("folder.list")).isZero();
    }

    @Test
    void contactDeltaRefusesExpandAndAStaleIfMatchIs412() throws Exception {
        graph = FakeGraph.start();
        String token = graph.issueToken(BOX);
        String folder = graph.addFolder(BOX, "Koppel");
        Answer expand = send("GET", "/me/contactFolders/" + folder + "/contacts/delta?$expand=singleValueExtendedProperties", token, null);
        assertThat(expand.status()).isEqualTo(400);

        Answer created = send("POST", "/me/contactFolders/" + folder + "/contacts", token, "{\"surname\":\"Een\"}");
        String id = created.body().path("id").asString();
        String etag = created.body().path("@odata.etag").asString();
        assertThat(etag).isEqualTo("W/\"" + created.body().path("changeKey").asString() + "\"");
        graph.outlookEdit(BOX, id, "{\"surname\":\"Twee\"}");
        Answer stale = sendIfMatch("PATCH", "/me/contacts/" + id, token, "{\"surname\":\"Drie\"}", etag);
        assertThat(stale.status()).isEqualTo(412);
        Answer unknownProperty = send("PATCH", "/me/contacts/" + id, token, "{\"shoeSize\":\"44\"}");
        assertThat(unknownProperty.status()).isEqualTo(400);
    }

    private Answer sendIfMatch(String method, String path, String token, String body, String etag) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(graph.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).header("If-Match", etag);
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), json.readTree(r.body()), r.headers());
    }

    @Test
    void overTheRequestLimitOfTheWindowTheMailboxIsThrottledWithRetryAfter() throws Exception {
        graph = FakeGraph.start(FakeGraphSettings.published().withRequestsPerWindow(3, Duration.ofMinutes(10)));
        String token = graph.issueToken(BOX);
        for (int i = 0; i < 3; i++) assertThat(send("GET", "/me/contactFolders", token, null).status()).isEqualTo(200);
        Answer fourth = send("GET", "/me/contactFolders", token, null);
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isGreaterThan(500);
        assertThat(send("GET", "/me/contactFolders", graph.issueToken("other@bakkerij.example"), null).status())
                .as("limits are per mailbox").isEqualTo(200);
    }
}
