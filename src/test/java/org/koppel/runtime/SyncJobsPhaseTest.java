package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Periodic pulls keep each connection's own moment in the pull interval, so connections that ran at the
 * same moment (made at once, an upgrade) pull evenly spread afterwards instead of in a wave (issue 16:
 * a wave of 10,000 due at once was a 30 s backlog with pulls at their last run plus 5 minutes ± 10 %).
 */
class SyncJobsPhaseTest {

    static final Duration PULL = Duration.ofMinutes(5);
    final SyncJobs jobs = new SyncJobs(null, null, null, Clock.systemUTC(), PULL);
    final Instant together = Instant.parse("2026-01-01T00:00:07Z");

    @Test
    void connectionsThatRanTogetherPullEvenlySpreadOverTheNextInterval() {
        int[] perHalfMinute = new int[11];
        for (long id = 1; id <= 10_000; id++) {
            Instant next = jobs.nextPull(id, together);
            assertThat(next).isBetween(together.plus(PULL.dividedBy(10)), together.plus(PULL).plus(PULL.dividedBy(10)));
            perHalfMinute[(int) (Duration.between(together.plus(PULL.dividedBy(10)), next).toSeconds() / 30)]++;
        }
        for (int bucket = 0; bucket < 10; bucket++) {
            assertThat(perHalfMinute[bucket]).as("half minute %d of the interval", bucket).isBetween(980, 1020);
        }
    }

    @Test
    void aConnectionThenPullsExactlyOneIntervalApartAtItsOwnMoment() {
        for (long id = 1; id <= 1000; id++) {
            Instant first = jobs.nextPull(id, together);
            assertThat(jobs.nextPull(id, first)).isEqualTo(first.plus(PULL));
            assertThat(jobs.nextPull(id, first.plusMillis(1234))).as("a run a little late keeps the rhythm").isEqualTo(first.plus(PULL));
            assertThat(jobs.nextPull(id, together)).as("the same when computed again").isEqualTo(first);
        }
    }

    @Test
    void aRunAskedForJustBeforeItsMomentIsNotFollowedByAPullSecondsLater() {
        long id = 42;
        Instant moment = jobs.nextPull(id, together);
        Instant asked = moment.minusSeconds(10);
        assertThat(jobs.nextPull(id, asked)).isEqualTo(moment.plus(PULL));
        Instant earlier = moment.minusSeconds(60);
        assertThat(jobs.nextPull(id, earlier)).as("a minute before: the moment itself, 60 s later").isEqualTo(moment);
    }
}
