package org.koppel.testkit.google;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One answer of the Google fake. API errors take the shape of Google's error model ("Errors",
 * https://cloud.google.com/apis/design/errors): {@code {"error": {"code", "message", "status", "details": [ErrorInfo]}}},
 * the ErrorInfo carrying {@code reason}, {@code domain} and {@code metadata}. The OAuth endpoints answer
 * RFC 6749 errors instead ({@code {"error": "invalid_grant", "error_description": ...}}), see {@link FakeGoogleOAuth}.
 */
record GoogleResponse(int status, Map<String, String> headers, JsonNode body) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static GoogleResponse json(int status, JsonNode body) {
        return new GoogleResponse(status, new LinkedHashMap<>(), body);
    }

    /** @param reason the ErrorInfo reason; null for none (then no details) */
    static GoogleResponse error(int status, String canonical, String message, String reason, String domain) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", status);
        error.put("message", message);
        error.put("status", canonical);
        if (reason != null) {
            ObjectNode info = error.putArray("details").addObject();
            info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
            info.put("reason", reason);
            info.put("domain", domain);
        }
        return json(status, body);
    }

    /**
     * The Calendar and Tasks APIs' error shape, as "Handle API errors" shows every example
     * (https://developers.google.com/calendar/api/guides/errors): {@code {"error": {"errors": [{"domain",
     * "reason", "message"}], "code", "message"}}}, the reason being what a client keys on.
     */
    static GoogleResponse legacy(int status, String domain, String reason, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.putArray("errors").addObject().put("domain", domain).put("reason", reason).put("message", message);
        error.put("code", status);
        error.put("message", message);
        return json(status, body);
    }

    static GoogleResponse invalidArgument(String message) {
        return error(400, "INVALID_ARGUMENT", message, null, null);
    }

    static GoogleResponse notFound(String message) {
        return error(404, "NOT_FOUND", message, null, null);
    }

    GoogleResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
