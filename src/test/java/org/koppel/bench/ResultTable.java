package org.koppel.bench;

import java.util.List;
import java.util.Locale;

/** The results as a Markdown table: readable on the console and in bench/results. */
final class ResultTable {

    private ResultTable() {
    }

    static String markdown(List<BenchResult> results) {
        var table = new StringBuilder("""
                | database | writers | persons | write s | persons/s | change-log read s | entries/s |
                |---|---:|---:|---:|---:|---:|---:|
                """);
        for (BenchResult r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f | %.2f | %.0f |%n", r.product(),
                    r.writers(), r.persons(), r.writeSeconds(), r.personsPerSecond(), r.readSeconds(),
                    r.entriesPerSecond()));
        }
        return table.toString();
    }
}
