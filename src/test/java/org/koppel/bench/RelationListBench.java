package org.koppel.bench;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.koppel.crm.Origin;
import org.koppel.crm.bulk.BulkAction;
import org.koppel.crm.bulk.BulkChanges;
import org.koppel.crm.csv.RelationExport;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.relation.RelationListFilter;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.RelationSort;
import org.koppel.crm.relation.Relations;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The relation list's benchmark behind {@code bench/run relation-list}: N relations among 20
 * relation managers, then the list's queries as the page asks them (count + one page of 50, first
 * and deep), per sort column and direction; a leaver's list ("manager = X" by name); the bulk
 * reassign of a leaver's relations; a CSV export of all. Median of {@code --tries}, in milliseconds.
 * Not a test: it runs minutes.
 */
public final class RelationListBench {

    private static final String USAGE = "bench/run relation-list [--relations 20000] [--tries 5] [--databases h2,postgres] [--results DIR]";

    private RelationListBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.startOrExit(() -> BenchArgs.parse(args,
                Set.of("--relations", "--tries", "--databases", "--results"), USAGE));
        int relations = options.number("--relations", 20_000);
        int tries = options.number("--tries", 5);
        var table = new StringBuilder("| database | query | median ms |\n|---|---|---:|\n");
        for (String name : options.text("--databases", "h2,postgres").split(",")) {
            BenchDatabase database = BenchDatabase.named(name.strip());
            System.out.printf("bench: %s, %d relations...%n", database.label, relations);
            Path tempDir = Files.createTempDirectory("koppel-bench-");
            try (ConfigurableApplicationContext context = BenchKoppel.start(database, tempDir)) {
                run(context, database.label, relations, tries, table);
            } finally {
                BenchResults.deleteTree(tempDir);
            }
        }
        System.out.println();
        System.out.print(table);
        Path file = BenchResults.append(Path.of(options.text("--results", "bench/results")), "relation-list",
                "# Relation list benchmark\n\nMade by `bench/run relation-list`: the list page's queries, bulk reassign and export.\n",
                relations + " relations, median of " + tries,
                BenchResults.machine(", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB"), table.toString());
        System.out.println("bench: results appended to " + file);
        System.exit(0);
    }

    private static void run(ConfigurableApplicationContext context, String label, int count, int tries, StringBuilder table)
            throws Exception {
        Employees employees = context.getBean(Employees.class);
        Relations relations = context.getBean(Relations.class);
        var managers = new ArrayList<Long>();
        for (int i = 0; i < 20; i++) {
            Employee e = employees.create(new Employee(null, null, "manager" + i, "Manager " + (char) ('A' + i),
                    List.of("manager" + i + "@bench.example"), EmployeeRole.USER, true, null, null, null), "bench-password-" + i,
                    false, Origin.system());
            managers.add(e.id());
        }
        var random = new Random(15);
        var makers = managers.stream().map(m -> new BenchPersons(random, m)).toList();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) relations.create(makers.get(random.nextInt(makers.size())).next(i), Origin.system());
        System.out.printf("bench:   %d relations written in %.0f s%n", count, (System.nanoTime() - started) / 1e9);

        long reader = managers.getFirst();
        int deepPage = Math.max(0, count / 50 / 2);
        // Each try asks a slightly different page (size 50, 51, ...; the next deep page): H2 answers a
        // query it answered before from its result cache while the tables are unchanged, which measured 0 ms.
        for (RelationSort sort : RelationSort.values()) {
            for (boolean descending : new boolean[] {false, true}) {
                var query = RelationListFilter.none().sortedBy(sort, descending).query(reader, 0, 50);
                row(table, label, "all, sort " + sort.param() + (descending ? " desc" : " asc") + ", page 1 of 50",
                        median(tries, t -> time(() -> relations.search(query.withPage(0, 50 + t)))));
                row(table, label, "all, sort " + sort.param() + (descending ? " desc" : " asc") + ", page ~" + (deepPage + 1),
                        median(tries, t -> time(() -> relations.search(query.withPage(deepPage + t, 50)))));
            }
        }
        long leaver = managers.get(7);
        var leaversList = new RelationQuery(null, null, null, null, leaver, null, null, false, null, null, 0, 50);
        row(table, label, "manager = X (~" + count / 20 + "), sort name, page 1",
                median(tries, t -> time(() -> relations.search(leaversList.withPage(0, 50 + t)))));
        var searched = new RelationQuery(null, "vries", null, null, null, null, null, false, null, null,
                RelationSort.CITY, false, 0, 50);
        row(table, label, "q = vries, sort city, page 1",
                median(tries, t -> time(() -> relations.search(searched.withPage(0, 50 + t)))));

        BulkChanges bulk = context.getBean(BulkChanges.class);
        RelationExport export = context.getBean(RelationExport.class);
        var filter = new RelationListFilter(null, null, leaver, null, null, null, false, false, RelationSort.NAME, false);
        List<Long> ids = bulk.idsMatching(filter, reader).subList(0, 55);
        double[] reassign = new double[tries];
        for (int t = 0; t < tries; t++) {
            long to = managers.get(t % 2 == 0 ? 8 : 7);
            reassign[t] = time(() -> bulk.apply(ids, new BulkAction.ReassignManager(to), GroupEditor.system()));
        }
        row(table, label, "bulk reassign of 55 relations (one transaction)", median(reassign));
        var all = RelationListFilter.none().query(reader, 0, 1);
        row(table, label, "CSV export of all " + count, median(Math.min(tries, 3),
                t -> time(() -> export.csv(all, ';', new ByteArrayOutputStream()))));
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) {
        long start = System.nanoTime();
        try {
            work.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(int tries, java.util.function.IntToDoubleFunction measure) {
        measure.applyAsDouble(tries); // warm-up, not counted
        double[] times = new double[tries];
        for (int i = 0; i < tries; i++) times[i] = measure.applyAsDouble(i);
        return median(times);
    }

    private static double median(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void row(StringBuilder table, String database, String query, double ms) {
        table.append("| ").append(database).append(" | ").append(query).append(" | ")
                .append(String.format(java.util.Locale.ROOT, "%.1f", ms)).append(" |\n");
        System.out.printf(java.util.Locale.ROOT, "bench:   %s: %.1f ms%n", query, ms);
    }
}
