package org.koppel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.koppel.KoppelApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The write-path benchmark behind {@code bench/run}: for each database and writer count, a fresh
 * database and a Koppel without its web server, N persons written, the change log read back.
 * Prints a table and appends it to {@code bench/results/<date>-write-path.md}.
 * Not a test (Surefire would not pick it up by name): it runs minutes, not seconds.
 */
public final class WritePathBench {

    private static final Duration FIRST_WARM_UP = Duration.ofSeconds(30);

    private WritePathBench() {
    }

    public static void main(String[] args) throws Exception {
        // Spring sets log levels only as it starts; the embedded PostgreSQL starts before, and chats.
        BenchResults.quietLogs();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var results = new ArrayList<BenchResult>();
        for (BenchDatabase database : options.databases()) {
            for (int writers : options.writers()) {
                System.out.printf("bench: %s, %d writer(s), %d persons...%n", database.label, writers, options.persons());
                BenchResult result = run(database, writers, options.persons(),
                        results.isEmpty() ? FIRST_WARM_UP : Duration.ZERO);
                System.out.printf("bench:   %.0f persons/s written, %.0f entries/s read%n", result.personsPerSecond(),
                        result.entriesPerSecond());
                results.add(result);
            }
        }
        String table = ResultTable.markdown(results);
        System.out.println();
        System.out.print(table);
        Path file = record(options, table);
        System.out.println();
        System.out.println("bench: results appended to " + file);
        // The embedded PostgreSQL stops in a shutdown hook; exit rather than wait for stray non-daemon threads.
        System.exit(0);
    }

    private static BenchResult run(BenchDatabase database, int writers, int persons, Duration warmUpTime)
            throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-bench-");
        var arguments = new ArrayList<>(database.springArguments(tempDir));
        arguments.addAll(List.of(
                "--koppel.demo=false",
                // A set password keeps AdminBootstrap from printing a one-time password into the figures.
                "--koppel.admin-password=bench-admin-password",
                "--spring.datasource.hikari.maximum-pool-size=" + Math.max(10, writers + 2),
                "--logging.level.root=ERROR"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KoppelApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .run(arguments.toArray(String[]::new))) {
            database.requireFresh(context.getEnvironment().getProperty("spring.datasource.url"), tempDir);
            var run = new WritePathRun(context);
            // The first thousands of writes in a JVM run partly interpreted: without a longer warm-up
            // the first run of a bench/run measured a third of the same run repeated.
            run.warmUp(Math.max(2000, persons / 10), warmUpTime);
            WritePathRun.Measured m = run.measure(persons, writers);
            return new BenchResult(product(context.getBean(DataSource.class)), writers, persons, m.writeSeconds(),
                    m.cpuMillisPerPerson(), m.entriesRead(), m.readSeconds(), m.loadAverage());
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    private static String product(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String version = c.getMetaData().getDatabaseProductVersion().split(" ")[0];
            return c.getMetaData().getDatabaseProductName() + " " + version;
        }
    }

    private static Path record(BenchOptions options, String table) throws IOException {
        return BenchResults.append(options.resultsDir(), "write-path",
                "# Write-path benchmark\n\nMade by `bench/run`; see docs/benchmarks.md for what is measured.\n",
                options.persons() + " persons",
                BenchResults.machine(", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB"), table);
    }
}
