package org.koppel.store;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * On H2, migrations run on a connection of their own that stays open as long as Koppel runs.
 *
 * <p>Why: H2 2.4 keeps, inside a CHECK constraint it has just created, the session that created it,
 * and evaluates the constraint with that session. Once that session is closed, every insert or
 * update checked by the constraint fails with "Check constraint invalid ... The database has been
 * closed". Had Flyway used a pooled connection, Hikari would close it after its maximum lifetime
 * (30 minutes), and from then on Koppel could no longer change a connection's status, save a run,
 * or save anything else with a CHECK constraint, until a restart (a database opened afresh reads
 * its constraints with a session that lives as long as the database). Found by the 10,000-contact
 * benchmark, whose first sync outlived the pool's first connections; see H2MigrationsTest.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(H2Migrations.OnH2.class)
class H2Migrations {

    static final class OnH2 implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url", "");
            return url.startsWith("jdbc:h2:");
        }
    }

    /**
     * The migrations' connection. Held in a wrapper, not as a DataSource bean: a second DataSource
     * bean would make Spring Boot leave out the connection pool Koppel itself uses.
     */
    static final class MigrationConnection implements AutoCloseable {
        final SingleConnectionDataSource dataSource;

        MigrationConnection(Environment env) {
            dataSource = new SingleConnectionDataSource(env.getRequiredProperty("spring.datasource.url"),
                    env.getProperty("spring.datasource.username", "sa"), env.getProperty("spring.datasource.password", ""),
                    true);
        }

        @Override
        public void close() {
            dataSource.destroy();
        }
    }

    /** Closed when the application context closes, after Koppel's own pool. */
    @Bean
    MigrationConnection h2MigrationConnection(Environment env) {
        return new MigrationConnection(env);
    }

    @Bean
    FlywayConfigurationCustomizer h2MigrationsOnTheirOwnConnection(MigrationConnection connection) {
        return configuration -> configuration.dataSource(connection.dataSource);
    }
}
