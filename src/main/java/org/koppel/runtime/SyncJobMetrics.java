package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;

import org.koppel.store.SyncJobStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How far the connections' runs are behind, for the operator: jobs due and not yet picked
 * ({@code koppel.sync.jobs.due}), how long the oldest of them has waited ({@code koppel.sync.pull.lag},
 * seconds; 0 when none waits) and the runs under way on this node ({@code koppel.sync.runs.active}).
 * The first two are one indexed query each (execution_time), read when the registry is scraped.
 */
@Component
public class SyncJobMetrics {

    public SyncJobMetrics(ObjectProvider<MeterRegistry> registries, SyncJobStore jobs, RunHeartbeat heartbeat, Clock clock) {
        registries.ifAvailable(registry -> {
            Gauge.builder("koppel.sync.jobs.due", jobs, j -> j.dueCount(clock.instant()))
                    .description("connection jobs that are due and not picked by any node").register(registry);
            Gauge.builder("koppel.sync.pull.lag", jobs, j -> j.oldestDue(clock.instant())
                            .map(oldest -> Duration.between(oldest, clock.instant()).toMillis() / 1000.0).orElse(0.0))
                    .description("seconds since the oldest due, unpicked connection job was due").baseUnit("seconds")
                    .register(registry);
            Gauge.builder("koppel.sync.runs.active", heartbeat, RunHeartbeat::active)
                    .description("sync runs under way on this node").register(registry);
        });
    }
}
