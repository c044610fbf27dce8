package org.koppel.testkit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The databases tests run on. H2: a fresh in-memory database per Spring context. PostgreSQL:
 * {@code KOPPEL_TEST_PG_URL} (with KOPPEL_TEST_PG_USER / KOPPEL_TEST_PG_PASSWORD) when set,
 * otherwise one embedded PostgreSQL per test JVM; each Spring context gets a database of its own.
 */
public final class TestDatabases {

    public record Jdbc(String url, String user, String password) {
    }

    private static EmbeddedPostgres embedded;

    private TestDatabases() {
    }

    public static Jdbc freshH2() {
        return new Jdbc("jdbc:h2:mem:koppel-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=30000;QUERY_CACHE_SIZE=64;DB_CLOSE_DELAY=-1",
                "sa", "");
    }

    /** A new, empty PostgreSQL database. */
    public static synchronized Jdbc freshPostgres() {
        Jdbc server = postgresServer();
        String name = "koppel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + server.url() + ": " + e.getMessage(), e);
        }
        String url = server.url().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return new Jdbc(url, server.user(), server.password());
    }

    private static Jdbc postgresServer() {
        String url = System.getenv("KOPPEL_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return new Jdbc(url, System.getenv().getOrDefault("KOPPEL_TEST_PG_USER", "postgres"),
                    System.getenv().getOrDefault("KOPPEL_TEST_PG_PASSWORD", ""));
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return new Jdbc(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }
}
