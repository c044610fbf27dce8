package org.koppel.sim;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Radicale;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 5 against a real Radicale behind the fault proxy; see {@link SimRuns} for the switches and docs/reliability.md. */
@OnH2
class ConvergenceCardDavTest {

    @Autowired Koppel koppel;

    @TestFactory
    Stream<DynamicTest> randomSchedulesConverge() {
        Radicale radicale = Radicale.shared();
        return SimRuns.schedules("carddav", getClass().getSimpleName(), seed -> schedule(koppel, radicale, seed));
    }

    /** The schedule of {@code seed} in an address book of its own. */
    static Schedule.Outcome schedule(Koppel koppel, Radicale radicale, long seed) {
        try (var side = new RadicaleSide(radicale, seed, faultRate(seed), koppel.json)) {
            return new Simulation(koppel, side, seed, true).run();
        }
    }

    /** Between 8 and 30 % of requests spoiled, by seed. */
    static double faultRate(long seed) {
        return 0.08 + (seed % 23) / 100.0;
    }
}
