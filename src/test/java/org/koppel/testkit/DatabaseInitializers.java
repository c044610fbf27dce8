package org.koppel.testkit;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at a fresh H2 or PostgreSQL database, and lets it reach loopback,
 * where Radicale and the fakes listen (Koppel denies loopback by default; OutboundPolicyTest and
 * ConnectionOutboundTest prove that).
 */
public final class DatabaseInitializers {

    private DatabaseInitializers() {
    }

    public static class H2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            use(context, TestDatabases.freshH2());
        }
    }

    public static class Postgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            use(context, TestDatabases.freshPostgres());
        }
    }

    /** A test that sets this property to true keeps Koppel's default outbound policy (loopback denied). */
    public static final String DEFAULT_OUTBOUND = "koppel.test.default-outbound";

    private static void use(ConfigurableApplicationContext context, TestDatabases.Jdbc db) {
        var properties = new java.util.HashMap<String, Object>(Map.of(
                "spring.datasource.url", db.url(),
                "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password()));
        if (!context.getEnvironment().getProperty(DEFAULT_OUTBOUND, Boolean.class, false)) {
            properties.put("koppel.outbound.allow", Loopback.OUTBOUND_ALLOW);
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("koppel-test-database", properties));
    }
}
