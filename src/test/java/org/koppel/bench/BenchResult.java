package org.koppel.bench;

/**
 * The figures of one run: one database, one writer count.
 *
 * @param product database product and version, as its JDBC driver reports it
 */
record BenchResult(String product, int writers, int persons, double writeSeconds, long entriesRead,
                   double readSeconds) {

    double personsPerSecond() {
        return persons / writeSeconds;
    }

    double entriesPerSecond() {
        return entriesRead / readSeconds;
    }
}
