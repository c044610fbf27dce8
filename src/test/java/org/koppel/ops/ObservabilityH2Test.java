package org.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ConnectionStore;
import org.koppel.sync.RunReport;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Operations (issue 16): /actuator/prometheus only for the scraper's token; a run counted by its
 * connection type, outcome and error kind; every log line of a run names its connection, run and node, also as JSON.
 */
@OnH2
@TestPropertySource(properties = "koppel.metrics-token=" + ObservabilityH2Test.TOKEN)
class ObservabilityH2Test {

    static final String TOKEN = "test-metrics-token-0123456789abcdef";

    @LocalServerPort int port;
    @Autowired MeterRegistry meters;
    @Autowired SyncRunner runner;
    @Autowired ConnectionStore connections;
    @Autowired MemoryPeers peers;
    @Autowired Samples samples;

    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void healPeers() {
        peers.openFails = type -> null;
    }

    HttpResponse<String> scrape(String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"));
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheusAnswersOnlyTheMetricsToken() throws Exception {
        assertThat(scrape(null).statusCode()).isEqualTo(401);
        assertThat(scrape("Bearer wrong-token-0123456789abcdef0123").statusCode()).isEqualTo(401);
        assertThat(scrape("Basic YWRtaW46dGVzdC1hZG1pbi1wYXNzd29yZA==").statusCode()).as("not an admin's password either")
                .isEqualTo(401);

        HttpResponse<String> scraped = scrape("Bearer " + TOKEN);

        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    }

    long connection() {
        long owner = samples.employee("observed-" + System.nanoTime());
        long id = connections.insert("memory", "observed", owner, Map.of(), null, Instant.now());
        peers.of(id);
        return id;
    }

    double runs(String status, String errorKind) {
        var counter = meters.find("koppel.sync.runs").tags("connection.type", "memory", "status", status, "error.kind", errorKind)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    double counted(String name, String tag, String value) {
        var counter = meters.find(name).tags("connection.type", "memory", tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRunIsCountedByConnectionTypeOutcomeAndErrorKindWithoutItsConnectionId() throws Exception {
        double succeeded = runs("SUCCEEDED", "none");
        double failed = runs("FAILED", "INTERNAL");
        double requests = counted("koppel.peer.requests", "data.type", "CONTACTS");

        runner.run(connection(), "manual");
        peers.openFails = type -> new IllegalStateException("the peer broke");
        runner.run(connection(), "manual");

        assertThat(runs("SUCCEEDED", "none")).isEqualTo(succeeded + 1);
        assertThat(counted("koppel.peer.requests", "data.type", "CONTACTS")).isGreaterThan(requests);
        assertThat(runs("FAILED", "INTERNAL")).isEqualTo(failed + 1);
        assertThat(meters.find("koppel.sync.run.duration").tag("connection.type", "memory").timer().count()).isPositive();
        assertThat(meters.find("koppel.sync.runs").meters()).allSatisfy(meter ->
                assertThat(meter.getId().getTags()).noneMatch(tag -> tag.getKey().contains("connection.id")));
        assertThat(scrape("Bearer " + TOKEN).body()).contains("koppel_sync_runs_total{connection_type=\"memory\"");
    }

    @Test
    void everyLogLineOfARunNamesItsConnectionRunAndNode() {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(SyncRunner.class);
        logger.addAppender(appender);
        long connection = connection();
        peers.openFails = type -> new IllegalStateException("the peer broke");
        try {
            RunReport report = runner.run(connection, "manual");

            assertThat(appender.list).isNotEmpty().allSatisfy(event -> assertThat(event.getMDCPropertyMap())
                    .containsEntry("connection", Long.toString(connection))
                    .containsEntry("run", Long.toString(report.id()))
                    .containsEntry("node", "test-node"));
            // KOPPEL_LOG_FORMAT=ecs: Spring Boot's encoder writes them into each JSON line
            var ecs = new StructuredLogEncoder();
            ecs.setFormat("ecs");
            ecs.setContext(logger.getLoggerContext());
            ecs.start();
            assertThat(new String(ecs.encode(appender.list.getFirst()), java.nio.charset.StandardCharsets.UTF_8))
                    .startsWith("{").contains("\"run\":\"" + report.id() + "\"").contains("\"node\":\"test-node\"");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(org.slf4j.MDC.get("run")).as("the keys go with the run").isNull();
    }
}
