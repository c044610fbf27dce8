package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.store.ConnectionStore;
import org.koppel.sync.RunReport;
import org.koppel.testkit.Api;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The factory's upkeep after a run (push subscriptions) and its release on pause and delete. */
@OnH2
class PeerHooksH2Test {

    @LocalServerPort int port;
    @Autowired SyncRunner runner;
    @Autowired ConnectionStore connections;
    @Autowired MemoryPeers peers;
    @Autowired Samples samples;

    private long connection;
    private final List<Long> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        connection = connections.insert("memory", "phone", samples.employee("hooks"), Map.of(), null, Instant.now());
    }

    @AfterEach
    void reset() {
        peers.afterRun = c -> { };
        peers.detach = c -> { };
    }

    @Test
    void afterASuccessfulRunTheUpkeepRunsOnce() {
        peers.afterRun = c -> calls.add(c.id());

        RunReport report = runner.run(connection, "test");

        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(report.errorKind()).isNull();
        assertThat(calls).containsExactly(connection);
    }

    @Test
    void aFailingUpkeepLeavesTheRunSucceededAndSaysSoInTheReport() {
        peers.afterRun = c -> {
            throw new PeerException.ItemRejected("Microsoft 365 refused to subscribe: validation failed", null);
        };

        RunReport report = runner.run(connection, "test");

        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(report.errorKind()).isEqualTo("PUSH");
        assertThat(report.errorMessage()).contains("periodic pull").contains("validation failed");
        Connection after = connections.find(connection).orElseThrow();
        assertThat(after.status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(connections.cursor(connection, org.koppel.sync.DataType.CONTACTS).orElseThrow().peer()).isNotNull();
    }

    @Test
    void pauseAndDeleteLetThePeerGoEvenWhenThatFails() {
        Api admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        peers.detach = c -> calls.add(c.id());
        assertThat(admin.post("/api/v1/connections/" + connection + "/pause", "{}").status()).isEqualTo(200);
        assertThat(calls).containsExactly(connection);

        peers.detach = c -> {
            throw new PeerException.Transient("Microsoft 365 is down", null, null);
        };
        assertThat(admin.delete("/api/v1/connections/" + connection).status()).isEqualTo(204);
        assertThat(connections.find(connection)).isEmpty();
    }
}
