package org.koppel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Microsoft 365 agenda benchmark behind {@code bench/run agenda-graph}: in a fresh Koppel (H2 file
 * database, no web server, no scheduler) one employee's N appointments synced into the calendar of a
 * fresh mailbox of the Graph fake, and another employee's M tasks into a To Do list of its own in
 * another mailbox (one data type per mailbox, so requests per item are each type's own), the fake
 * throttled at Outlook's published per-mailbox limits (4 concurrent, 10,000 requests per 10 minutes)
 * and answering each request after a set latency; then a no-op re-sync and re-syncs after 1% edits in
 * Koppel and 1% edits in Outlook / To Do. Each step is set against
 * the least time the limits allow for its request count. Prints a table and appends it to
 * {@code bench/results/<date>-agenda-graph-sync.md}.
 */
public final class AgendaGraphBench {

    static final String USAGE = """
            usage: bench/run agenda-graph [--appointments 2000] [--tasks 2000] [--latency-ms 50] [--results DIR]
              --appointments  appointments of one employee, all inside the sync window (default 2000)
              --tasks         open tasks of the employee, due inside the sync window (default 2000)
              --latency-ms    how long the fake takes to answer each Outlook request (default 50)
              --results       where the results file goes (default bench/results)""";

    record Options(int appointments, int tasks, Duration latency, Path resultsDir) {
    }

    private AgendaGraphBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchArgs.startOrExit(() -> parse(args));
        System.out.printf("bench: %d appointments and %d tasks, %d ms per Outlook request...%n", options.appointments(),
                options.tasks(), options.latency().toMillis());
        String table = GraphSyncBench.markdown(run(options.appointments(), options.tasks(), options.latency()), "item");
        System.out.println();
        System.out.print(table);
        Path file = BenchResults.append(options.resultsDir(), "agenda-graph-sync",
                "# Microsoft 365 agenda-sync benchmark: Koppel against the Graph fake\n\n"
                        + "Made by `bench/run agenda-graph`; see docs/benchmarks.md for what is measured.\n",
                options.appointments() + " appointments and " + options.tasks() + " tasks, " + options.latency().toMillis()
                        + " ms per Outlook request",
                BenchResults.machine("; fake at Outlook's published limits (10,000 requests per 10 minutes and 4 "
                        + "concurrent per mailbox); " + BenchResults.loadAtTheEnd()), table);
        System.out.println("bench: results appended to " + file);
        System.exit(0);
    }

    /** Every step in a fresh Koppel and Graph fake, each checked for what it did; throws when one did not do it. */
    static List<GraphSyncBench.Row> run(int appointments, int tasks, Duration latency) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-agenda-graph-bench-");
        FakeGraphSettings limits = FakeGraphSettings.published().withLatency(latency);
        try (FakeGraph fake = FakeGraph.start(limits)) {
            var peers = new GraphBenchPeers(GraphBenchPeers.BATCHED, fake.baseUrl());
            try (ConfigurableApplicationContext context = BenchKoppel.start(tempDir, withPeers(peers))) {
                return run(context, fake, peers, limits, appointments, tasks);
            }
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    /** Registers the bench's Graph connection type in a benchmark's Koppel: no test context scans it. */
    static ApplicationContextInitializer<ConfigurableApplicationContext> withPeers(GraphBenchPeers peers) {
        return context -> context.getBeanFactory().registerSingleton("graphBenchPeers", peers);
    }

    /** The steps in a given Koppel (started {@link #withPeers}) and fake (started with {@code limits}). */
    static List<GraphSyncBench.Row> run(ApplicationContext context, FakeGraph fake, GraphBenchPeers peers,
                                        FakeGraphSettings limits, int appointments, int tasks) {
        var sides = List.of(
                new GraphAgendaSide(context, fake, peers, "appointments", "calendar", "calendar@bench.example", appointments, 0),
                new GraphAgendaSide(context, fake, peers, "tasks", "todo", "todo@bench.example", 0, tasks));
        var rows = new ArrayList<GraphSyncBench.Row>();
        for (GraphAgendaSide side : sides) {
            rows.add(GraphSyncBench.row("initial sync into an empty calendar / To Do list", side.label, side.initialSync(), limits));
        }
        for (GraphAgendaSide side : sides) rows.add(GraphSyncBench.row("no-op re-sync", side.label, side.noOp(), limits));
        for (GraphAgendaSide side : sides) {
            rows.add(GraphSyncBench.row("1% edited in Koppel, re-sync", side.label, side.editInKoppel(), limits));
        }
        for (GraphAgendaSide side : sides) {
            rows.add(GraphSyncBench.row("1% edited in Outlook / To Do, re-sync", side.label, side.editInOutlook(), limits));
        }
        return rows;
    }

    static Options parse(String... args) {
        var options = BenchArgs.parse(args, Set.of("--appointments", "--tasks", "--latency-ms", "--results"), USAGE);
        int appointments = options.number("--appointments", 2000);
        int tasks = options.number("--tasks", 2000);
        int latency = options.number("--latency-ms", 50);
        options.require(appointments >= 100 && tasks >= 100, "give at least 100 appointments and 100 tasks (1% of them is edited)");
        options.require(latency >= 0, "the latency cannot be negative");
        return new Options(appointments, tasks, Duration.ofMillis(latency), Path.of(options.text("--results", "bench/results")));
    }
}
