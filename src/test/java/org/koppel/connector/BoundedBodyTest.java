package org.koppel.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static final BoundedBody.Limits LIMITS = new BoundedBody.Limits(1024, Duration.ofMinutes(30),
            Duration.ofHours(1));

    @Test
    void aBodyClosedInTimeLeavesNoWatchBehind() throws IOException {
        int before = BoundedBody.watches();
        for (int i = 0; i < 1000; i++) {
            try (BoundedBody body = BoundedBody.of(new ByteArrayInputStream(new byte[100]), LIMITS)) {
                assertThat(body.readAllBytes()).hasSize(100);
            }
        }

        // Each watch would otherwise wait out its 30 minutes in the queue, holding its body.
        assertThat(BoundedBody.watches()).isLessThanOrEqualTo(before);
    }

    @Test
    void aBodyOneByteOverTheLimitIsRefused() throws IOException {
        try (BoundedBody body = BoundedBody.of(new ByteArrayInputStream(new byte[1025]), LIMITS)) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(BoundedBody.TooLarge.class);
        }
        try (BoundedBody body = BoundedBody.of(new ByteArrayInputStream(new byte[1024]), LIMITS)) {
            assertThat(body.readAllBytes()).hasSize(1024);
        }
    }
}
