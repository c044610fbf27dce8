package org.koppel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.source.SourceServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The source-system benchmark behind {@code bench/run source}: per database, N relations seeded in the
 * reference source server (testkit/source) and imported into a fresh Koppel by a "source" connection
 * (one run), beside the floor: the same relations listed and written through {@link Relations#create}
 * with no sync machinery ({@link SourceFloor}). Then the 5-minute periodic sync: the run right after the
 * import, a run with nothing changed, a run after 1% of the relations were edited in the source, and the
 * same after the source expired the cursor (a full re-read reconciled against the links). Each step is
 * checked against the source's own state. Prints the table and appends it to
 * {@code bench/results/<date>-source-sync.md}.
 */
public final class SourceBench {

    static final String USAGE = """
            usage: bench/run source [--relations 50000] [--latency-ms 0] [--databases h2,postgres] [--results DIR]
              --relations   relations seeded in the source (default 50000; at least 300)
              --latency-ms  how long the source takes to answer each request (default 0: loopback)
              --databases   h2 (file database) and/or postgres (embedded, or KOPPEL_TEST_PG_URL) (default h2,postgres)
              --results     where the results file goes (default bench/results)""";
    private static final String OFFICE = "4711";

    record Options(int relations, Duration latency, List<BenchDatabase> databases, Path resultsDir) {
    }

    /**
     * One step of one variant.
     *
     * @param relations what the step is about: relations imported, or relations in the source for a sync
     * @param written   relations Koppel created or updated (the run report's count; the floor's writes)
     * @param pushed    relations Koppel wrote back to the source (PATCH)
     */
    record Row(String database, String step, String variant, SourceMeasured<?> m, int relations, int written, int pushed,
               String check) {

        double requestsPerRelation() {
            return (double) m.requests() / relations;
        }
    }

    private SourceBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchArgs.startOrExit(() -> parse(args));
        var rows = new ArrayList<Row>();
        for (BenchDatabase database : options.databases()) {
            System.out.printf("bench: %s, %,d source relations, %d ms per source request...%n", database.label,
                    options.relations(), options.latency().toMillis());
            rows.addAll(run(database, options.relations(), options.latency()));
        }
        String table = markdown(rows);
        System.out.println();
        System.out.print(table);
        Path file = BenchResults.append(options.resultsDir(), "source-sync",
                "# Source-system benchmark: import and periodic sync against the reference source server\n\n"
                        + "Made by `bench/run source`; see docs/benchmarks.md for what is measured.\n",
                "%,d source relations, %d ms per source request".formatted(options.relations(), options.latency().toMillis()),
                BenchResults.machine("; " + BenchResults.loadAtTheEnd()), table);
        System.out.println("bench: results appended to " + file);
        System.exit(0);
    }

    static List<Row> run(BenchDatabase database, int relations, Duration latency) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-source-bench-");
        String key = "bench-" + UUID.randomUUID();
        try (SourceServer source = SourceServer.start(OFFICE, key);
             ConfigurableApplicationContext context = BenchKoppel.start(database, tempDir)) {
            warmUp(context, Math.max(300, Math.min(2000, relations / 10)));
            List<String> ids = source.seed(relations);
            source.latency(latency);
            Set<String> expected = SourceExpected.imported(source, ids);
            System.out.printf("bench:   %,d relations seeded, %,d to import (active, mapped type); %,d active contact persons "
                    + "of an organisation that is not imported%n", ids.size(), expected.size(),
                    SourceExpected.withoutImportedOrganisation(source, ids, expected));
            var rows = new ArrayList<Row>();
            // The floor first: the sync run's change-log cursor starts after its writes, so they cost Koppel's runs nothing.
            rows.add(floor(database, context, source, key, expected));
            rows.addAll(koppel(database, context, source, key, expected, relations));
            return rows;
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    /**
     * Untimed: the first thousands of relations a JVM writes run partly interpreted, and the variant timed
     * first would pay for it alone. A small source through the floor and the connection's steps warms both.
     */
    private static void warmUp(ConfigurableApplicationContext context, int relations) throws Exception {
        String key = "warm-" + UUID.randomUUID();
        try (SourceServer source = SourceServer.start(OFFICE, key)) {
            List<String> ids = source.seed(relations);
            Set<String> expected = SourceExpected.imported(source, ids);
            System.out.printf("bench:   warm-up (not timed), %,d relations%n", relations);
            new SourceFloor(source.baseUrl(), OFFICE, key).load(context.getBean(Relations.class), employee(context, "warm-floor").employeeId());
            var side = new SourceKoppelSide(context, source, OFFICE, key, employee(context, "warm-source"));
            side.checkImported(expected, side.run("warm-up import").value());
            side.run("warm-up re-sync");
            edit(source, expected, Math.max(3, relations / 100), 0);
            side.run("warm-up 1% edited");
        }
    }

    private static Row floor(BenchDatabase database, ConfigurableApplicationContext context, SourceServer source, String key,
                             Set<String> expected) {
        KoppelUser manager = employee(context, "source-floor");
        var m = SourceMeasured.time(source, () -> new SourceFloor(source.baseUrl(), OFFICE, key)
                .load(context.getBean(Relations.class), manager.employeeId()));
        if (!m.value().keySet().equals(expected)) {
            throw new IllegalStateException("the floor wrote " + m.value().size() + " relations, not the " + expected.size() + " expected");
        }
        System.out.printf("bench:   floor: %.2f s, %d requests, thread CPU %.2f s, process CPU %.2f s%n", m.seconds(),
                m.requests(), m.threadCpuSeconds(), m.processCpuSeconds());
        return new Row(database.label, "initial import", "floor: list + Relations.create", m, expected.size(),
                m.value().size(), 0, "%,d of %,d written".formatted(m.value().size(), expected.size()));
    }

    private static List<Row> koppel(BenchDatabase database, ConfigurableApplicationContext context, SourceServer source,
                                    String key, Set<String> expected, int inSource) {
        String variant = "Koppel sync run";
        var side = new SourceKoppelSide(context, source, OFFICE, key, employee(context, "source-admin"));
        var rows = new ArrayList<Row>();

        var imported = side.run("initial import");
        rows.add(row(database, "initial import", variant, imported, expected.size(), side.checkImported(expected, imported.value())));

        var before = side.versions();
        var after = side.run("the run after the import");
        rows.add(row(database, "next run (reads the import's change-log entries back)", variant, after, inSource,
                side.checkEdited(Map.of(), before)));

        before = side.versions();
        var noOp = side.run("nothing changed");
        rows.add(row(database, "nothing changed", variant, noOp, inSource, side.checkEdited(Map.of(), before)));

        int count = Math.max(3, inSource / 100);
        Map<String, String> edited = edit(source, expected, count, 0);
        before = side.versions();
        var changed = side.run("1% edited in the source");
        rows.add(row(database, "1% edited in the source", "cursor (change list since the last run)", changed, inSource,
                side.checkEdited(edited, before)));
        // Untimed: the run after reads the 1% run's own writes from the change log, as the run after the import did.
        side.run("the run after the 1% (not in the table)");

        edited = edit(source, expected, count, 1);
        source.expireCursors();
        before = side.versions();
        var reread = side.run("1% edited, cursor expired");
        rows.add(row(database, "1% edited in the source", "full re-read (cursor expired)", reread, inSource,
                side.checkEdited(edited, before)));
        return rows;
    }

    private static Row row(BenchDatabase database, String step, String variant, SourceMeasured<RunReport> m, int relations,
                           String check) {
        RunReport.Totals t = BenchRuns.totals(m.value(), DataType.RELATIONS);
        int pushed = (int) m.value().items().stream().filter(i -> i.outcome() == RunReport.Outcome.UPDATED_PEER
                || i.outcome() == RunReport.Outcome.UPDATED_BOTH).count();
        return new Row(database.label, step, variant, m, relations, t.created() + t.updated(), pushed, check);
    }

    /** Edits {@code count} imported relations in the source, a phone number each; returns source id to the new value. */
    private static Map<String, String> edit(SourceServer source, Set<String> imported, int count, int round) {
        var edited = new LinkedHashMap<String, String>();
        int n = 0;
        for (String id : SourceExpected.toEdit(source, imported, count, round)) {
            String kind = source.relation(id).orElseThrow().path("kind").asString();
            String value = "020-%07d".formatted(1_000_000 + round * 100_000 + n++);
            source.edit(id, SourceExpected.editedField(kind), value);
            edited.put(id, value);
        }
        return edited;
    }

    private static KoppelUser employee(ConfigurableApplicationContext context, String login) {
        Employee e = context.getBean(Employees.class).create(new Employee(null, null, login, "Bench " + login,
                List.of(login + "@koppel.example"), EmployeeRole.ADMIN, true, null, null, null), null, false, Origin.system());
        return new KoppelUser(e.id(), e.login(), null, e.role(), true, false, null);
    }

    static String markdown(List<Row> rows) {
        var table = new StringBuilder("""
                | database | step | variant | s | relations/s | HTTP requests | requests per relation | run-thread CPU s | JVM CPU s | written in Koppel | sent to source | check |
                |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|
                """);
        for (Row r : rows) {
            SourceMeasured<?> m = r.m();
            boolean importing = r.step().equals("initial import");
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %d | %s | %.2f | %.2f | %,d | %d | %s |%n",
                    r.database(), r.step(), r.variant(), m.seconds(),
                    importing ? String.format(Locale.ROOT, "%.0f", r.relations() / m.seconds()) : "–", m.requests(),
                    String.format(Locale.ROOT, importing ? "%.3f" : "%.4f", r.requestsPerRelation()), m.threadCpuSeconds(),
                    m.processCpuSeconds(), r.written(), r.pushed(), r.check()));
        }
        return table.toString();
    }

    static Options parse(String... args) {
        var a = BenchArgs.parse(args, Set.of("--relations", "--latency-ms", "--databases", "--results"), USAGE);
        int relations = a.number("--relations", 50_000);
        int latency = a.number("--latency-ms", 0);
        a.require(relations >= 300, "--relations must be at least 300 (1% of them is edited, over three kinds)");
        a.require(latency >= 0, "--latency-ms cannot be negative");
        List<BenchDatabase> databases = Arrays.stream(a.text("--databases", "h2,postgres").split(",")).map(String::strip)
                .map(BenchDatabase::named).toList();
        return new Options(relations, Duration.ofMillis(latency), databases, Path.of(a.text("--results", "bench/results")));
    }
}
