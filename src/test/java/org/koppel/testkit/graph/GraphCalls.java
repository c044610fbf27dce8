package org.koppel.testkit.graph;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A {@link FakeGraph} of its own and plain HTTP calls to it as one mailbox, for tests of the fake's own rules. */
public final class GraphCalls implements AutoCloseable {

    /** A status and the JSON body (a missing node when empty). */
    public record Answer(int status, JsonNode body) {
        public String error() {
            return body.path("error").path("code").asString("");
        }
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeGraph graph;
    private final String token;

    private GraphCalls(FakeGraph graph, String mailbox) {
        this.graph = graph;
        this.token = graph.issueToken(mailbox);
    }

    /** Starts a fake with these settings; {@link #close} stops it. */
    public static GraphCalls start(FakeGraphSettings settings, String mailbox) {
        return new GraphCalls(FakeGraph.start(settings), mailbox);
    }

    public FakeGraph graph() {
        return graph;
    }

    /** {@code pathOrUrl}: relative to the version ("/me/events") or a link the fake sent; {@code headers} name, value, ... */
    public Answer send(String method, String pathOrUrl, String body, String... headers) throws Exception {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : graph.baseUrl() + pathOrUrl;
        var request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? json.missingNode() : json.readTree(r.body()));
    }

    @Override
    public void close() {
        http.close();
        graph.close();
    }
}
