package org.koppel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The scale benchmark at a small size (30 connections, a pull every 3 seconds, two Koppel processes on one
 * PostgreSQL, a short window with CRM edits), so the harness keeps running as the scheduler changes, and so that
 * what the full run must show holds here too: every connection runs, both nodes take part, no connection ever has
 * two runs at once, and every CRM edit reaches the stand-in. No timing is asserted; the figures belong to bench/.
 */
class ScaleBenchSmokeTest {

    @Test
    void everyConnectionRunsOnBothNodesNeverTwiceAtOnceAndEveryEditReachesThePeer() throws Exception {
        var options = new ScaleOptions(30, 3, Duration.ofSeconds(3), Duration.ofSeconds(9), 2, 2, null,
                Duration.ofSeconds(2), false, Files.createTempDirectory("scale-smoke"));

        ScaleBench.Result result = ScaleBench.run(options);

        ScaleRuns.Window window = result.window();
        assertThat(result.ranBeforeWindow()).as("every connection's first run").isEqualTo(30);
        assertThat(window.neverRan()).isZero();
        assertThat(window.runs()).as("runs in the window").isPositive();
        assertThat(window.perNode()).as("both nodes ran connections").containsOnlyKeys("node-1", "node-2");
        assertThat(window.overlapping()).as("runs of one connection overlapping in time").isZero();
        assertThat(result.editsMade()).isPositive();
        assertThat(result.editsNotArrived()).as("edits that never reached the stand-in").isZero();
        assertThat(result.floor().failed()).as("the plain client's pulls answered with no member").isZero();
    }
}
