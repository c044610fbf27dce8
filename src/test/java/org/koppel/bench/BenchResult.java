package org.koppel.bench;

/**
 * The figures of one run: one database, one writer count.
 *
 * @param product database product and version, as its JDBC driver reports it
 * @param cpuMillisPerPerson CPU time of the benchmark's JVM per person written (H2 runs inside it,
 *                           PostgreSQL does not)
 * @param loadAverage the machine's 1-minute load average as writing ended; above writers + 1 means
 *                    something else was running too
 */
record BenchResult(String product, int writers, int persons, double writeSeconds, double cpuMillisPerPerson,
                   long entriesRead,
                   double readSeconds, double loadAverage) {

    double personsPerSecond() {
        return persons / writeSeconds;
    }

    double entriesPerSecond() {
        return entriesRead / readSeconds;
    }
}
