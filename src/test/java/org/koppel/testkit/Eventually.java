package org.koppel.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something asynchronous to become true, with a deadline: the wait is never the assertion
 * (a sleep proves nothing), the condition is, and a condition that never holds fails the test.
 */
public final class Eventually {

    private Eventually() {
    }

    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within " + deadline.toMillis() + " ms: " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
