package org.koppel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.koppel.testkit.graph.FakeGraphSettings;

/** The Graph benchmark's arithmetic and options; the benchmark itself runs from bench/run, never as a test. */
class GraphSyncBenchTest {

    private static final FakeGraphSettings LIMITS = FakeGraphSettings.published().withLatency(Duration.ofMillis(50));

    @Test
    void belowTheWindowTheMinimumIsTheRequestsSpreadOverFourAtATime() {
        assertThat(GraphSyncBench.minimumSeconds(0, LIMITS)).isZero();
        assertThat(GraphSyncBench.minimumSeconds(4, LIMITS)).isEqualTo(0.05);
        assertThat(GraphSyncBench.minimumSeconds(5003, LIMITS)).isCloseTo(62.5375, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void beyondTheWindowEachFullWindowOfRequestsCostsTenMinutes() {
        assertThat(GraphSyncBench.minimumSeconds(10_000, LIMITS)).isEqualTo(125.0);
        assertThat(GraphSyncBench.minimumSeconds(10_001, LIMITS)).isEqualTo(600.0);
        assertThat(GraphSyncBench.minimumSeconds(20_001, LIMITS)).isEqualTo(1200.0);
        // at a latency where four at a time take longer than the windows
        assertThat(GraphSyncBench.minimumSeconds(20_001, LIMITS.withLatency(Duration.ofMillis(400)))).isCloseTo(2000.1,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void optionsHaveTheIssuesDefaultsAndRefuseTooFewContacts() {
        var defaults = GraphSyncBench.parse();
        assertThat(defaults.sizes()).containsExactly(5000);
        assertThat(defaults.latency()).isEqualTo(Duration.ofMillis(50));
        var chosen = GraphSyncBench.parse("--contacts", "500,5000", "--latency-ms", "20");
        assertThat(chosen.sizes()).containsExactly(500, 5000);
        assertThat(chosen.latency()).isEqualTo(Duration.ofMillis(20));
        assertThatThrownBy(() -> GraphSyncBench.parse("--contacts", "100")).hasMessageContaining("at least 200");
        assertThatThrownBy(() -> GraphSyncBench.parse("--latency")).hasMessageContaining("needs a value");
    }
}
