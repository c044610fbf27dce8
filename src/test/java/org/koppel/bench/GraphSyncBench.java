package org.koppel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Microsoft 365 contact-sync benchmark behind {@code bench/run graph}: for each size N, N persons
 * synced from a fresh Koppel (H2 file database, no web server, no scheduler) into the "Koppel"
 * folder of a fresh mailbox of the Graph fake, throttled at Outlook's published per-mailbox limits
 * and answering each request after a set latency; then a no-op re-sync and re-syncs after 1% edits
 * in Koppel and 1% edits in Outlook. Two variants in the same run, each with its own employee,
 * persons (the same ones) and mailbox: the connector as it is (writes in JSON batches of 20) and
 * the same connector handed one write at a time. Each step is set against the least time the
 * limits allow for its request count. Prints a table per size and appends it to
 * {@code bench/results/<date>-graph-sync.md}.
 */
public final class GraphSyncBench {

    static final String USAGE = """
            usage: bench/run graph [--contacts 5000] [--latency-ms 50] [--results DIR]
              --contacts    mailbox sizes; one fresh Koppel and Graph fake per size (default 5000)
              --latency-ms  how long the fake takes to answer each Outlook request (default 50)
              --results     where the results file goes (default bench/results)""";

    record Options(List<Integer> sizes, Duration latency, Path resultsDir) {
    }

    /** One step of one variant. */
    record Row(String step, String variant, BenchRuns.GraphMeasured m, double minimumSeconds) {
    }

