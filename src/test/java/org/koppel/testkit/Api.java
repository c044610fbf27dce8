package org.koppel.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for API tests: never throws on an error status, so tests assert on it. */
public final class Api {

    public record Response(int status, HttpHeaders headers, JsonNode body) {

        public long id() {
            return body.get("id").asLong();
        }

        /** The reasons given for one field in a problem+json body. */
        public java.util.List<String> reasonsFor(String field) {
            var reasons = new java.util.ArrayList<String>();
            if (body != null && body.has("errors")) {
                body.get("errors").forEach(e -> {
                    if (e.get("field").asString().equals(field)) reasons.add(e.get("reason").asString());
                });
            }
            return reasons;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RestClient client;
    private final String authorization;

    private Api(int port, String authorization) {
        this.client = RestClient.builder().baseUrl("http://localhost:" + port).build();
        this.authorization = authorization;
    }

    public static Api basic(int port, String login, String password) {
        return new Api(port, "Basic " + Base64.getEncoder()
                .encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static Api bearer(int port, String token) {
        return new Api(port, "Bearer " + token);
    }

    public static Api anonymous(int port) {
        return new Api(port, null);
    }

    public Response get(String path) {
        return send(HttpMethod.GET, path, null, h -> { });
    }

    public Response post(String path, String json) {
        return send(HttpMethod.POST, path, json, h -> { });
    }

    public Response put(String path, String json, Consumer<HttpHeaders> headers) {
        return send(HttpMethod.PUT, path, json, headers);
    }

    public Response patch(String path, String json, Consumer<HttpHeaders> headers) {
        return send(HttpMethod.PATCH, path, json, headers);
    }

    public Response delete(String path) {
        return send(HttpMethod.DELETE, path, null, h -> { });
    }

    public Response send(HttpMethod method, String path, String json, Consumer<HttpHeaders> headers) {
        var request = client.method(method).uri(path).headers(h -> {
            if (authorization != null) h.set(HttpHeaders.AUTHORIZATION, authorization);
            headers.accept(h);
        });
        if (json != null) request = request.contentType(MediaType.APPLICATION_JSON).body(json);
        return request.exchange((req, res) -> {
            byte[] bytes = res.getBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? null : readOrText(bytes);
            return new Response(res.getStatusCode().value(), res.getHeaders(), body);
        });
    }

    private static JsonNode readOrText(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (RuntimeException e) {
            return JSON.getNodeFactory().stringNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
