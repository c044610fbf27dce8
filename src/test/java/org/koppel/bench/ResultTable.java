package org.koppel.bench;

import java.util.List;
import java.util.Locale;

/** The results as a Markdown table: readable on the console and in bench/results. */
final class ResultTable {

    private ResultTable() {
    }

    static String markdown(List<BenchResult> results) {
        var table = new StringBuilder("""
                | database | writers | persons | write s | persons/s | JVM CPU ms/person | change-log read s | entries/s | load |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (BenchResult r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f | %.2f | %.2f | %.0f | %.1f |%n",
                    r.product(), r.writers(), r.persons(), r.writeSeconds(), r.personsPerSecond(),
                    r.cpuMillisPerPerson(), r.readSeconds(), r.entriesPerSecond(), r.loadAverage()));
        }
        return table.toString();
    }
}
