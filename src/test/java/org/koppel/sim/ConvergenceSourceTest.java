package org.koppel.sim;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koppel.testkit.OnH2;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A source system that owns relations (issue 13): the reference source server behind the fault
 * proxy; see {@link SimRuns} for the switches and docs/reliability.md. The normal run takes a few
 * schedules (4, or {@code koppel.sim.schedules} when given, as the long profile does).
 */
@OnH2
class ConvergenceSourceTest {

    @Autowired Koppel koppel;

    @TestFactory
    Stream<DynamicTest> randomSourceSchedulesConverge() {
        return SimRuns.schedules("source", getClass().getSimpleName(), Long.getLong("koppel.sim.schedules", 4),
                seed -> schedule(koppel, seed));
    }

    /** The schedule of {@code seed} with a source system of its own. */
    static Schedule.Outcome schedule(Koppel koppel, long seed) {
        try (var side = new SourceSide(seed, ConvergenceCardDavTest.faultRate(seed), koppel)) {
            return new SourceSimulation(koppel, side, seed).run();
        }
    }
}
