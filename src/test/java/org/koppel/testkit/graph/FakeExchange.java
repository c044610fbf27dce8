package org.koppel.testkit.graph;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Requests and answers inside the fake: one shape for plain HTTP requests and requests in a batch. */
final class FakeExchange {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeExchange() {
    }

    /**
     * @param prefix   "/me" or "/users/{id}", kept for the links the fake writes back
     * @param segments the path after the prefix, decoded
     * @param headers  names in lower case
     */
    record Request(String method, String prefix, java.util.List<String> segments, Map<String, String> query,
                   Map<String, String> headers, JsonNode body, String mailbox, boolean inBatch) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String path() {
            return prefix + "/" + String.join("/", segments);
        }
    }

    record Response(int status, Map<String, String> headers, JsonNode body) {

        static Response json(int status, JsonNode body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body);
        }

        static Response empty(int status) {
            return new Response(status, Map.of(), null);
        }

        /** The error shape of https://learn.microsoft.com/graph/errors. */
        static Response error(int status, String code, String message) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode error = body.putObject("error").put("code", code).put("message", message);
            error.putObject("innerError").put("date", Instant.now().toString()).put("request-id", java.util.UUID.randomUUID().toString());
            return json(status, body);
        }

        Response header(String name, String value) {
            var copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Response(status, copy, body);
        }
    }
}
