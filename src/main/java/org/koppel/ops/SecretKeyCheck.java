package org.koppel.ops;

import org.koppel.security.SecretBox;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a node whose secret key cannot open the stored secrets: a second node started
 * without KOPPEL_SECRET_KEY makes a key file of its own, and every run it took would fail with the
 * connection's password unreadable. Better one clear message at start than many failed runs.
 */
@Component
class SecretKeyCheck implements ApplicationRunner {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    SecretKeyCheck(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public void run(ApplicationArguments args) {
        // The newest one: it was sealed with the key in use now, if any key works at all.
        jdbc.sql("SELECT secret FROM connection WHERE secret IS NOT NULL ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .query(String.class).optional().ifPresent(this::check);
    }

    void check(String sealed) {
        try {
            secrets.open(sealed);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("This node's secret key cannot open the secrets stored in the database: every "
                    + "node must run with the same KOPPEL_SECRET_KEY (docs/operations.md, \"Several nodes\")", e);
        }
    }
}
