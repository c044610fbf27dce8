package org.koppel.testkit.graph;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.koppel.testkit.graph.FakeExchange.Response;

/**
 * Change notifications (webhooks) of the Graph fake, written from:
 * <ul>
 * <li>"subscription resource type" (properties; maximum length for Outlook contacts: 4,230 minutes,
 * https://learn.microsoft.com/graph/api/resources/subscription) and "Create subscription", "Update
 * subscription", "Delete subscription", "List subscriptions" (https://learn.microsoft.com/graph/api/);</li>
 * <li>"Receive change notifications through webhooks" (the validation handshake: a POST to the URL with
 * {@code ?validationToken=}, to be answered within 10 seconds with 200, text/plain and the decoded
 * token, else the create is a 400; notifications published "using an HTTP client with a 3-second
 * timeout"; https://learn.microsoft.com/graph/change-notifications-delivery-webhooks);</li>
 * <li>"Reduce missing subscriptions and change notifications" (lifecycle notifications and their shape,
 * https://learn.microsoft.com/graph/change-notifications-lifecycle-events).</li>
 * </ul>
 * Departures, on purpose: a notificationUrl may be plain http on a loopback address (tests have no
 * TLS; Graph wants https); a notification that is not answered 2xx is counted, not retried for 4 hours.
 */
final class FakeSubscriptions {

    static final String TENANT_ID = "6c5f9d1e-8a3b-4e2f-9b7c-1d2e3f4a5b6c";
    static final Set<String> CHANGE_TYPES = Set.of("created", "updated", "deleted");

    /** One notification POST as the fake sent it and how it was answered (0: no answer in time). */
    record Delivery(String url, JsonNode body, int status) {
    }

    static final class Subscription {
        final String id;
        final String mailbox;
        final String resource;
        final String folderId;
        final Set<String> changeTypes;
        final String notificationUrl;
        final String lifecycleUrl;
        final String clientState;
        volatile Instant expires;
        volatile boolean dropped;

        Subscription(String id, String mailbox, String resource, String folderId, Set<String> changeTypes,
                     String notificationUrl, String lifecycleUrl, String clientState, Instant expires) {
            this.id = id;
            this.mailbox = mailbox;
            this.resource = resource;
            this.folderId = folderId;
            this.changeTypes = changeTypes;
            this.notificationUrl = notificationUrl;
            this.lifecycleUrl = lifecycleUrl;
            this.clientState = clientState;
            this.expires = expires;
        }

        boolean active() {
            return !dropped && expires.isAfter(Instant.now());
        }
    }

    private final Duration maximum;
    private final Function<String, FakeMailbox> mailboxes;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final ExecutorService notifier = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    FakeSubscriptions(Duration maximum, Function<String, FakeMailbox> mailboxes) {
        this.maximum = maximum;
        this.mailboxes = mailboxes;
    }

    void close() {
        notifier.shutdownNow();
    }

    // ---- the API ------------------------------------------------------------------------------

    static String kind(String method, List<String> segments) {
        if (segments.size() == 1) return method.equals("POST") ? "subscription.create" : "subscription.list";
        return switch (method) {
            case "PATCH" -> "subscription.update";
            case "DELETE" -> "subscription.delete";
            default -> "subscription.get";
        };
    }

    /** {@code segments} start with "subscriptions". */
    Response handle(String method, List<String> segments, JsonNode body, String mailbox) {
        if (segments.size() == 1) {
            return switch (method) {
                case "POST" -> create(body, mailbox);
                case "GET" -> list(mailbox);
                default -> notAllowed();
            };
        }
        if (segments.size() != 2) return notFound();
        Subscription s = subscriptions.get(segments.get(1));
        // Graph deletes a subscription that ran out ("If you don't renew a subscription in time, Microsoft
        // Graph deletes the subscription"), and a user sees only the subscriptions made for them.
        if (s == null || !s.active() || !s.mailbox.equals(mailbox)) return notFound();
        return switch (method) {
            case "GET" -> Response.json(200, json(s));
            case "PATCH" -> renew(s, body);
            case "DELETE" -> {
                subscriptions.remove(s.id);
                yield Response.empty(204);
            }
            default -> notAllowed();
        };
    }

