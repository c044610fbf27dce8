package org.koppel.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.koppel.KoppelApplication;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Relations;
import org.koppel.testkit.Api;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;

/**
 * What one hostile or merely large request body costs the server (issue 10: 100,000 {@code ownerIds}
 * pinned a CPU for 95 s). A real Koppel with its web server on a fresh database; each case is one
 * request through HTTP, timed by the wall clock and by the CPU time of this JVM (the server and
 * its database run inside it; the client's share, building and reading the JSON, is small).
 * Prints a table and appends it to {@code bench/results/<date>-list-limits.md}.
 *
 * <pre>bench/run lists [--ids 100000] [--members 10000] [--tries 3] [--databases h2,postgres] [--results DIR]</pre>
 */
public final class ListLimitBench {

    private static final String ADMIN_PASSWORD = "bench-admin-password";
    /** A case that takes longer than this is not tried again: once shows the problem. */
    private static final long SLOW_NANOS = 10_000_000_000L;

    private record Case(String name, HttpMethod method, String path, IntFunction<String> body) {
    }

    private record Measured(String database, String name, int tries, int status, double wallSeconds, double cpuSeconds,
                            int errors, String firstError, long responseBytes) {
    }

    private ListLimitBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchResults.quietLogs();
        int ids = 100_000;
        int members = 10_000;
        int tries = 3;
        List<BenchDatabase> databases = List.of(BenchDatabase.H2);
        Path resultsDir = Path.of("bench", "results");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ids" -> ids = Integer.parseInt(args[i + 1]);
                case "--members" -> members = Integer.parseInt(args[i + 1]);
                case "--tries" -> tries = Integer.parseInt(args[i + 1]);
                case "--databases" -> databases = Arrays.stream(args[i + 1].split(",")).map(BenchDatabase::named).toList();
                case "--results" -> resultsDir = Path.of(args[i + 1]);
                default -> {
                    System.err.println("usage: bench/run lists [--ids N] [--members N] [--tries N] [--databases h2,postgres] [--results DIR]");
                    System.exit(2);
                }
            }
        }
        var results = new ArrayList<Measured>();
        for (BenchDatabase database : databases) results.addAll(run(database, ids, members, tries));
        String table = table(results);
        System.out.println();
        System.out.print(table);
        Path file = BenchResults.append(resultsDir, "list-limits",
                "# List-limit benchmark\n\nMade by `bench/run lists`; see docs/benchmarks.md for what is measured.\n",
                ids + " ids, " + members + " group members",
                BenchResults.machine(", " + BenchResults.loadAtTheEnd()), table);
        System.out.println("bench: results appended to " + file);
        System.exit(0);
    }

    private static List<Measured> run(BenchDatabase database, int ids, int members, int tries) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-bench-");
        var arguments = new ArrayList<>(database.springArguments(tempDir));
        arguments.addAll(List.of("--koppel.demo=false", "--koppel.admin-password=" + ADMIN_PASSWORD,
                "--koppel.sync.scheduler=false", "--server.port=0", "--logging.level.root=ERROR"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KoppelApplication.class)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(arguments.toArray(String[]::new))) {
            database.requireFresh(context.getEnvironment().getProperty("spring.datasource.url"), tempDir);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Api admin = Api.basic(port, "admin", ADMIN_PASSWORD);
            var employees = context.getBean(Employees.class);
            List<Long> owners = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                owners.add(employees.create(new Employee(null, null, "owner" + i, "Owner " + i, List.of(),
                        EmployeeRole.USER, true, null, null, null), null, false, Origin.system()).id());
            }
            long manager = owners.getFirst();
            var relations = context.getBean(Relations.class);
            List<Long> organisations = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                organisations.add(relations.create(new Organisation(null, null, "Member " + i, null, null, null, null,
                        manager, List.of(), false, List.of(), List.of(), null, java.util.Map.of(), null, null, null),
                        Origin.system()).id());
            }
            // Untimed: the first requests of a JVM run its JSON and validation code interpreted.
            for (int i = 0; i < 20; i++) {
                admin.post("/api/v1/persons", "{\"lastName\": \"Warm %d\", \"managerId\": %d, \"ownerIds\": %s}"
                        .formatted(i, manager, json(owners.subList(0, 10))));
            }
            long unknownStart = 10_000_000L;
            String unknownIds = json(LongStream.range(unknownStart, unknownStart + ids).boxed().toList());
            String repeatedIds = json(LongStream.range(0, ids).map(i -> manager).boxed().toList());
            String repeatedUnknown = json(LongStream.range(0, ids).map(i -> unknownStart).boxed().toList());
            var cases = List.of(
                    new Case("POST person, %,d ownerIds (one unknown id repeated)".formatted(ids), HttpMethod.POST,
                            "/api/v1/persons", t -> "{\"lastName\": \"Big\", \"managerId\": %d, \"ownerIds\": %s}"
                                    .formatted(manager, repeatedUnknown)),
                    new Case("POST person, %,d unknown ownerIds".formatted(ids), HttpMethod.POST, "/api/v1/persons",
                            t -> "{\"lastName\": \"Big\", \"managerId\": %d, \"ownerIds\": %s}".formatted(manager, unknownIds)),
                    new Case("POST person, %,d ownerIds (one employee repeated)".formatted(ids), HttpMethod.POST,
                            "/api/v1/persons", t -> "{\"lastName\": \"Big\", \"managerId\": %d, \"ownerIds\": %s}"
                                    .formatted(manager, repeatedIds)),
                    new Case("POST person, 100 active ownerIds (at the cap)", HttpMethod.POST, "/api/v1/persons",
                            t -> "{\"lastName\": \"Owned %d\", \"managerId\": %d, \"ownerIds\": %s}"
                                    .formatted(t, manager, json(owners))),
                    new Case("POST group, %,d memberIds".formatted(members), HttpMethod.POST, "/api/v1/groups",
                            t -> "{\"name\": \"Bench %d\", \"mainGroup\": \"Bench\", \"ownerId\": %d, \"memberIds\": %s}"
                                    .formatted(t, manager, json(organisations))));
            var measured = new ArrayList<Measured>();
            for (Case c : cases) measured.add(measure(database.label, admin, c, tries));
            return measured;
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    private static Measured measure(String database, Api api, Case c, int tries) {
        var runs = new ArrayList<Measured>();
        for (int t = 0; t < tries; t++) {
            String body = c.body().apply(t);
            System.out.printf("bench: %s: %s (try %d, %,d bytes)...%n", database, c.name(), t + 1, body.length());
            long cpu = cpuNanos();
            long start = System.nanoTime();
            Api.Response response = api.send(c.method(), c.path(), body, h -> { });
            long wall = System.nanoTime() - start;
            cpu = cpuNanos() - cpu;
            int errors = response.body() != null && response.body().has("errors") ? response.body().get("errors").size() : 0;
            String first = errors == 0 ? "" : response.body().get("errors").get(0).get("field").asString() + ": "
                    + response.body().get("errors").get(0).get("reason").asString();
            long bytes = response.body() == null ? 0 : response.body().toString().length();
            var m = new Measured(database, c.name(), t + 1, response.status(), wall / 1e9, cpu / 1e9, errors, first, bytes);
            System.out.printf("bench:   %d in %.3f s wall, %.3f s CPU, %d errors, %s%n", m.status(), m.wallSeconds(),
                    m.cpuSeconds(), errors, first);
            runs.add(m);
            if (wall > SLOW_NANOS) break;
        }
        runs.sort(java.util.Comparator.comparingDouble(Measured::wallSeconds));
        Measured median = runs.get(runs.size() / 2);
        return new Measured(median.database(), median.name(), runs.size(), median.status(), median.wallSeconds(),
                median.cpuSeconds(), median.errors(), median.firstError(), median.responseBytes());
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String json(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    private static String table(List<Measured> results) {
        var table = new StringBuilder("""
                | database | request | tries | status | wall s (median) | JVM CPU s | errors listed | first error | response bytes |
                |---|---|---:|---:|---:|---:|---:|---|---:|
                """);
        for (Measured m : results) {
            String first = m.firstError().length() > 90 ? m.firstError().substring(0, 90) + "…" : m.firstError();
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %d | %s | %d |%n", m.database(),
                    m.name(), m.tries(), m.status(), m.wallSeconds(), m.cpuSeconds(), m.errors(),
                    first.replace("|", "\\|"), m.responseBytes()));
        }
        return table.toString();
    }
}
