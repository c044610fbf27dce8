package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;

class SyncRunnerBackoffTest {

    @Test
    void waitsLongerAfterEachFailureUpToAnHour() {
        var failure = new PeerException.Transient("503", null, null);
        assertThat(SyncRunner.backoff(1, failure)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SyncRunner.backoff(2, failure)).isEqualTo(Duration.ofSeconds(60));
        assertThat(SyncRunner.backoff(5, failure)).isEqualTo(Duration.ofMinutes(8));
        assertThat(SyncRunner.backoff(40, failure)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void honoursALongerRetryAfter() {
        var throttled = new PeerException.Transient("429", Duration.ofMinutes(10), null);
        assertThat(SyncRunner.backoff(1, throttled)).isEqualTo(Duration.ofMinutes(10));
        var shortHint = new PeerException.Transient("429", Duration.ofSeconds(5), null);
        assertThat(SyncRunner.backoff(3, shortHint)).isEqualTo(Duration.ofMinutes(2));
    }
}
