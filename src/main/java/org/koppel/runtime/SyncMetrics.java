package org.koppel.runtime;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.springframework.stereotype.Component;

/**
 * A finished run's meters (docs/operations.md, "Metrics"). Tags stay few-valued: the connection's type,
 * the data type, the outcome; never a connection id or a person, which would make a time series per
 * connection.
 */
@Component
public class SyncMetrics {

    private final MeterRegistry meters;

    public SyncMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts a finished run of a connection of {@code connectionType}, with the requests its peers sent per data type. */
    public void finished(String connectionType, RunReport report, Map<DataType, Long> requests) {
        String kind = report.errorKind() == null ? "none" : report.errorKind();
        meters.counter("koppel.sync.runs", "connection.type", connectionType, "status", report.status().name(),
                "error.kind", kind).increment();
        if (report.startedAt() != null && report.finishedAt() != null) {
            Timer.builder("koppel.sync.run.duration").tag("connection.type", connectionType).register(meters)
                    .record(Duration.between(report.startedAt(), report.finishedAt()));
        }
        requests.forEach((type, count) -> {
            if (count > 0) {
                meters.counter("koppel.peer.requests", "connection.type", connectionType, "data.type", type.name())
                        .increment(count);
            }
        });
        for (Map.Entry<DataType, RunReport.Totals> entry : report.totals().entrySet()) {
            RunReport.Totals t = entry.getValue();
            String type = entry.getKey().name();
            items(type, "created", t.created());
            items(type, "updated", t.updated());
            items(type, "skipped", t.skipped());
            items(type, "conflicts", t.conflicts());
            items(type, "errors", t.errors());
        }
        report.items().stream().filter(i -> i.outcome() == RunReport.Outcome.UNLINKED)
                .forEach(i -> items(i.dataType().name(), "unlinked", 1));
    }

    private void items(String dataType, String outcome, long count) {
        if (count == 0) return;
        Counter.builder("koppel.sync.items").tag("data.type", dataType).tag("outcome", outcome).register(meters)
                .increment(count);
    }
}
