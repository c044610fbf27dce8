package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.connector.graph.GraphSubscriptions.Outcome;
import org.koppel.store.ConnectionStore;
import org.koppel.store.GraphSubscriptionStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.graph.FakeGraph;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeping a connection's change subscription alive against the Graph fake, with Koppel's real
 * notification endpoint answering the fake's validation handshakes and lifecycle notifications.
 */
@OnH2
class GraphSubscriptionsTest {

    private static final String BOX = "anouk@notaris.example";

    @LocalServerPort int port;
    @Autowired GraphSubscriptionStore store;
    @Autowired ConnectionStore connections;
    @Autowired Samples samples;
    @Autowired JdbcClient jdbc;

    private FakeGraph graph;
    private GraphClient client;
    private GraphSubscriptions subscriptions;
    private long connection;
    private String folder;

    @BeforeEach
    void setUp() {
        graph = FakeGraph.start();
        client = new GraphClient(graph.baseUrl(), TestTokens.fixed(graph.issueToken(BOX)), MailboxGate.unshared(4),
                JsonMapper.builder().build(), GraphClient.Options.defaults());
        subscriptions = push("http://127.0.0.1:" + port + "/");
        connection = connections.insert("microsoft365", "Outlook", samples.employee("anouk"), Map.of(), null, Instant.now());
        folder = graph.addFolder(BOX, "Koppel");
    }

    @AfterEach
    void tearDown() {
        graph.close();
    }

    private GraphSubscriptions push(String publicUrl) {
        return new GraphSubscriptions(store, publicUrl, Clock.systemUTC(), Runnable::run);
    }

    private GraphSubscription stored() {
        return store.ofConnection(connection).orElseThrow();
    }

    private ObjectNode atGraph() {
        assertThat(graph.subscriptions(BOX)).hasSize(1);
        return graph.subscriptions(BOX).getFirst();
    }

    private void expiresIn(Duration left) {
        jdbc.sql("UPDATE graph_subscription SET expires_at = ? WHERE connection_id = ?")
                .params(java.sql.Timestamp.from(Instant.now().plus(left)), connection).update();
    }