    private Response create(JsonNode body, String mailbox) {
        if (body == null || !body.isObject()) return bad("A subscription is required in the body.");
        Set<String> changeTypes = new LinkedHashSet<>();
        for (String t : body.path("changeType").asString("").split(",")) {
            String type = t.strip();
            if (!CHANGE_TYPES.contains(type)) return bad("Invalid changeType '" + type + "'; use created, updated, deleted.");
            changeTypes.add(type);
        }
        String notificationUrl = body.path("notificationUrl").asString("");
        String problem = urlProblem("notificationUrl", notificationUrl, true);
        String lifecycleUrl = body.path("lifecycleNotificationUrl").asString(null);
        if (problem == null && lifecycleUrl != null) problem = urlProblem("lifecycleNotificationUrl", lifecycleUrl, false);
        if (problem != null) return bad(problem);
        String clientState = body.path("clientState").asString(null);
        if (clientState != null && clientState.length() > 128) return bad("clientState is longer than 128 characters.");
        Instant expires = expiry(body);
        if (expires == null) return bad(expiryProblem());
        String folderId;
        try {
            folderId = folderOf(body.path("resource").asString(""), mailbox);
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        if (folderId == null) return Response.error(404, "ResourceNotFound", "The contact folder of the resource was not found.");
        for (String url : lifecycleUrl == null ? List.of(notificationUrl) : List.of(notificationUrl, lifecycleUrl)) {
            if (!validates(url)) {
                return bad("Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.");
            }
        }
        var s = new Subscription(UUID.randomUUID().toString(), mailbox, body.path("resource").asString(), folderId, changeTypes,
                notificationUrl, lifecycleUrl, clientState, expires);
        subscriptions.put(s.id, s);
        return Response.json(201, json(s));
    }

    private Response renew(Subscription s, JsonNode body) {
        Instant expires = body == null ? null : expiry(body);
        if (expires == null) return bad(expiryProblem());
        s.expires = expires;
        return Response.json(200, json(s));
    }

    private Response list(String mailbox) {
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        var value = body.putArray("value");
        subscriptions.values().stream().filter(s -> s.mailbox.equals(mailbox) && s.active()).forEach(s -> value.add(json(s)));
        return Response.json(200, body);
    }

    /** In the future and not beyond the documented maximum; null otherwise. */
    private Instant expiry(JsonNode body) {
        try {
            Instant at = OffsetDateTime.parse(body.path("expirationDateTime").asString("")).toInstant();
            Instant now = Instant.now();
            return at.isAfter(now) && !at.isAfter(now.plus(maximum)) ? at : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private String expiryProblem() {
        return "expirationDateTime must be in the future and at most " + maximum.toMinutes() + " minutes from now.";
    }

    /**
     * The folder of a contacts resource: {@code me/contacts} (the default folder) or
     * {@code me/contactFolders/{id}/contacts}, {@code users/{id}/...} alike ("Change notifications for
     * Outlook resources", supported resource paths). Null when the folder does not exist.
     */
    private String folderOf(String resource, String mailbox) {
        var segments = new ArrayList<>(List.of(resource.replaceFirst("^/", "").split("/")));
        if (segments.size() >= 2 && segments.getFirst().equalsIgnoreCase("users")) {
            if (!segments.get(1).equalsIgnoreCase(mailbox)) throw new IllegalArgumentException("Access is denied to the resource.");
            segments.subList(0, 2).clear();
        } else if (!segments.isEmpty() && segments.getFirst().equalsIgnoreCase("me")) {
            segments.removeFirst();
        } else {
            throw new IllegalArgumentException("Invalid resource '" + resource + "'.");
        }
        FakeMailbox mb = mailboxes.apply(mailbox);
        if (segments.size() == 1 && segments.getFirst().equalsIgnoreCase("contacts")) return mb.defaultFolderId;
        if (segments.size() == 3 && segments.get(0).equalsIgnoreCase("contactFolders") && segments.get(2).equalsIgnoreCase("contacts")) {
            return mb.hasFolder(segments.get(1)) ? segments.get(1) : null;
        }
        throw new IllegalArgumentException("Invalid resource '" + resource + "' (this fake knows contacts only).");
    }

    private static String urlProblem(String name, String url, boolean required) {
        if (url.isEmpty()) return required ? name + " is required." : null;
        try {
            URI u = URI.create(url);
            if ("https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) return null;
            if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && InetAddress.getByName(u.getHost()).isLoopbackAddress()) {
                return null;
            }
        } catch (IllegalArgumentException | UnknownHostException e) {
            return name + " is not a valid URL.";
        }
        return name + " must use https.";
    }

    // ---- the handshake ------------------------------------------------------------------------

    /** POST {url}?validationToken=..., answered within 10 s with 200, text/plain, the decoded token. */
    private boolean validates(String url) {
        String token = "Validation: Testing client application reachability for subscription Request-Id: " + UUID.randomUUID();
        URI target = URI.create(url + (url.contains("?") ? "&" : "?") + "validationToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            return r.statusCode() == 200 && type.startsWith("text/plain") && r.body().equals(token);
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- notifications ------------------------------------------------------------------------

    /** A contact changed in the mailbox: every active subscription of its folder gets a notification. */
    void changed(String mailbox, String folderId, String contactId, String changeType, String changeKey) {
        for (Subscription s : subscriptions.values()) {
            if (!s.mailbox.equals(mailbox) || !s.folderId.equals(folderId) || !s.changeTypes.contains(changeType) || !s.active()) continue;
            ObjectNode n = envelope(s);
            String resource = "Users/" + mailbox + "/Contacts/" + contactId;
            n.put("changeType", changeType).put("resource", resource);
            ObjectNode data = n.putObject("resourceData").put("@odata.type", "#Microsoft.Graph.Contact").put("@odata.id", resource);
            if (changeKey != null && !changeType.equals("deleted")) data.put("@odata.etag", "W/\"" + changeKey + "\"");
            data.put("id", contactId);
            notifier.submit(() -> post(s.notificationUrl, collection(n)));
        }
    }

    /** Sends a lifecycle notification now and returns the answer's status; subscriptionRemoved also removes it. */
    int lifecycle(String subscriptionId, String event) {
        Subscription s = subscriptions.get(subscriptionId);
        if (s == null) throw new IllegalArgumentException("no subscription " + subscriptionId);
        if (s.lifecycleUrl == null) throw new IllegalStateException("subscription " + subscriptionId + " has no lifecycleNotificationUrl");
        if (event.equals("subscriptionRemoved")) s.dropped = true;
        ObjectNode n = envelope(s).put("lifecycleEvent", event);
        return post(s.lifecycleUrl, collection(n));
    }

    void drop(String subscriptionId) {
        Optional.ofNullable(subscriptions.get(subscriptionId)).ifPresent(s -> s.dropped = true);
    }

    void expire(String subscriptionId) {
        Optional.ofNullable(subscriptions.get(subscriptionId)).ifPresent(s -> s.expires = Instant.now().minusSeconds(1));
    }

    List<ObjectNode> active(String mailbox) {
        return subscriptions.values().stream().filter(s -> s.mailbox.equals(mailbox) && s.active()).map(this::json).toList();
    }

    Optional<ObjectNode> find(String subscriptionId) {
        return Optional.ofNullable(subscriptions.get(subscriptionId)).map(this::json);
    }

    long sent() {
        return sent.get();
    }

    Map<Integer, Long> answers() {
        var copy = new java.util.TreeMap<Integer, Long>();
        answers.forEach((status, n) -> copy.put(status, n.get()));
        return copy;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private ObjectNode envelope(Subscription s) {
        ObjectNode n = FakeExchange.JSON.createObjectNode().put("subscriptionId", s.id)
                .put("subscriptionExpirationDateTime", s.expires.toString()).put("tenantId", TENANT_ID);
        if (s.clientState != null) n.put("clientState", s.clientState);
        return n;
    }

    private static ObjectNode collection(ObjectNode notification) {
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        body.putArray("value").add(notification);
        return body;
    }

    private int post(String url, ObjectNode body) {
        sent.incrementAndGet();
        int status = 0;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(FakeExchange.JSON.writeValueAsBytes(body))).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answers.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        deliveries.add(new Delivery(url, body, status));
        return status;
    }

    private ObjectNode json(Subscription s) {
        ObjectNode j = FakeExchange.JSON.createObjectNode()
                .put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity")
                .put("id", s.id).put("resource", s.resource).put("applicationId", "24d3b144-21ae-4080-943f-7067b395b913")
                .put("changeType", String.join(",", s.changeTypes)).put("notificationUrl", s.notificationUrl)
                .put("expirationDateTime", s.expires.toString()).put("creatorId", s.mailbox)
                .put("latestSupportedTlsVersion", "v1_2");
        if (s.clientState != null) j.put("clientState", s.clientState);
        if (s.lifecycleUrl != null) j.put("lifecycleNotificationUrl", s.lifecycleUrl);
        return j;
    }

    private static Response bad(String message) {
        return Response.error(400, "InvalidRequest", message);
    }

    private static Response notFound() {
        return Response.error(404, "ResourceNotFound", "The object was not found.");
    }

    private static Response notAllowed() {
        return Response.error(405, "BadRequest", "The request method is not supported for subscriptions.");
    }
}
