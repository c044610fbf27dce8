package org.koppel.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What one {@code bench/run} measures.
 *
 * @param persons persons written per database and writer count
 * @param writers the writer-thread counts to measure, each on a fresh database
 */
record BenchOptions(int persons, List<Integer> writers, List<BenchDatabase> databases, Path resultsDir) {

    static final String USAGE = """
            usage: bench/run [--persons N] [--writers 1,4] [--databases h2,postgres] [--results DIR]
              --persons    persons written per run (default 100000)
              --writers    concurrent writer threads; one run per count (default 1,4)
              --databases  h2 (file database, the default setup) and/or postgres (embedded,
                           or KOPPEL_TEST_PG_URL) (default h2,postgres)
              --results    where the results file goes (default bench/results)""";

    static BenchOptions parse(String... args) {
        int persons = 100_000;
        List<Integer> writers = List.of(1, 4);
        List<BenchDatabase> databases = List.of(BenchDatabase.values());
        Path results = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--persons" -> persons = Integer.parseInt(require(args[i], value));
                case "--writers" -> writers = Arrays.stream(require(args[i], value).split(",")).map(String::strip)
                        .map(Integer::valueOf).toList();
                case "--databases" -> databases = Arrays.stream(require(args[i], value).split(",")).map(String::strip)
                        .map(BenchDatabase::named).toList();
                case "--results" -> results = Path.of(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
            i++;
        }
        if (persons < 1 || writers.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("persons and writers must be at least 1\n" + USAGE);
        }
        return new BenchOptions(persons, writers, databases, results);
    }

    private static String require(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        return value;
    }
}
