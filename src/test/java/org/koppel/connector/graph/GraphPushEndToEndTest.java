package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.store.ConnectionStore;
import org.koppel.store.GraphSubscriptionStore;
import org.koppel.testkit.Eventually;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.graph.FakeGraph;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * Push end to end: Koppel subscribes at the Graph fake with its real port as public URL, the fake
 * validates it against Koppel's endpoint, and an edit in Outlook ends with the connection marked for
 * a run (the trigger loop, off in tests, would then run it within 2 seconds).
 */
@OnH2
class GraphPushEndToEndTest {

    private static final String BOX = "bram@architect.example";

    @LocalServerPort int port;
    @Autowired GraphSubscriptionStore store;
    @Autowired ConnectionStore connections;
    @Autowired Samples samples;
    @Autowired JdbcClient jdbc;

    private final FakeGraph graph = FakeGraph.start();

    @AfterEach
    void tearDown() {
        graph.close();
    }

    private boolean runRequested(long connection) {
        return jdbc.sql("SELECT run_requested FROM connection WHERE id = ?").param(connection).query(Boolean.class).single();
    }

    @Test
    void anOutlookEditMarksTheConnectionForARun() {
        long connection = connections.insert("microsoft365", "Outlook", samples.employee("bram"), Map.of(), null, Instant.now());
        var client = new GraphClient(graph.baseUrl(), TestTokens.fixed(graph.issueToken(BOX)), MailboxGate.unshared(4),
                JsonMapper.builder().build(), GraphClient.Options.defaults());
        String folder = graph.addFolder(BOX, "Koppel");
        String contact = graph.outlookCreate(BOX, folder, "{\"givenName\":\"Bram\",\"surname\":\"de Vries\"}");
        var push = new GraphSubscriptions(store, "http://127.0.0.1:" + port, Clock.systemUTC());

        assertThat(push.ensure(client, connection, folder)).isEqualTo(GraphSubscriptions.Outcome.CREATED);
        jdbc.sql("UPDATE connection SET run_requested = FALSE WHERE id = ?").param(connection).update();

        graph.outlookEdit(BOX, contact, "{\"jobTitle\":\"Architect\"}");

        Eventually.until(Duration.ofSeconds(10), "connection " + connection + " marked for a run", () -> runRequested(connection));
        // the fake records Koppel's answer after the request returns, on its own thread
        Eventually.until(Duration.ofSeconds(10), "Koppel's answer recorded", () -> !graph.notificationAnswers().isEmpty());
        assertThat(graph.notificationAnswers()).containsExactly(Map.entry(202, 1L));
    }
}
