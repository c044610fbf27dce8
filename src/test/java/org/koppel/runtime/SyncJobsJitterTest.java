package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;

import org.junit.jupiter.api.Test;

/** Connections made at once spread their next pulls over the pull interval ±10 %, each keeping its own. */
class SyncJobsJitterTest {

    @Test
    void nextPullsSpreadWithinTenPercentAndStayPutForOneConnection() {
        Duration pull = Duration.ofMinutes(5);
        var jobs = new SyncJobs(null, null, null, Clock.systemUTC(), pull);
        Instant lastRun = Instant.parse("2026-01-01T00:00:00Z");
        var seen = new HashSet<Duration>();
        for (long id = 1; id <= 1000; id++) {
            Duration next = jobs.jittered(id, lastRun);
            assertThat(next).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
            assertThat(jobs.jittered(id, lastRun)).as("the same when computed again").isEqualTo(next);
            seen.add(next.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        assertThat(seen).as("spread over the minute around the pull interval, not bunched").hasSizeGreaterThan(50);
    }
}
