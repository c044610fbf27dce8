package org.koppel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The agenda benchmarks at a tiny size, so they keep running as the engine and the peers change:
 * every step checks what it did (counts per data type, values arrived) and throws when it did not.
 * Both benches share one Koppel, as starting one is most of the time taken.
 */
class AgendaBenchSmokeTest {

    @Test
    void bothBenchesSyncEveryStep() throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-agenda-smoke-");
        FakeGraphSettings limits = FakeGraphSettings.published().withLatency(Duration.ZERO);
        try (Radicale radicale = Radicale.start(true); FakeGraph fake = FakeGraph.start(limits)) {
            var peers = new GraphBenchPeers(GraphBenchPeers.BATCHED, fake.baseUrl());
            try (ConfigurableApplicationContext context = BenchKoppel.start(tempDir, AgendaGraphBench.withPeers(peers))) {
                List<DavSyncTable.Step> steps = AgendaSyncBench.run(context, radicale, tempDir.resolve("vdirsyncer"), 20, 20,
                        "vdirsyncer");

                assertThat(steps).extracting(DavSyncTable.Step::koppelDid).containsExactly(
                        "appointments 20 created; tasks 20 created", "nothing", "appointments 1 updated; tasks 1 updated",
                        "appointments 1 updated; tasks 1 updated");
                assertThat(steps.get(1).koppelRequests()).as("a no-op asks each collection once for its changes").isEqualTo(2);

                List<GraphSyncBench.Row> rows = AgendaGraphBench.run(context, fake, peers, limits, 20, 20);

                assertThat(rows).extracting(GraphSyncBench.Row::variant).containsExactly("appointments", "tasks",
                        "appointments", "tasks", "appointments", "tasks", "appointments", "tasks");
                assertThat(rows).extracting(r -> r.m().synced()).containsExactly(20, 20, 0, 0, 1, 1, 1, 1);
                assertThat(rows).allSatisfy(r -> assertThat(r.m().highestConcurrency()).isLessThanOrEqualTo(4));
                assertThat(rows.get(1).m().mailboxRequests()).as("20 tasks created in one batch, besides finding the list")
                        .isLessThan(40);
            }
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    @Test
    void agendaOptionsHaveTheIssuesDefaultsAndRefuseTooFewItems() {
        var defaults = AgendaSyncBench.parse();
        assertThat(defaults.appointments()).isEqualTo(2000);
        assertThat(defaults.tasks()).isEqualTo(2000);
        assertThatThrownBy(() -> AgendaSyncBench.parse("--tasks", "99")).hasMessageContaining("at least 100");
        assertThat(AgendaGraphBench.parse("--latency-ms", "20").latency()).isEqualTo(Duration.ofMillis(20));
        assertThatThrownBy(() -> AgendaGraphBench.parse("--latency-ms")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> AgendaGraphBench.parse("--contacts", "5")).hasMessageContaining("unknown option");
    }
}