    private GraphSyncBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchArgs.startOrExit(() -> parse(args));
        for (int size : options.sizes()) {
            System.out.printf("bench: %d contacts, %d ms per Outlook request...%n", size, options.latency().toMillis());
            List<Row> rows = run(size, options.latency());
            String table = markdown(rows, "contact");
            System.out.println();
            System.out.print(table);
            Path file = record(options, size, table);
            System.out.println("bench: results appended to " + file);
            System.out.println();
        }
        System.exit(0);
    }

    private static List<Row> run(int size, Duration latency) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-graph-bench-");
        FakeGraphSettings limits = FakeGraphSettings.published().withLatency(latency);
        try (FakeGraph fake = FakeGraph.start(limits)) {
            var batched = new GraphBenchPeers(GraphBenchPeers.BATCHED, fake.baseUrl());
            var unbatched = new GraphBenchPeers(GraphBenchPeers.UNBATCHED, fake.baseUrl());
            ApplicationContextInitializer<ConfigurableApplicationContext> benchPeers = context -> {
                // Only this context knows the bench types; no test context scans them.
                context.getBeanFactory().registerSingleton("graphBenchPeers", batched);
                context.getBeanFactory().registerSingleton("graphBenchPeersUnbatched", unbatched);
            };
            try (ConfigurableApplicationContext context = BenchKoppel.start(tempDir, benchPeers)) {
                // Untimed: the first thousands of contacts a JVM syncs run partly interpreted, and the variant
                // synced first would pay for it alone. A fifth of N (at least 200) through every step warms it up.
                var warmUp = new GraphContactSide(context, fake, batched, "warm-up (not timed)", "warmup",
                        "warmup@bench.example", Math.max(200, size / 5));
                warmUp.initialSync();
                warmUp.noOp();
                warmUp.editInKoppel();
                warmUp.editInOutlook();
                var sides = List.of(
                        new GraphContactSide(context, fake, batched, "Koppel, batches of 20", "batched",
                                "batched@bench.example", size),
                        new GraphContactSide(context, fake, unbatched, "one request per contact", "unbatched",
                                "unbatched@bench.example", size));
                var rows = new ArrayList<Row>();
                for (GraphContactSide side : sides) rows.add(row("initial sync into an empty folder", side, side.initialSync(), limits));
                for (GraphContactSide side : sides) rows.add(row("no-op re-sync", side, side.noOp(), limits));
                for (GraphContactSide side : sides) rows.add(row("1% edited in Koppel, re-sync", side, side.editInKoppel(), limits));
                for (GraphContactSide side : sides) rows.add(row("1% edited in Outlook, re-sync", side, side.editInOutlook(), limits));
                return rows;
            }
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    private static Row row(String step, GraphContactSide side, BenchRuns.GraphMeasured m, FakeGraphSettings limits) {
        return row(step, side.label, m, limits);
    }

    static Row row(String step, String variant, BenchRuns.GraphMeasured m, FakeGraphSettings limits) {
        return new Row(step, variant, m, minimumSeconds(m.mailboxRequests(), limits));
    }

    /**
     * The least time Outlook's limits allow for {@code requests} requests that each take the latency:
     * at most {@code maxConcurrent} in flight, and at most {@code requestsPerWindow} per window (the
     * request after each full window's worth has to wait for the window to pass). The window term
     * assumes the step starts with the window empty.
     */
    static double minimumSeconds(long requests, FakeGraphSettings limits) {
        if (requests == 0) return 0;
        double concurrency = requests * limits.latency().toNanos() / 1e9 / limits.maxConcurrent();
        double window = ((requests - 1) / limits.requestsPerWindow()) * limits.window().toNanos() / 1e9;
        return Math.max(concurrency, window);
    }

    /** @param noun what one synced item is called: "contact", "item" */
    static String markdown(List<Row> rows, String noun) {
        var table = new StringBuilder("""
                | step | variant | s | minimum s | × minimum | mailbox requests | HTTP round trips | requests per synced %s | 429s | highest concurrency |
                |---|---|---:|---:|---:|---:|---:|---:|---:|---:|
                """.formatted(noun));
        for (Row r : rows) {
            BenchRuns.GraphMeasured m = r.m();
            long ownExpected = m.mailboxRequests() + m.refused();
            String own = m.ownCount() == ownExpected ? "" : " (own count " + m.ownCount() + ")";
            String ownTrips = m.ownRoundTrips() == m.roundTrips() ? "" : " (own count " + m.ownRoundTrips() + ")";
            String perItem = m.synced() == 0 ? "– (none synced)"
                    : String.format(Locale.ROOT, "%.2f (%d synced)", (double) m.mailboxRequests() / m.synced(), m.synced());
            String ratio = r.minimumSeconds() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", m.seconds() / r.minimumSeconds());
            table.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s | %d%s | %d%s | %s | %d | %d |%n",
                    r.step(), r.variant(), m.seconds(), r.minimumSeconds(), ratio, m.mailboxRequests(), own,
                    m.roundTrips(), ownTrips, perItem, m.refused(), m.highestConcurrency()));
        }
        return table.toString();
    }

    static Options parse(String... args) {
        List<Integer> sizes = List.of(5000);
        Duration latency = Duration.ofMillis(50);
        Path results = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            switch (args[i]) {
                case "--contacts" -> sizes = Arrays.stream(value.split(",")).map(String::strip)
                        .map(Integer::valueOf).toList();
                case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(value.strip()));
                case "--results" -> results = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
            i++;
        }
        if (sizes.stream().anyMatch(n -> n < 200)) {
            throw new IllegalArgumentException("sizes must be at least 200 (1% of them is edited, twice)\n" + USAGE);
        }
        if (latency.isNegative()) throw new IllegalArgumentException("the latency cannot be negative\n" + USAGE);
        return new Options(sizes, latency, results);
    }

    private static Path record(Options options, int size, String table) throws IOException {
        return BenchResults.append(options.resultsDir(), "graph-sync",
                "# Microsoft 365 contact-sync benchmark: Koppel batched and one request per contact, "
                        + "against the Graph fake\n\nMade by `bench/run graph`; see docs/benchmarks.md for what is measured.\n",
                size + " contacts, " + options.latency().toMillis() + " ms per Outlook request",
                BenchResults.machine("; fake at Outlook's published limits (10,000 requests per 10 minutes and 4 "
                        + "concurrent per mailbox); " + BenchResults.loadAtTheEnd()), table);
    }
}
