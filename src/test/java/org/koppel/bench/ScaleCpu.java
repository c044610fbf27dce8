package org.koppel.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CPU time of the three parties on the machine: the Koppel nodes ({@link ScaleNodes}), PostgreSQL (its postmaster and
 * every process under it, found from a backend's parent; a backend that exits keeps its last sample) and this
 * benchmark's own JVM (the stand-in server, the edits). Sampled every 5 seconds and on demand.
 */
final class ScaleCpu implements AutoCloseable {

    /** CPU time so far of each party; PostgreSQL's is null when it runs elsewhere (KOPPEL_TEST_PG_URL on another host). */
    record Sample(long nanos, Duration nodes, Duration postgres, Duration bench) {
    }

    private final ScaleNodes nodes;
    private final Optional<ProcessHandle> postmaster;
    private final Map<Long, Duration> postgres = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scale-cpu");
        t.setDaemon(true);
        return t;
    });

    ScaleCpu(ScaleNodes nodes, JdbcClient jdbc) {
        this.nodes = nodes;
        long backend = jdbc.sql("SELECT pg_backend_pid()").query(Long.class).single();
        this.postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent);
        sampler.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.SECONDS);
    }

    synchronized Sample sample() {
        postmaster.ifPresent(p -> {
            p.info().totalCpuDuration().ifPresent(cpu -> postgres.put(p.pid(), cpu));
            p.descendants().forEach(d -> d.info().totalCpuDuration().ifPresent(cpu -> postgres.put(d.pid(), cpu)));
        });
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Sample(System.nanoTime(), nodes.cpu(),
                postmaster.isPresent() ? postgres.values().stream().reduce(Duration.ZERO, Duration::plus) : null,
                Duration.ofNanos(os.getProcessCpuTime()));
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
