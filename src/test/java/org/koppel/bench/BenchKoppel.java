package org.koppel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.koppel.KoppelApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** A Koppel for a sync benchmark: a fresh database (H2 file in {@code tempDir} unless told), no web server, no scheduler. */
final class BenchKoppel {

    private BenchKoppel() {
    }

    @SafeVarargs
    static ConfigurableApplicationContext start(Path tempDir,
                                                ApplicationContextInitializer<ConfigurableApplicationContext>... initializers) {
        return start(BenchDatabase.H2, tempDir, initializers);
    }

    @SafeVarargs
    static ConfigurableApplicationContext start(BenchDatabase database, Path tempDir,
                                                ApplicationContextInitializer<ConfigurableApplicationContext>... initializers) {
        ConfigurableApplicationContext context = start(database.springArguments(tempDir), List.of(), initializers);
        database.requireFresh(context.getEnvironment().getProperty("spring.datasource.url"), tempDir);
        return context;
    }

    /** A Koppel on the database {@code databaseArguments} name, with {@code more} Spring arguments after the usual ones. */
    @SafeVarargs
    static ConfigurableApplicationContext start(List<String> databaseArguments, List<String> more,
                                                ApplicationContextInitializer<ConfigurableApplicationContext>... initializers) {
        var arguments = new ArrayList<>(databaseArguments);
        arguments.addAll(List.of(
                "--koppel.demo=false",
                "--koppel.admin-password=bench-admin-password",
                "--koppel.sync.scheduler=false",
                "--koppel.outbound.allow=" + org.koppel.testkit.Loopback.OUTBOUND_ALLOW, // Radicale on 127.0.0.1
                "--logging.level.root=ERROR"));
        arguments.addAll(more);
        return new SpringApplicationBuilder(KoppelApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .initializers(initializers).run(arguments.toArray(String[]::new));
    }
}
