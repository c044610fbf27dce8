package org.koppel.sim;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koppel.sync.DataType;
import org.koppel.testkit.OnH2;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Appointments and tasks (issue 11) against an in-memory calendar and task list, with the fault plan
 * applied per call; see {@link SimRuns} for the switches and docs/reliability.md.
 */
@OnH2
class ConvergenceAgendaTest {

    @Autowired Koppel koppel;

    @TestFactory
    Stream<DynamicTest> randomAgendaSchedulesConverge() {
        return SimRuns.schedules("agenda-memory", getClass().getSimpleName(), seed -> schedule(koppel, seed));
    }

    /** The schedule of {@code seed} with a calendar and a task list of its own. */
    static Schedule.Outcome schedule(Koppel koppel, long seed) {
        double rate = ConvergenceCardDavTest.faultRate(seed);
        try (var calendar = new MemoryStoreSide(DataType.APPOINTMENTS, seed, rate);
             var taskList = new MemoryStoreSide(DataType.TASKS, seed + 1, rate)) {
            return new AgendaSimulation(koppel, calendar, taskList, seed).run();
        }
    }
}
