package org.koppel.sim;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koppel.testkit.OnH2;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 5 against the Microsoft Graph fake behind the fault proxy. Outlook's own contacts are
 * never imported by this connector, so the schedules make some only to check that they stay out.
 */
@OnH2
class ConvergenceGraphTest {

    @Autowired Koppel koppel;

    @TestFactory
    Stream<DynamicTest> randomSchedulesConverge() {
        return SimRuns.schedules("graph", getClass().getSimpleName(), seed -> schedule(koppel, seed));
    }

    /** The schedule of {@code seed} in a mailbox of its own. */
    static Schedule.Outcome schedule(Koppel koppel, long seed) {
        try (var side = new GraphSide(seed, ConvergenceCardDavTest.faultRate(seed), koppel.json)) {
            return new Simulation(koppel, side, seed, false).run();
        }
    }
}
