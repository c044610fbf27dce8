package org.koppel.sim;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koppel.testkit.OnH2;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 5's promises against the Google fake (People API) behind the fault proxy: Google's own contacts may be
 * imported by the connection's creation policy, so some schedules do.
 */
@OnH2
class ConvergenceGoogleTest {

    @Autowired Koppel koppel;

    @TestFactory
    Stream<DynamicTest> randomSchedulesConverge() {
        return SimRuns.schedules("google", getClass().getSimpleName(), seed -> schedule(koppel, seed));
    }

    /** The schedule of {@code seed} in a Google account of its own. */
    static Schedule.Outcome schedule(Koppel koppel, long seed) {
        try (var side = new GoogleSide(seed, ConvergenceCardDavTest.faultRate(seed), koppel.json)) {
            return new Simulation(koppel, side, seed, true).run();
        }
    }
}
