package org.koppel.connector.graph;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * The subscription calls of Graph v1.0, as Koppel uses them: "Create subscription" (POST
 * /subscriptions, 201), "Update subscription" (PATCH /subscriptions/{id} with a new
 * expirationDateTime, 200; it renews and reauthorizes at once, "Reduce missing subscriptions and
 * change notifications": https://learn.microsoft.com/graph/change-notifications-lifecycle-events) and
 * "Delete subscription" (DELETE /subscriptions/{id}, 204). Pages under
 * https://learn.microsoft.com/graph/api/ (subscription-post-subscriptions, subscription-update,
 * subscription-delete).
 */
final class SubscriptionRequests {

    /** What Graph confirmed: the id and the expiry it actually set. */
    record Created(String id, Instant expiresAt) {
    }

    private final GraphClient client;

    SubscriptionRequests(GraphClient client) {
        this.client = client;
    }

    /**
     * Subscribes to created, updated and deleted contacts of {@code resource}. Graph validates both
     * URLs with the handshake before it answers; a failed handshake is a 400 ("If validation fails,
     * the request to create the subscription returns a 400 Bad Request error").
     */
    Created create(String resource, String notificationUrl, String lifecycleUrl, String clientState, Instant expiresAt) {
        ObjectNode body = client.json().createObjectNode()
                .put("changeType", "created,updated,deleted")
                .put("notificationUrl", notificationUrl)
                .put("lifecycleNotificationUrl", lifecycleUrl)
                .put("resource", resource)
                .put("expirationDateTime", expiresAt.toString())
                .put("clientState", clientState)
                .put("latestSupportedTlsVersion", "v1_2");
        GraphResponse r = client.send("POST", "/subscriptions", Map.of(), body);
        if (!r.ok()) {
            throw GraphErrors.failure(r, "subscribe to contact changes (Microsoft 365 must reach " + notificationUrl + ")", client.clock());
        }
        return new Created(r.body().path("id").asString(), expiry(r, expiresAt));
    }

    /** The new expiry, or null when Graph no longer knows the subscription (404): create it anew. */
    Instant renew(String subscriptionId, Instant expiresAt) {
        ObjectNode body = client.json().createObjectNode().put("expirationDateTime", expiresAt.toString());
        GraphResponse r = client.send("PATCH", path(subscriptionId), Map.of(), body);
        if (r.status() == 404) return null;
        if (!r.ok()) throw GraphErrors.failure(r, "renew the contact change subscription", client.clock());
        return expiry(r, expiresAt);
    }

    /** Deletes it; one Graph no longer knows (404) is gone already. */
    void delete(String subscriptionId) {
        GraphResponse r = client.send("DELETE", path(subscriptionId), Map.of(), null);
        if (!r.ok() && r.status() != 404) throw GraphErrors.failure(r, "delete the contact change subscription", client.clock());
    }

    private static String path(String subscriptionId) {
        return "/subscriptions/" + ContactFolder.segment(subscriptionId);
    }

    /** Graph answers with the subscription, its expirationDateTime included; the one asked for otherwise. */
    private static Instant expiry(GraphResponse r, Instant asked) {
        String value = r.body().path("expirationDateTime").asString("");
        try {
            return value.isEmpty() ? asked : java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            return asked;
        }
    }
}
