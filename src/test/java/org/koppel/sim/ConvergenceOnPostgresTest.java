package org.koppel.sim;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.koppel.testkit.OnPostgres;
import org.koppel.testkit.Radicale;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The first schedules of every target again on PostgreSQL, Koppel's production database: its
 * transactions, isolation and constraints are not H2's. {@code koppel.sim.pg.schedules} per target
 * (default 3); the seeds are those of the H2 runs, so a difference between the two is the database's.
 */
@OnPostgres
class ConvergenceOnPostgresTest {

    @Autowired Koppel koppel;

    @TestFactory
    Stream<DynamicTest> randomSchedulesConvergeOnCardDav() {
        Radicale radicale = Radicale.shared();
        return SimRuns.schedules("carddav-postgres", getClass().getSimpleName(), schedules(),
                seed -> ConvergenceCardDavTest.schedule(koppel, radicale, seed));
    }

    @TestFactory
    Stream<DynamicTest> randomSchedulesConvergeOnGraph() {
        return SimRuns.schedules("graph-postgres", getClass().getSimpleName(), schedules(),
                seed -> ConvergenceGraphTest.schedule(koppel, seed));
    }

    @TestFactory
    Stream<DynamicTest> randomSchedulesConvergeOnGoogle() {
        return SimRuns.schedules("google-postgres", getClass().getSimpleName(), schedules(),
                seed -> ConvergenceGoogleTest.schedule(koppel, seed));
    }

    @TestFactory
    Stream<DynamicTest> randomAgendaSchedulesConvergeOnPostgres() {
        return SimRuns.schedules("agenda-memory-postgres", getClass().getSimpleName(), schedules(),
                seed -> ConvergenceAgendaTest.schedule(koppel, seed));
    }

    @TestFactory
    Stream<DynamicTest> randomSourceSchedulesConvergeOnPostgres() {
        return SimRuns.schedules("source-postgres", getClass().getSimpleName(), schedules(),
                seed -> ConvergenceSourceTest.schedule(koppel, seed));
    }

    private static long schedules() {
        return Long.getLong("koppel.sim.pg.schedules", 3);
    }
}
