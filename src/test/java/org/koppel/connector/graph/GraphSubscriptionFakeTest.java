package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.testkit.Eventually;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.NotificationReceiver;
import org.koppel.testkit.graph.NotificationReceiver.Handshake;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Graph fake's change notifications, against a tiny webhook receiver instead of Koppel. */
class GraphSubscriptionFakeTest {

    private static final String BOX = "ilse@drukkerij.example";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeGraph graph;
    private NotificationReceiver receiver;
    private GraphClient client;
    private String folder;

    @BeforeEach
    void start() {
        graph = FakeGraph.start();
        receiver = NotificationReceiver.start();
        client = new GraphClient(graph.baseUrl(), TestTokens.fixed(graph.issueToken(BOX)), MailboxGate.unshared(4), json,
                GraphClient.Options.defaults());
        folder = graph.addFolder(BOX, "Koppel");
    }

    @AfterEach
    void stop() {
        receiver.close();
        graph.close();
    }

    private ObjectNode subscription(String resource, Instant expires) {
        return json.createObjectNode().put("changeType", "created,updated,deleted")
                .put("notificationUrl", receiver.url("/hook")).put("lifecycleNotificationUrl", receiver.url("/lifecycle"))
                .put("resource", resource).put("expirationDateTime", expires.toString()).put("clientState", "geheim-123");
    }

    private GraphResponse create(ObjectNode body) {
        return client.send("POST", "/subscriptions", Map.of(), body);
    }

    private String subscribe() {
        GraphResponse r = create(subscription("me/contactFolders/" + folder + "/contacts", Instant.now().plus(Duration.ofHours(48))));
        assertThat(r.status()).isEqualTo(201);
        return r.body().path("id").asString();
    }

    private List<JsonNode> notificationsAt(String path) {
        return receiver.received().stream().filter(r -> r.path().equals(path) && r.body() != null)
                .map(NotificationReceiver.Received::body).toList();
    }

    private void awaitNotifications(String path, int count) {
        Eventually.until(WAIT, count + " notifications at " + path, () -> notificationsAt(path).size() >= count);
    }

    @Test
    void creatingValidatesBothUrlsWithTheDecodedTokenAndOutlookChangesAreNotified() {
        String id = subscribe();

        var handshakes = receiver.received().stream().filter(r -> r.validationToken() != null).toList();
        assertThat(handshakes).extracting(NotificationReceiver.Received::path).containsExactly("/hook", "/lifecycle");
        assertThat(handshakes.getFirst().validationToken()).startsWith("Validation: Testing client application reachability");

        String contact = graph.outlookCreate(BOX, folder, "{\"surname\":\"Jansen\"}");
        awaitNotifications("/hook", 1);
        graph.outlookEdit(BOX, contact, "{\"surname\":\"Janssen\"}");
        awaitNotifications("/hook", 2);
        graph.outlookDelete(BOX, contact);
        awaitNotifications("/hook", 3);

        List<JsonNode> got = notificationsAt("/hook");
        assertThat(got).extracting(n -> n.path("value").get(0).path("changeType").asString()).containsExactly("created", "updated", "deleted");
        JsonNode first = got.getFirst().path("value").get(0);
        assertThat(first.path("subscriptionId").asString()).isEqualTo(id);
        assertThat(first.path("clientState").asString()).isEqualTo("geheim-123");
        assertThat(first.path("resource").asString()).endsWith("/Contacts/" + contact);
        assertThat(first.path("resourceData").path("id").asString()).isEqualTo(contact);
        assertThat(first.path("tenantId").asString()).isNotBlank();
        assertThat(first.path("subscriptionExpirationDateTime").asString()).isNotBlank();
        assertThat(graph.notificationsSent()).isEqualTo(3);
        assertThat(graph.notificationAnswers()).containsExactly(Map.entry(202, 3L));
    }

    @Test
    void changesMadeThroughTheApiAreNotifiedAndOtherFoldersAreNot() {
        subscribe();
        String other = graph.addFolder(BOX, "Privé");
        graph.outlookCreate(BOX, other, "{\"surname\":\"Elders\"}");
        GraphResponse created = client.send("POST", "/me/contactFolders/" + folder + "/contacts", Map.of(),
                json.createObjectNode().put("surname", "Hier"));
        assertThat(created.status()).isEqualTo(201);

        awaitNotifications("/hook", 1);
        assertThat(notificationsAt("/hook")).extracting(n -> n.path("value").get(0).path("resourceData").path("id").asString())
                .containsExactly(created.body().path("id").asString());
    }

    @Test
    void aHandshakeNotAnsweredAsDocumentedFailsTheCreateWith400() {
        String resource = "me/contactFolders/" + folder + "/contacts";
        Instant expires = Instant.now().plus(Duration.ofHours(1));
        for (Handshake wrong : List.of(Handshake.ENCODED, Handshake.WRONG_TYPE, Handshake.REFUSE)) {
            receiver.handshake(wrong);
            GraphResponse r = create(subscription(resource, expires));
            assertThat(r.status()).as(wrong.name()).isEqualTo(400);
            assertThat(r.errorMessage()).contains("validation");
        }
        ObjectNode unreachable = subscription(resource, expires).put("notificationUrl", "http://127.0.0.1:1/hook");
        assertThat(create(unreachable).status()).isEqualTo(400);
        assertThat(graph.subscriptions(BOX)).isEmpty();
    }