    @Test
    void theFirstEnsureSubscribesAndOnlyAHashOfTheClientStateIsKept() {
        assertThat(subscriptions.ensure(client, connection, folder)).isEqualTo(Outcome.CREATED);

        ObjectNode s = atGraph();
        assertThat(s.path("resource").asString()).isEqualTo("me/contactFolders/" + folder + "/contacts");
        assertThat(s.path("notificationUrl").asString()).isEqualTo("http://127.0.0.1:" + port + "/api/v1/notifications/microsoft");
        assertThat(s.path("lifecycleNotificationUrl").asString()).endsWith("/api/v1/notifications/microsoft/lifecycle");
        assertThat(s.path("changeType").asString()).isEqualTo("created,updated,deleted");
        String clientState = s.path("clientState").asString();
        assertThat(clientState).hasSize(43);
        assertThat(stored().subscriptionId()).isEqualTo(s.path("id").asString());
        assertThat(stored().clientStateHash()).isEqualTo(ClientStates.hash(clientState)).isNotEqualTo(clientState);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM graph_subscription WHERE client_state_hash = ? OR resource = ?")
                .params(clientState, clientState).query(Integer.class).single()).isZero();
        Instant expires = Instant.parse(s.path("expirationDateTime").asString());
        assertThat(expires).isBetween(Instant.now().plus(GraphSubscriptions.LIFETIME).minusSeconds(60),
                Instant.now().plus(FakeGraph.SUBSCRIPTION_MAXIMUM));
    }

    @Test
    void aPublicUrlGraphCannotReachIsNotTriedAgainOnEveryRun() {
        GraphSubscriptions unreachable = push("http://127.0.0.1:9/");
        assertThatThrownBy(() -> unreachable.ensure(client, connection, folder)).isInstanceOf(PeerException.class);
        long before = client.httpRequests();

        assertThat(unreachable.ensure(client, connection, folder)).isEqualTo(Outcome.WAITING);
        assertThat(client.httpRequests()).as("no second handshake right after a failed one").isEqualTo(before);
    }

    @Test
    void aSubscriptionWithMoreThanADayLeftCostsNoRequest() {
        subscriptions.ensure(client, connection, folder);
        long before = client.httpRequests();

        assertThat(subscriptions.ensure(client, connection, folder)).isEqualTo(Outcome.KEPT);
        assertThat(client.httpRequests()).isEqualTo(before);
    }

    @Test
    void withinADayOfExpiryItIsRenewed() {
        subscriptions.ensure(client, connection, folder);
        String id = stored().subscriptionId();
        expiresIn(Duration.ofHours(20));

        assertThat(subscriptions.ensure(client, connection, folder)).isEqualTo(Outcome.RENEWED);
        assertThat(graph.served("subscription.update")).isEqualTo(1);
        assertThat(stored().subscriptionId()).isEqualTo(id);
        assertThat(stored().expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(2)));
        // the database keeps microseconds
        assertThat(Instant.parse(atGraph().path("expirationDateTime").asString()))
                .isCloseTo(stored().expiresAt(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void reauthorizationRequiredIsAnsweredByARenewalOnTheNextEnsure() {
        subscriptions.ensure(client, connection, folder);
        assertThat(graph.sendLifecycle(stored().subscriptionId(), "reauthorizationRequired")).isEqualTo(202);
        assertThat(stored().renewRequested()).isTrue();

        assertThat(subscriptions.ensure(client, connection, folder)).isEqualTo(Outcome.RENEWED);
        assertThat(stored().renewRequested()).isFalse();
        assertThat(subscriptions.ensure(client, connection, folder)).isEqualTo(Outcome.KEPT);
    }

    @Test
    void afterSubscriptionRemovedTheNextEnsureSubscribesAnew() {
        subscriptions.ensure(client, connection, folder);
        String old = stored().subscriptionId();
        assertThat(graph.sendLifecycle(old, "subscriptionRemoved")).isEqualTo(202);
        assertThat(graph.subscriptions(BOX)).isEmpty();

        assertThat(subscriptions.ensure(client, connection, folder)).isEqualTo(Outcome.RECREATED);
        assertThat(stored().subscriptionId()).isNotEqualTo(old).isEqualTo(atGraph().path("id").asString());
        assertThat(stored().recreateRequested()).isFalse();
    }

    @Test
    void aSubscriptionGraphLostSilentlyIsRecreatedWhenItsRenewalIs404() {
        subscriptions.ensure(client, connection, folder);
        String old = stored().subscriptionId();
        graph.dropSubscription(old);
        expiresIn(Duration.ofHours(3));

        assertThat(subscriptions.ensure(client, connection, folder)).isEqualTo(Outcome.RECREATED);
        assertThat(stored().subscriptionId()).isNotEqualTo(old).isEqualTo(atGraph().path("id").asString());
    }

    @Test
    void anotherFolderGetsANewSubscriptionAndTheOldOneIsDeleted() {
        subscriptions.ensure(client, connection, folder);
        String old = stored().subscriptionId();
        String recreated = graph.addFolder(BOX, "Koppel 2");

        assertThat(subscriptions.ensure(client, connection, recreated)).isEqualTo(Outcome.RECREATED);
        assertThat(graph.subscription(old)).isEmpty();
        assertThat(atGraph().path("resource").asString()).isEqualTo("me/contactFolders/" + recreated + "/contacts");
    }

    @Test
    void theDefaultFolderWithoutAnIdYetIsSubscribedAsMeContacts() {
        assertThat(subscriptions.ensure(client, connection, null)).isEqualTo(Outcome.CREATED);
        assertThat(atGraph().path("resource").asString()).isEqualTo("me/contacts");
    }

    @Test
    void withoutAPublicUrlNothingIsSubscribedAndALeftoverIsDeleted() {
        subscriptions.ensure(client, connection, folder);
        String old = stored().subscriptionId();

        assertThat(push("").ensure(client, connection, folder)).isEqualTo(Outcome.OFF);
        assertThat(graph.subscription(old)).isEmpty();
        assertThat(store.ofConnection(connection)).isEmpty();
        assertThat(push(" ").ensure(client, connection, folder)).isEqualTo(Outcome.OFF);
        assertThat(graph.served("subscription.create")).isEqualTo(1);
    }

    @Test
    void removeForgetsItAtOnceAndDeletesItAtGraph() throws Exception {
        subscriptions.ensure(client, connection, folder);
        String old = stored().subscriptionId();

        assertThat(subscriptions.remove(connection, () -> client).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.ofConnection(connection)).isEmpty();
        assertThat(graph.subscription(old)).isEmpty();
        assertThat(subscriptions.remove(connection, () -> client).get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aPublicUrlGraphCannotReachFailsTheEnsureAndStoresNothing() {
        GraphSubscriptions unreachable = push("http://127.0.0.1:1");

        assertThatThrownBy(() -> unreachable.ensure(client, connection, folder))
                .isInstanceOf(PeerException.class).hasMessageContaining("http://127.0.0.1:1/api/v1/notifications/microsoft");
        assertThat(store.ofConnection(connection)).isEmpty();
        assertThat(graph.subscriptions(BOX)).isEmpty();
    }

    @Test
    void aPublicUrlMustBeAnAbsoluteHttpUrl() {
        assertThatThrownBy(() -> push("koppel.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> push("ftp://koppel.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
