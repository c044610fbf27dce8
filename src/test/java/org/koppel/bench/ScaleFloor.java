package org.koppel.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.koppel.testkit.LightCardDav;

/**
 * The floor beside Koppel's pulls: a plain client doing nothing but the pulls, one sync-collection REPORT per
 * connection with its current token (RFC 6578 §3.2; the stand-in answers no member), at the rate the connections'
 * pull interval asks, on one shared HTTP client, for a while. What that costs this JVM (the stand-in and the client)
 * per pull is what a pull costs at least.
 */
final class ScaleFloor {

    record Result(int pulls, double seconds, double cpuMillisPerPull, int failed) {
    }

    private ScaleFloor() {
    }

    static Result run(LightCardDav dav, int connections, Duration pull, Duration length) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long intervalNanos = Math.max(1, pull.toNanos() / connections);
        int pulls = (int) Math.max(1, Math.min(connections, length.toNanos() / intervalNanos));
        var failed = new AtomicInteger();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            var sent = new ArrayList<Future<?>>();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < pulls; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
                String user = LightCardDav.user(i);
                sent.add(requests.submit(() -> pull(http, dav, user, failed)));
            }
            for (Future<?> f : sent) f.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(pulls, seconds, (os.getProcessCpuTime() - cpu) / 1e6 / pulls, failed.get());
        }
    }

    private static Void pull(HttpClient http, LightCardDav dav, String user, AtomicInteger failed) throws Exception {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>"
                + dav.syncToken(user) + "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
                + "</d:sync-collection>";
        String auth = Base64.getEncoder().encodeToString((user + ":" + LightCardDav.password(user))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(dav.addressBook(user)).header("Depth", "0")
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/xml; charset=utf-8")
                .method("REPORT", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 207 || r.body().contains("<d:response>")) failed.incrementAndGet();
        return null;
    }
}
