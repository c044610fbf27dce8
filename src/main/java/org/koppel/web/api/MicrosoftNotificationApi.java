package org.koppel.web.api;

import java.nio.charset.StandardCharsets;

import org.koppel.connector.graph.GraphNotifications;
import org.koppel.connector.graph.GraphSubscriptions;
import org.koppel.crm.InvalidInputException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.ObjectMapper;

/**
 * Where Microsoft Graph posts change and lifecycle notifications for Microsoft 365 connections. Open
 * without a Koppel sign-in (Graph has none; the clientState proves the sender, see
 * {@link GraphNotifications}), body size limited like every API request.
 *
 * <p>The validation handshake ("Receive change notifications through webhooks", notificationUrl
 * validation: https://learn.microsoft.com/graph/change-notifications-delivery-webhooks): Graph posts
 * {@code ?validationToken=...}; the answer within 10 seconds is 200, {@code text/plain}, and the
 * URL-decoded token as the whole body ("If the client returns an encoded validation token, the
 * validation fails"). The servlet container has URL-decoded the parameter already. "Microsoft Graph
 * never sends any value containing HTML or JavaScript", so a token with angle brackets is refused
 * rather than echoed, and nosniff (set by Spring Security) keeps a browser from reading it as HTML.
 *
 * <p>Notifications are answered 202 whatever they hold, valid or not: Graph expects a quick 2xx
 * and would otherwise retry for hours; work is only flagged, never done in the request.
 */
@RestController
@RequestMapping(GraphSubscriptions.NOTIFICATION_PATH)
class MicrosoftNotificationApi {

    private static final MediaType PLAIN = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final int LONGEST_TOKEN = 4096;

    private final GraphNotifications notifications;
    private final ObjectMapper json;

    MicrosoftNotificationApi(GraphNotifications notifications, ObjectMapper json) {
        this.notifications = notifications;
        this.json = json;
    }

    @PostMapping(params = "validationToken")
    ResponseEntity<String> validate(@RequestParam String validationToken) {
        return echo(validationToken);
    }

    @PostMapping(path = "/lifecycle", params = "validationToken")
    ResponseEntity<String> validateLifecycle(@RequestParam String validationToken) {
        return echo(validationToken);
    }

    @PostMapping
    ResponseEntity<Void> changes(@RequestBody(required = false) byte[] body) {
        return accept(body);
    }

    @PostMapping("/lifecycle")
    ResponseEntity<Void> lifecycle(@RequestBody(required = false) byte[] body) {
        return accept(body);
    }

    private ResponseEntity<Void> accept(byte[] body) {
        if (body == null || body.length == 0) throw new InvalidInputException("body", "is required: a change notification collection");
        notifications.accept(json.readTree(body));
        return ResponseEntity.accepted().build();
    }

    private static ResponseEntity<String> echo(String token) {
        if (token.isEmpty() || token.length() > LONGEST_TOKEN || token.indexOf('<') >= 0 || token.indexOf('>') >= 0) {
            throw new InvalidInputException("validationToken", "is not a Microsoft Graph validation token");
        }
        return ResponseEntity.ok().contentType(PLAIN).body(token);
    }
}