    @Test
    void aSubscriptionThatBreaksTheDocumentedRulesIsRefused() {
        String resource = "me/contactFolders/" + folder + "/contacts";
        Instant ok = Instant.now().plus(Duration.ofHours(1));
        Instant beyondMaximum = Instant.now().plus(FakeGraph.SUBSCRIPTION_MAXIMUM).plus(Duration.ofMinutes(5));
        assertThat(create(subscription(resource, beyondMaximum)).status()).isEqualTo(400);
        assertThat(create(subscription(resource, Instant.now().minusSeconds(60))).status()).isEqualTo(400);
        assertThat(create(subscription(resource, ok).put("changeType", "created,moved")).status()).isEqualTo(400);
        assertThat(create(subscription(resource, ok).put("notificationUrl", "http://koppel.example/hook")).status()).isEqualTo(400);
        assertThat(create(subscription(resource, ok).put("clientState", "x".repeat(129))).status()).isEqualTo(400);
        assertThat(create(subscription("me/contactFolders/AAMkNoSuchFolder/contacts", ok)).status()).isEqualTo(404);
        assertThat(create(subscription("me/contacts", ok)).status()).isEqualTo(201);
        assertThat(receiver.received()).allMatch(r -> r.validationToken() != null);
    }

    @Test
    void renewalDeletionAndListing() {
        String id = subscribe();
        Instant later = Instant.now().plus(Duration.ofHours(70));
        GraphResponse renewed = client.send("PATCH", "/subscriptions/" + id, Map.of(),
                json.createObjectNode().put("expirationDateTime", later.toString()));
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(Instant.parse(renewed.body().path("expirationDateTime").asString())).isEqualTo(later);
        GraphResponse tooLong = client.send("PATCH", "/subscriptions/" + id, Map.of(),
                json.createObjectNode().put("expirationDateTime", Instant.now().plus(Duration.ofDays(4)).toString()));
        assertThat(tooLong.status()).isEqualTo(400);

        assertThat(client.get("/subscriptions", Map.of()).body().path("value")).hasSize(1);
        assertThat(client.send("DELETE", "/subscriptions/" + id, Map.of(), null).status()).isEqualTo(204);
        assertThat(client.get("/subscriptions", Map.of()).body().path("value")).isEmpty();
        assertThat(client.send("PATCH", "/subscriptions/" + id, Map.of(),
                json.createObjectNode().put("expirationDateTime", later.toString())).status()).isEqualTo(404);
    }

    @Test
    void expiredOrDroppedSubscriptionsStopNotifyingAndCannotBeRenewed() {
        String expired = subscribe();
        String dropped = subscribe();
        String alive = subscribe();
        graph.expireSubscription(expired);
        graph.dropSubscription(dropped);

        graph.outlookCreate(BOX, folder, "{\"surname\":\"Laat\"}");
        awaitNotifications("/hook", 1);
        assertThat(notificationsAt("/hook")).extracting(n -> n.path("value").get(0).path("subscriptionId").asString())
                .containsExactly(alive);
        assertThat(graph.subscriptions(BOX)).extracting(s -> s.path("id").asString()).containsExactly(alive);
        for (String gone : List.of(expired, dropped)) {
            assertThat(client.send("PATCH", "/subscriptions/" + gone, Map.of(),
                    json.createObjectNode().put("expirationDateTime", Instant.now().plus(Duration.ofHours(1)).toString())).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void lifecycleNotificationsGoToTheLifecycleUrl() {
        String id = subscribe();
        assertThat(graph.sendLifecycle(id, "missed")).isEqualTo(202);
        assertThat(graph.sendLifecycle(id, "subscriptionRemoved")).isEqualTo(202);

        List<JsonNode> lifecycle = notificationsAt("/lifecycle");
        assertThat(lifecycle).extracting(n -> n.path("value").get(0).path("lifecycleEvent").asString())
                .containsExactly("missed", "subscriptionRemoved");
        assertThat(lifecycle.getFirst().path("value").get(0).path("clientState").asString()).isEqualTo("geheim-123");
        assertThat(graph.subscriptions(BOX)).isEmpty();
        assertThat(notificationsAt("/hook")).isEmpty();
    }

    @Test
    void unansweredNotificationsAreCountedByStatus() {
        subscribe();
        receiver.notificationStatus(500);
        graph.outlookCreate(BOX, folder, "{\"surname\":\"Fout\"}");
        Eventually.until(WAIT, "an answered notification", () -> !graph.notificationAnswers().isEmpty());
        assertThat(graph.notificationAnswers()).containsExactly(Map.entry(500, 1L));
    }
}
