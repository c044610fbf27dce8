package org.koppel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The Google benchmark at a small size and a quota it does not reach, so it keeps running as the engine and the
 * connector change: each step checks Koppel against the fake (every person one stamped contact, every Google
 * contact imported once, exactly the edited ones changed) and throws when it does not; here Koppel's request
 * counts are held to the floor's, but for the import, whose stamping the engine does one contact at a time.
 */
class GoogleBenchSmokeTest {

    @Test
    void everyStepDoesWhatItShouldWithinARequestOfTheFloor() throws Exception {
        List<GoogleBench.Row> rows = GoogleBench.run(120, 10_000, Duration.ZERO);

        assertThat(rows).hasSize(10);
        GoogleBench.Row imported = rows.get(2);
        assertThat(imported.requests()).as("the listing, then the imports' stamps in one batch of 200 at most")
                .isEqualTo(1 + 1);
        for (int i = 0; i < rows.size(); i += 2) {
            GoogleBench.Row koppel = rows.get(i), floor = rows.get(i + 1);
            assertThat(koppel.variant()).isEqualTo("Koppel");
            assertThat(koppel.requests()).as(koppel.step() + ": at most the floor and one listing")
                    .isBetween(floor.requests(), floor.requests() + 1);
        }
        assertThat(rows).extracting(GoogleBench.Row::refused).containsOnly(0L);
    }
}
