package org.koppel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.koppel.testkit.TestDatabases;

/** The databases the benchmark runs on, each fresh per run. */
enum BenchDatabase {

    /** A file database, as Koppel runs by default (same URL options as application.yml). */
    H2("H2 (file)") {
        @Override
        List<String> springArguments(Path tempDir) {
            String url = "jdbc:h2:file:" + tempDir.resolve("koppel").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=30000";
            return datasource(new TestDatabases.Jdbc(url, "sa", ""));
        }
    },

    /**
     * PostgreSQL, embedded or KOPPEL_TEST_PG_URL. The embedded server starts with
     * synchronous_commit off, which no production install runs; every connection switches it
     * back on so that a commit costs what it costs in production.
     */
    POSTGRES("PostgreSQL 17") {
        @Override
        List<String> springArguments(Path tempDir) {
            var arguments = new ArrayList<>(datasource(TestDatabases.freshPostgres()));
            arguments.add("--spring.datasource.hikari.connection-init-sql=SET synchronous_commit TO on");
            return arguments;
        }
    };

    final String label;

    BenchDatabase(String label) {
        this.label = label;
    }

    /** Command-line arguments for the Spring application: they outrank application.yml and KOPPEL_DB_URL. */
    abstract List<String> springArguments(Path tempDir);

    static BenchDatabase named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "h2" -> H2;
            case "postgres", "postgresql", "pg" -> POSTGRES;
            default -> throw new IllegalArgumentException("unknown database '" + name + "' (h2 or postgres)");
        };
    }

    private static List<String> datasource(TestDatabases.Jdbc db) {
        return List.of("--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password());
    }
}
