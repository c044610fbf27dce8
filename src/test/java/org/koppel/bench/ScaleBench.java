package org.koppel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.koppel.testkit.LightCardDav;
import org.koppel.testkit.TestDatabases;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run scale} (issue 16): N CardDAV connections, each an employee with a few persons and an address
 * book on the light stand-in ({@link LightCardDav}), synced by one or two Koppel nodes (separate JVMs, their
 * scheduler on) on one PostgreSQL, for a window after every connection's first run and the catch-up of the pulls due
 * meanwhile; in the window CRM edits at a steady rate. Measured: pull lag, starved connections, overlapping runs, runs per node, edit latency to the peer,
 * CPU of the nodes, PostgreSQL and the stand-in; with two nodes, one is killed (kill -9) in the window and the runs
 * it held are timed until they ran on the other. Then the floor: a plain client's pulls at the same rate.
 * Set-up (through the write path, in this JVM's own Koppel with its scheduler off) is not measured.
 */
public final class ScaleBench {

    /** Everything one run measured; the smoke test checks the behaviour, the table shows the figures. */
    record Result(ScaleOptions options, double setupSeconds, double firstRunsSeconds, int ranBeforeWindow,
                  CatchUp catchUp,
                  ScaleRuns.Window window, List<Double> editLatencies, int editsMade, int editsNotArrived,
                  double nodeCpuShare, double postgresCpuShare, double benchCpuShare, double nodeCpuMsPerRun,
                  double postgresCpuMsPerRun, double benchCpuMsPerRun, Map<String, Long> peerRequests,
                  ScalePicks.Picks picks, Map<String, Double> gauges, Storage storage, Takeover takeover,
                  ScaleFloor.Result floor, double load) {
    }

    /**
     * The killed node's work: runs it held a lease for at the kill, and how long after the kill each ran on the
     * other node; the lag of the runs after the kill.
     */
    record Takeover(int held, int rerun, double longestSeconds, double lagP99AfterKill, double lagMaxAfterKill) {
    }

    /** What the database holds per run and per change, with indexes: for sizing with the retention settings. */
    record Storage(long bytesPerRun, long bytesPerChange) {
        static Storage of(JdbcClient jdbc) {
            return new Storage(perRow(jdbc, "sync_run"), perRow(jdbc, "change_log"));
        }

        private static long perRow(JdbcClient jdbc, String table) {
            long rows = jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
            long bytes = jdbc.sql("SELECT pg_total_relation_size('" + table + "')").query(Long.class).single();
            return rows == 0 ? 0 : bytes / rows;
        }
    }

    public static void main(String[] args) throws Exception {
        ScaleOptions options = BenchArgs.startOrExit(() -> ScaleOptions.parse(args));
        Result result = run(options);
        String table = table(result);
        String machine = BenchResults.machine(", PostgreSQL " + postgresVersion + ", " + BenchResults.loadAtTheEnd());
        System.out.println();
        System.out.println(machine);
        System.out.println();
        System.out.println(table);
        Path file = BenchResults.append(options.resultsDir(), "scale", "# Scale: bench/run scale\n",
                "%d connections × %d persons, pull %s, %d node(s), window %s".formatted(options.connections(),
                        options.persons(), options.pull(), options.nodes(), options.window()), machine, table);
        System.out.println("bench: appended to " + file);
        System.exit(0);
    }

    private static String postgresVersion = "?";

    static Result run(ScaleOptions o) throws Exception {
        Path temp = Files.createTempDirectory("koppel-scale");
        try {
            return run(o, temp);
        } finally {
            // KOPPEL_BENCH_KEEP_LOGS=1: the nodes' logs go to the results folder, to see what a node did.
            if (System.getenv("KOPPEL_BENCH_KEEP_LOGS") != null) {
                Files.createDirectories(o.resultsDir());
                try (var logs = Files.newDirectoryStream(temp, "node-*.log")) {
                    for (Path log : logs) Files.copy(log, o.resultsDir().resolve(log.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            BenchResults.deleteTree(temp);
        }
    }

    private static Result run(ScaleOptions o, Path temp) throws Exception {
        TestDatabases.Jdbc db = TestDatabases.freshPostgres();
        List<String> database = BenchDatabase.postgresArguments(db);
        String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        String metricsToken = "bench-" + java.util.UUID.randomUUID() + java.util.UUID.randomUUID();
        try (LightCardDav dav = LightCardDav.start();
             ConfigurableApplicationContext koppel = BenchKoppel.start(database, List.of("--koppel.secret-key=" + key,
                     "--koppel.data-dir=" + temp.resolve("bench").toAbsolutePath(), "--koppel.node-id=bench"))) {
            JdbcClient jdbc = koppel.getBean(JdbcClient.class);
            postgresVersion = jdbc.sql("SHOW server_version").query(String.class).single().split(" ")[0];
            System.out.printf("bench: %d connections × %d persons, pull %s, %d node(s), window %s%n", o.connections(),
                    o.persons(), o.pull(), o.nodes(), o.window());
            long setupStart = System.nanoTime();
            List<ScaleSetup.Member> members = ScaleSetup.seed(koppel, dav, o.connections(), o.persons());
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            ScaleRuns.recordNodes(jdbc);
            boolean jobTable = ScalePicks.record(jdbc);
            List<Long> connectionIds = members.stream().map(ScaleSetup.Member::connectionId).toList();
            var edits = new ScaleEdits(koppel, dav, members, o.editsPerSecond());
            try (var nodes = new ScaleNodes(database, key, metricsToken, o.pull(), o.web(), temp)) {
                long nodesStart = System.nanoTime();
                List<ScaleNodes.Node> started = nodes.start(o.nodes());
                System.out.printf("bench: %d node(s) started in %.1f s; waiting for every connection's first run%n",
                        o.nodes(), (System.nanoTime() - nodesStart) / 1e9);
                long firstStart = System.nanoTime();
                Duration firstLimit = o.pull().multipliedBy(3).compareTo(Duration.ofMinutes(5)) < 0
                        ? Duration.ofMinutes(5) : o.pull().multipliedBy(3);
                int ran = waitForFirstRuns(jdbc, o.connections(), firstLimit, started);
                double firstSeconds = (System.nanoTime() - firstStart) / 1e9;
                CatchUp catchUp = waitForCatchUp(jdbc, firstLimit, started, firstStart);
                try (var cpu = new ScaleCpu(nodes, jdbc); var gauges = new ScaleGauges(started, metricsToken)) {
                    Instant from = Instant.now();
                    ScaleCpu.Sample cpuFrom = cpu.sample();
                    Map<String, Long> requestsFrom = dav.requests();
                    System.out.printf("bench: window of %s from %s, %.1f edits/s%n", o.window(), from, o.editsPerSecond());
                    edits.start();
                    Instant killedAt = null;
                    List<Long> held = List.of();
                    if (o.killAfter() != null) {
                        sleepUntil(from.plus(o.killAfter()), nodes, started, jdbc);
                        // The kill lands while the node runs several connections (at most 60 s later), so a
                        // takeover is timed: a run of a few milliseconds may end between the look and the kill.
                        String victim = started.get(1).id();
                        for (int i = 0; i < 600 && heldBy(jdbc, victim, Instant.now(), jobTable).size() < 3; i++) {
                            Thread.sleep(100);
                        }
                        killedAt = Instant.now();
                        nodes.kill(started.get(1));
                        held = heldBy(jdbc, victim, killedAt, jobTable);
                        System.out.printf("bench: killed %s at %s; it held %d run(s)%n", started.get(1).id(), killedAt,
                                held.size());
                    }
                    sleepUntil(from.plus(o.window()), nodes, started.subList(0, killedAt == null ? started.size() : 1), jdbc);
                    edits.stop();
                    Instant to = Instant.now();
                    ScaleCpu.Sample cpuTo = cpu.sample();
                    gauges.close();
                    Map<String, Long> requests = difference(dav.requests(), requestsFrom);
                    // Edits made just before the end get their time to arrive (a run lease of a killed node runs
                    // out after a minute); the nodes still run meanwhile.
                    for (int i = 0; i < 180 && edits.waiting() > 0; i++) Thread.sleep(500);
                    int notArrived = edits.waiting();
                    nodes.close();
                    Storage storage = Storage.of(jdbc);
                    List<ScaleRuns.Run> runs = ScaleRuns.all(jdbc);
                    ScaleRuns.Window window = ScaleRuns.window(runs, connectionIds, from, to, o.pull());
                    Takeover takeover = killedAt == null ? null
                            : takeover(runs, connectionIds, held, started.getFirst().id(), killedAt, to, o.pull());
                    double wall = (cpuTo.nanos() - cpuFrom.nanos()) / 1e9;
                    int n = Math.max(1, window.runs());
                    double nodeMs = millis(cpuTo.nodes(), cpuFrom.nodes());
                    double pgMs = cpuTo.postgres() == null ? Double.NaN : millis(cpuTo.postgres(), cpuFrom.postgres());
                    double benchMs = millis(cpuTo.bench(), cpuFrom.bench());
                    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                    System.out.println("bench: the floor: a plain client's pulls at the same rate");
                    ScaleFloor.Result floor = ScaleFloor.run(dav, o.connections(), o.pull(), o.floor());
                    return new Result(o, setupSeconds, firstSeconds, ran, catchUp, window, edits.latencies(), edits.made(),
                            notArrived, nodeMs / 10 / wall, pgMs / 10 / wall, benchMs / 10 / wall, nodeMs / n, pgMs / n,
                            benchMs / n, requests, jobTable ? ScalePicks.between(jdbc, from, to) : null,
                            gauges.highest(), storage, takeover, floor, load);
                }
            }
        }
    }

    private static int waitForFirstRuns(JdbcClient jdbc, int connections, Duration limit, List<ScaleNodes.Node> nodes)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long nextReport = System.nanoTime();
        while (true) {
            int ran = ScaleRuns.ranOnce(jdbc);
            if (ran >= connections) return ran;
            requireAlive(nodes);
            if (System.nanoTime() > deadline) {
                System.out.printf("bench:   %d of %d connections had not run after %s; the window starts anyway%n",
                        connections - ran, connections, limit);
                return ran;
            }
            if (System.nanoTime() >= nextReport) {
                System.out.printf("bench:   %d of %d connections have run; %s%n", ran, connections, Jobs.of(jdbc));
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(1000);
        }
    }

    /**
     * After the first syncs: the pulls that came due meanwhile (a first sync goes before a pull) until no due job has
     * waited more than a few seconds. The window measures the steady state from then on; how long the catch-up took,
     * and the longest a due job waited from the nodes' start to then, are figures of their own.
     */
    record CatchUp(double afterSeconds, double longestWaitSeconds, boolean done) {
    }

    private static CatchUp waitForCatchUp(JdbcClient jdbc, Duration limit, List<ScaleNodes.Node> nodes, long since)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        double longest = 0;
        while (true) {
            Jobs now = Jobs.of(jdbc);
            longest = Math.max(longest, now.oldestWaitSeconds());
            boolean done = now.oldestWaitSeconds() <= CAUGHT_UP_SECONDS;
            if (done || System.nanoTime() > deadline) {
                System.out.printf("bench: %s; %s%n", done ? "caught up" : "not caught up after " + limit, now);
                return new CatchUp((System.nanoTime() - since) / 1e9, longest, done);
            }
            requireAlive(nodes);
            Thread.sleep(1000);
        }
    }

    /** No due job waited longer than this: the backlog of the start is gone. */
    private static final double CAUGHT_UP_SECONDS = 5;

    private static void sleepUntil(Instant when, ScaleNodes nodes, List<ScaleNodes.Node> alive, JdbcClient jdbc)
            throws InterruptedException {
        long nextReport = System.nanoTime();
        while (Instant.now().isBefore(when)) {
            requireAlive(alive);
            nodes.sample();
            if (System.nanoTime() >= nextReport) {
                System.out.printf("bench:   %s%n", Jobs.of(jdbc));
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(Math.min(5000, Math.max(1, Duration.between(Instant.now(), when).toMillis())));
        }
    }

    /** The connections' jobs at a moment, to follow a run: those due by priority, the oldest due's wait, those running. */
    record Jobs(Map<Integer, Long> dueByPriority, double oldestWaitSeconds, long running) {
        static Jobs of(JdbcClient jdbc) {
            var now = Instant.now();
            var due = new TreeMap<Integer, Long>();
            var oldest = new double[1];
            jdbc.sql("""
                    SELECT priority, COUNT(*) AS n, MIN(execution_time) AS oldest FROM scheduled_tasks
                    WHERE task_name = 'sync-connection' AND picked = FALSE AND execution_time <= ? GROUP BY priority""")
                    .param(java.sql.Timestamp.from(now)).query((rs, row) -> {
                        due.put(rs.getInt("priority"), rs.getLong("n"));
                        double waited = Duration.between(rs.getTimestamp("oldest").toInstant(), now).toMillis() / 1000.0;
                        return oldest[0] = Math.max(oldest[0], waited);
                    }).list();
            long running = jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'sync-connection' AND picked = TRUE")
                    .query(Long.class).single();
            return new Jobs(due, oldest[0], running);
        }

        @Override
        public String toString() {
            return "jobs due by priority %s, oldest due %.1f s ago, %d running".formatted(dueByPriority, oldestWaitSeconds,
                    running);
        }
    }

    private static void requireAlive(List<ScaleNodes.Node> nodes) {
        for (ScaleNodes.Node node : nodes) {
            if (!node.process().isAlive()) {
                throw new IllegalStateException(node.id() + " stopped; the end of its log:\n" + ScaleNodes.tail(node.log()));
            }
        }
    }

    /**
     * The connections whose run lease the node held at the kill, and whose job it had picked: runs cut off or about
     * to start, to be taken over.
     */
    private static List<Long> heldBy(JdbcClient jdbc, String node, Instant at, boolean jobTable) {
        var held = new java.util.TreeSet<>(jdbc.sql("SELECT id FROM connection WHERE lease_node = ? AND run_lease_until > ?")
                .params(node, java.sql.Timestamp.from(at)).query(Long.class).list());
        if (jobTable) held.addAll(ScalePicks.pickedBy(jdbc, node));
        return List.copyOf(held);
    }

    private static Takeover takeover(List<ScaleRuns.Run> runs, List<Long> connections, List<Long> held, String survivor,
                                     Instant killedAt, Instant to, Duration pull) {
        Map<Long, Instant> first = ScaleRuns.firstRunsOn(runs, survivor, killedAt);
        double longest = 0;
        int rerun = 0;
        for (long c : held) {
            Instant again = first.get(c);
            if (again != null) {
                rerun++;
                longest = Math.max(longest, ScaleRuns.seconds(killedAt, again));
            }
        }
        ScaleRuns.Window after = ScaleRuns.window(runs, connections, killedAt, to, pull);
        return new Takeover(held.size(), rerun, longest, ScaleRuns.quantile(after.lags(), 0.99),
                ScaleRuns.quantile(after.lags(), 1.0));
    }

    private static Map<String, Long> difference(Map<String, Long> now, Map<String, Long> before) {
        var d = new TreeMap<String, Long>();
        now.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    private static double millis(Duration to, Duration from) {
        return to.minus(from).toNanos() / 1e6;
    }

    static String table(Result r) {
        ScaleOptions o = r.options();
        ScaleRuns.Window w = r.window();
        var rows = new ArrayList<String[]>();
        rows.add(row("connections × persons, pull, nodes", "%d × %d, %s, %d".formatted(o.connections(), o.persons(),
                o.pull(), o.nodes())));
        rows.add(row("set-up s (not measured)", f1(r.setupSeconds())));
        rows.add(row("every connection's first run after s", r.ranBeforeWindow() >= o.connections() ? f1(r.firstRunsSeconds())
                : "%d of %d had run after %s s".formatted(r.ranBeforeWindow(), o.connections(), f1(r.firstRunsSeconds()))));
        CatchUp c = r.catchUp();
        rows.add(row("pulls due meanwhile caught up (no due job waiting > %s s) after s; longest wait s"
                .formatted(f1(CAUGHT_UP_SECONDS)), (c.done() ? f1(c.afterSeconds()) : "not after " + f1(c.afterSeconds()))
                + "; " + f1(c.longestWaitSeconds())));
        rows.add(row("window s", f1(w.seconds())));
        rows.add(row("runs in the window, runs/s (needed: connections ÷ pull)", "%d, %s (%s)".formatted(w.runs(),
                f2(w.runsPerSecond()), f2(o.connections() / (o.pull().toMillis() / 1000.0)))));
        rows.add(row("runs per node", w.perNode().toString()));
        rows.add(row("runs not succeeded (RUNNING: cut off by the kill)", w.failures().isEmpty() ? "0" : w.failures().toString()));
        rows.add(row("pull lag s p50 / p95 / p99 / max: gap between run starts − pull", quantiles(w.lags())));
        if (r.picks() != null) {
            rows.add(row("pull lag s p50 / p95 / p99 / max: job due → picked (db-scheduler)", quantiles(r.picks().lags())));
            rows.add(row("jobs picked per node", r.picks().perNode().toString()));
        }
        var g = r.gauges();
        rows.add(row("highest koppel_sync_pull_lag_seconds, koppel_sync_jobs_due (scraped every 5 s)",
                f1(g.getOrDefault(ScaleGauges.NAMES.get(0), Double.NaN)) + ", " + f1(g.getOrDefault(ScaleGauges.NAMES.get(1), Double.NaN))));
        rows.add(row("a node's highest heap used, live data after GC (MiB); database connections in use",
                "%s, %s; %s".formatted(f1(g.getOrDefault(ScaleGauges.NAMES.get(2), Double.NaN) / (1 << 20)),
                        f1(g.getOrDefault(ScaleGauges.NAMES.get(3), Double.NaN) / (1 << 20)),
                        f1(g.getOrDefault(ScaleGauges.NAMES.get(4), Double.NaN)))));
        rows.add(row("database bytes per sync_run row, per change_log row (tables with their indexes)",
                "%d, %d".formatted(r.storage().bytesPerRun(), r.storage().bytesPerChange())));
        rows.add(row("starved connections (no run in 2 × pull)", Integer.toString(w.starved())));
        rows.add(row("connections that never ran", Integer.toString(w.neverRan())));
        rows.add(row("overlapping runs of one connection (whole run)", Integer.toString(w.overlapping())));
        rows.add(row("CRM edits made, not arrived at the peer", "%d, %d".formatted(r.editsMade(), r.editsNotArrived())));
        rows.add(row("edit → peer PUT s p50 / p95 / p99 / max", quantiles(r.editLatencies())));
        rows.add(row("Koppel nodes CPU % of one core, ms per run", "%s, %s".formatted(f1(r.nodeCpuShare()),
                f2(r.nodeCpuMsPerRun()))));
        rows.add(row("PostgreSQL CPU % of one core, ms per run", "%s, %s".formatted(f1(r.postgresCpuShare()),
                f2(r.postgresCpuMsPerRun()))));
        rows.add(row("stand-in + edits (bench JVM) CPU % of one core, ms per run", "%s, %s".formatted(
                f1(r.benchCpuShare()), f2(r.benchCpuMsPerRun()))));
        rows.add(row("peer requests per run (Koppel's count)", f2(w.requestsPerRun())));
        rows.add(row("stand-in requests in the window", r.peerRequests().toString()));
        if (r.takeover() != null) {
            Takeover t = r.takeover();
            rows.add(row("kill -9 of node-2 after min", f1(o.killAfter().toMillis() / 60_000.0)));
            rows.add(row("connections it held (lease or picked job) at the kill, rerun on node-1, longest s after", "%d, %d, %s".formatted(
                    t.held(), t.rerun(), f1(t.longestSeconds()))));
            rows.add(row("pull lag after the kill s p99 / max", f1(t.lagP99AfterKill()) + " / " + f1(t.lagMaxAfterKill())));
        }
        rows.add(row("load average at the end of the window", f1(r.load())));
        var table = new StringBuilder("| figure | value |\n|---|---:|\n");
        for (String[] row : rows) table.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n");
        ScaleFloor.Result f = r.floor();
        table.append("\n| pulls by | pulls | pulls/s | requests per pull | node CPU ms | PostgreSQL CPU ms | stand-in CPU ms |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        table.append("| Koppel (per run, whole window) | %d | %s | %s | %s | %s | %s |\n".formatted(w.runs(),
                f2(w.runsPerSecond()), f2(w.requestsPerRun()), f2(r.nodeCpuMsPerRun()), f2(r.postgresCpuMsPerRun()),
                f2(r.benchCpuMsPerRun()) + " (with the edits)"));
        table.append("| plain client, one sync-collection REPORT | %d | %s | 1.00 | – | – | %s (with the client)%s |\n"
                .formatted(f.pulls(), f2(f.pulls() / f.seconds()), f2(f.cpuMillisPerPull()),
                        f.failed() == 0 ? "" : ", " + f.failed() + " failed"));
        return table.toString();
    }

    private static String[] row(String figure, String value) {
        return new String[] {figure, value};
    }

    private static String quantiles(List<Double> sorted) {
        if (sorted.isEmpty()) return "–";
        return String.join(" / ", f2(ScaleRuns.quantile(sorted, 0.5)), f2(ScaleRuns.quantile(sorted, 0.95)),
                f2(ScaleRuns.quantile(sorted, 0.99)), f2(ScaleRuns.quantile(sorted, 1.0)));
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
