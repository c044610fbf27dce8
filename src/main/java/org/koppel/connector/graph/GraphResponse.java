package org.koppel.connector.graph;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One Graph answer, of a plain request or of one request inside a JSON batch: status, headers
 * (names in lower case, as batch responses spell them freely) and the JSON body (missing when none).
 * A successful answer that is not JSON (a message's MIME, {@link GraphClient#getBytes}) is kept in
 * {@code raw} instead, its body missing.
 */
public record GraphResponse(int status, Map<String, String> headers, JsonNode body, byte[] raw) {

    public GraphResponse {
        headers = Map.copyOf(headers);
        body = body == null ? MissingNode.getInstance() : body;
    }

    public GraphResponse(int status, Map<String, String> headers, JsonNode body) {
        this(status, headers, body, null);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Graph's error code ({@code error.code}, see https://learn.microsoft.com/graph/errors), or "". */
    public String errorCode() {
        return text(body.path("error").path("code"));
    }

    public String errorMessage() {
        return text(body.path("error").path("message"));
    }

    /**
     * 429 (throttled), 503 (overloaded, "may be specified in a Retry-After header") and 504 (may occur
     * together with 503): the Graph error page lists these as worth repeating after a delay.
     */
    public boolean throttled() {
        return status == 429 || status == 503 || status == 504;
    }

    /** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
    public Optional<Duration> retryAfter(Clock clock) {
        return header("Retry-After").flatMap(value -> org.koppel.connector.RetryAfter.parse(value, clock));
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : "";
    }
}
