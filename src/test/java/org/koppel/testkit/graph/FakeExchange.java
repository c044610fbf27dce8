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
     * @param scopes   the permissions the token was granted; null when the token check does not tell (all allowed)
     */
    record Request(String method, String prefix, java.util.List<String> segments, Map<String, String> query,
                   Map<String, String> headers, JsonNode body, String mailbox, boolean inBatch, java.util.Set<String> scopes) {

        /** Whether the token was granted one of {@code permissions} (compared case-insensitively, as Entra scopes are). */
        boolean granted(String... permissions) {
            if (scopes == null) return true;
            for (String p : permissions) {
                for (String s : scopes) if (s.equalsIgnoreCase(p)) return true;
            }
            return false;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String path() {
            return prefix + "/" + String.join("/", segments);
        }
    }

    /** @param raw a body that is not JSON (the MIME of a message), sent as is with its own Content-Type; else null */
    record Response(int status, Map<String, String> headers, JsonNode body, byte[] raw) {

        Response(int status, Map<String, String> headers, JsonNode body) {
            this(status, headers, body, null);
        }

        static Response bytes(int status, String contentType, byte[] raw) {
            return new Response(status, Map.of("Content-Type", contentType), null, raw);
        }

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
            return new Response(status, copy, body, raw);
        }
    }
}
