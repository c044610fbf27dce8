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
    void waitsExactlyWhatTheRetryAfterAsksNotTheExponentialBackoff() {
        var throttled = new PeerException.Transient("429", Duration.ofMinutes(10), null);
        assertThat(SyncRunner.backoff(1, throttled)).isEqualTo(Duration.ofMinutes(10));
        var shortHint = new PeerException.Transient("429", Duration.ofSeconds(40), null);
        assertThat(SyncRunner.backoff(3, shortHint)).as("not stretched to the third failure's 2 min")
                .isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void aRetryAfterOfNothingOrOfAYearIsKeptWithinASecondAndADay() {
        assertThat(SyncRunner.backoff(1, new PeerException.Transient("503", Duration.ZERO, null))).isEqualTo(Duration.ofSeconds(1));
        assertThat(SyncRunner.backoff(1, new PeerException.Transient("503", Duration.ofDays(365), null)))
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void ofSeveralDataTypesFailuresTheConnectionShowsTheMassChangeAndKeepsTheOthers() {
        var transientFailure = new PeerException.Transient("calendar server busy", null, null);
        var mass = new MassChangeException(40, 50);
        var permission = new PeerException.PermissionMissing("sign in again to allow task access");

        RuntimeException shown = SyncRunner.mostSevere(new java.util.ArrayList<>(java.util.List.of(transientFailure, mass, permission)));

        org.assertj.core.api.Assertions.assertThat(shown).isSameAs(mass);
        org.assertj.core.api.Assertions.assertThat(shown.getSuppressed()).containsExactlyInAnyOrder(transientFailure, permission);
    }
}
