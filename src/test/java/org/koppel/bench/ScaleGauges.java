package org.koppel.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The nodes' own gauges, scraped from {@code /actuator/prometheus} with the metrics token every 5 seconds while the
 * window lasts: the highest {@code koppel_sync_pull_lag_seconds} (how long the oldest due job has waited) and
 * {@code koppel_sync_jobs_due} seen on any node, and for sizing a node the highest heap in use, live data after a
 * collection and database connections in use (summed over a node's lines, e.g. its heap's pools). Absent (NaN) when
 * the nodes have no such gauge or no web server.
 */
final class ScaleGauges implements AutoCloseable {

    static final List<String> NAMES = List.of("koppel_sync_pull_lag_seconds", "koppel_sync_jobs_due",
            "jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_live_data_size_bytes", "hikaricp_connections_active");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Double> highest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scale-gauges");
        t.setDaemon(true);
        return t;
    });

    ScaleGauges(List<ScaleNodes.Node> nodes, String token) {
        scraper.scheduleAtFixedRate(() -> nodes.stream().filter(n -> n.port() > 0 && n.process().isAlive())
                .forEach(n -> scrape(n, token)), 0, 5, TimeUnit.SECONDS);
    }

    private void scrape(ScaleNodes.Node node, String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + node.port() + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return;
            var sums = new java.util.HashMap<String, Double>();
            for (String line : r.body().split("\n")) {
                for (String name : NAMES) {
                    if (line.startsWith(name + " ") || line.startsWith(name + "{") || name.endsWith("\"") && line.startsWith(name)) {
                        sums.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                    }
                }
            }
            sums.forEach((name, value) -> highest.merge(name, value, Math::max));
        } catch (Exception e) {
            // a node being killed or not yet up: the next scrape tries again
        }
    }

    /** The highest value seen of each gauge ({@link #NAMES}) on any node; a gauge never seen is absent. */
    Map<String, Double> highest() {
        return Map.copyOf(highest);
    }

    @Override
    public void close() {
        scraper.shutdownNow();
    }
}
