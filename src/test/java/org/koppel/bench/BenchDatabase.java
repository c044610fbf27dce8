package org.koppel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.koppel.testkit.TestDatabases;

/** The databases the benchmark runs on, each fresh per run. */
enum BenchDatabase {

    /**
     * A file database, exactly as Koppel runs by default: the URL is application.yml's own, with the
     * data directory moved to a temporary one.
     */
    H2("H2 (file)") {
        @Override
        List<String> springArguments(Path tempDir) {
            if (System.getenv("KOPPEL_DB_URL") != null) {
                // application.yml would take it, and the benchmark would write into that database.
                throw new IllegalStateException("unset KOPPEL_DB_URL: the H2 run uses Koppel's default database");
            }
            return List.of("--koppel.data-dir=" + tempDir.toAbsolutePath(), "--spring.datasource.username=sa",
                    "--spring.datasource.password=");
        }
    },

    /**
     * PostgreSQL, embedded or KOPPEL_TEST_PG_URL. The embedded server starts with
     * synchronous_commit off, which no production install runs; every connection switches it
     * back on so that a commit costs what it costs in production.
     */
    POSTGRES("PostgreSQL") {
        @Override
        List<String> springArguments(Path tempDir) {
            return postgresArguments(TestDatabases.freshPostgres());
        }
    };

    final String label;

    BenchDatabase(String label) {
        this.label = label;
    }

    /** Command-line arguments for the Spring application: they outrank application.yml and KOPPEL_DB_URL. */
    abstract List<String> springArguments(Path tempDir);

    /** Refuses a run that would not write where it should: a stray setting must never aim it at real data. */
    void requireFresh(String jdbcUrl, Path tempDir) {
        if (this == H2 && !jdbcUrl.startsWith("jdbc:h2:file:" + tempDir.toAbsolutePath())) {
            throw new IllegalStateException("the H2 run would use " + jdbcUrl + ", not a database in " + tempDir);
        }
    }

    static BenchDatabase named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "h2" -> H2;
            case "postgres", "postgresql", "pg" -> POSTGRES;
            default -> throw new IllegalArgumentException("unknown database '" + name + "' (h2 or postgres)");
        };
    }

    /** A Koppel's arguments for this PostgreSQL database, committing as production does (see {@link #POSTGRES}). */
    static List<String> postgresArguments(TestDatabases.Jdbc db) {
        var arguments = new ArrayList<>(datasource(db));
        arguments.add("--spring.datasource.hikari.connection-init-sql=SET synchronous_commit TO on");
        return arguments;
    }

    private static List<String> datasource(TestDatabases.Jdbc db) {
        return List.of("--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password());
    }
}
