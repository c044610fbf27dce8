package org.koppel.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import io.micrometer.core.instrument.MeterRegistry;
import org.koppel.runtime.ClusterJob;
import org.koppel.store.RetentionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Prunes what grows with every run and every change (koppel.retention.*): old run reports (with their
 * totals and items; runs that found nothing to do after a day) and old change-log entries (with their values). Kept whatever their age: the last
 * runs of each connection and its latest failure, so the connection page still explains its current
 * state; every change-log entry a sync or the fan-out has not read yet. Conflicts are not pruned: they
 * are what a person restores a losing value from (they lose only their link to a pruned run).
 *
 * <p>A cluster job, so one node at a time prunes. Its failure is not a user's sync failure: it is logged,
 * counted (koppel.retention.failures) and retried at the next run.
 */
@Component
public class Retention implements ClusterJob {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** A sync run never lasts this long, so a change younger than this is never pruned under a run still reading it. */
    private static final Duration MIN_HISTORY = Duration.ofDays(1);

    private final RetentionStore store;
    private final RetentionSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public Retention(RetentionStore store, RetentionSettings settings, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /** Rows one pruning deleted, per table. */
    public record Pruned(long runs, long runTotals, long runItems, long changes, long changeValues) {
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public Duration every() {
        return settings.every();
    }

    @Override
    public void run() {
        try {
            Pruned pruned = prune(clock.instant());
            LOG.info("retention pruned {} runs ({} totals, {} items) and {} change-log entries ({} values)",
                    pruned.runs(), pruned.runTotals(), pruned.runItems(), pruned.changes(), pruned.changeValues());
        } catch (RuntimeException e) {
            meters.counter("koppel.retention.failures").increment();
            LOG.warn("retention failed; it is tried again at its next run in {}", settings.every(), e);
        }
    }

    /** Prunes everything the settings let go as of {@code now}. */
    public Pruned prune(Instant now) {
        long[] runs = settings.runDays() == 0 ? new long[3] : pruneRuns(now.minus(Duration.ofDays(settings.runDays())), false);
        if (settings.quietRunHours() > 0) {
            long[] quiet = pruneRuns(now.minus(Duration.ofHours(settings.quietRunHours())), true);
            for (int i = 0; i < runs.length; i++) runs[i] += quiet[i];
        }
        long[] changes = settings.historyDays() == 0 ? new long[2] : pruneChanges(historyCutoff(now));
        return new Pruned(runs[0], runs[1], runs[2], changes[0], changes[1]);
    }

    private Instant historyCutoff(Instant now) {
        Duration history = Duration.ofDays(settings.historyDays());
        return now.minus(history.compareTo(MIN_HISTORY) < 0 ? MIN_HISTORY : history);
    }

    /** Runs (or only quiet ones) started before {@code cutoff}, batch by batch from the oldest, each batch looked at once. */
    long[] pruneRuns(Instant cutoff, boolean quietOnly) {
        long[] deleted = new long[3];
        OptionalLong upTo = store.newestRunBefore(cutoff);
        if (upTo.isEmpty()) return deleted;
        long after = 0;
        while (true) {
            List<Long> ids = store.prunableRuns(after, upTo.getAsLong(), cutoff, settings.keepRuns(), settings.batch(), quietOnly);
            if (ids.isEmpty()) return deleted;
            RetentionStore.Deleted batch = store.deleteRuns(ids);
            count("sync_run", batch.runs(), deleted, 0);
            count("sync_run_total", batch.runTotals(), deleted, 1);
            count("sync_run_item", batch.runItems(), deleted, 2);
            after = ids.getLast();
        }
    }

    /** Change-log entries made before {@code cutoff} that no sync and no fan-out still has to read. */
    long[] pruneChanges(Instant cutoff) {
        long[] deleted = new long[2];
        long below = store.lowestNeededSeq();
        while (true) {
            List<Long> seqs = store.prunableChanges(below, cutoff, settings.batch());
            if (seqs.isEmpty()) return deleted;
            int[] batch = store.deleteChanges(seqs);
            count("change_log", batch[0], deleted, 0);
            count("change_value", batch[1], deleted, 1);
        }
    }

    private void count(String table, long rows, long[] totals, int index) {
        totals[index] += rows;
        if (rows > 0) meters.counter("koppel.retention.pruned", "table", table).increment(rows);
    }
}
