package org.koppel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The source benchmark at a small size on H2 (three listing pages of 500, so the full re-read after an
 * expired cursor pages with cursors issued after the expiry), so it keeps running as the engine and the connector
 * change: each step checks Koppel against the source's own state (every relation to import linked and
 * present once; after edits exactly the edited relations changed) and throws when it does not.
 */
class SourceBenchSmokeTest {

    @Test
    void theImportMatchesTheFloorAndThePeriodicSyncChangesExactlyWhatTheSourceEdited() throws Exception {
        List<SourceBench.Row> rows = SourceBench.run(BenchDatabase.H2, 1100, Duration.ZERO);

        assertThat(rows).extracting(SourceBench.Row::variant).containsExactly("floor: list + Relations.create",
                "Koppel sync run", "Koppel sync run", "Koppel sync run", "cursor (change list since the last run)",
                "full re-read (cursor expired)");
        assertThat(rows.get(1).written()).as("Koppel imports what the floor writes").isEqualTo(rows.get(0).written());
        assertThat(rows.get(1).requestsPerRelation()).as("the change list in pages of 500, no read per imported relation")
                .isLessThan(0.5);
        assertThat(rows.get(3).written()).as("nothing changed, nothing written").isZero();
        assertThat(rows.get(4).written()).as("1% of 1,100").isEqualTo(11);
        assertThat(rows.get(5).written()).isEqualTo(11);
        assertThat(rows.get(5).m().requests()).as("a 410, then the whole list again").isGreaterThan(3);
        assertThat(rows).extracting(SourceBench.Row::pushed).as("source edits are never sent back").containsOnly(0);
    }
}
