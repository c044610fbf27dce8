package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;

/**
 * What retention may delete, one bounded batch at a time: each batch is a short transaction of its
 * own, so a busy PostgreSQL never waits on one long delete (org.koppel.ops.Retention drives it).
 */
@Repository
public class RetentionStore {

    /** Statuses of a run that failed; a connection's latest one is kept whatever its age. */
    private static final String FAILED = "('FAILED', 'NEEDS_CONFIRMATION', 'REFUSED')";

    /**
     * The change fan-out's position (change-log seq it has handed on up to, V23): changes it has not
     * fanned out yet stay. Null would leave only the connections' cursors holding the change log back.
     */
    static final String FAN_OUT_POSITION = "SELECT last_seq FROM change_fanout WHERE id = 1";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    public RetentionStore(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Rows one batch deleted, per table. */
    public record Deleted(int runs, int runTotals, int runItems) {
    }

    /** The newest run id that started before {@code cutoff}: runs above it are young enough to keep. */
    public OptionalLong newestRunBefore(Instant cutoff) {
        Long id = jdbc.sql("SELECT MAX(id) FROM sync_run WHERE started_at < ?").param(timestamp(cutoff))
                .query(Long.class).single();
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /**
     * A run that found nothing to do: it succeeded, listed no item, and its totals made, changed, skipped
     * and failed nothing. Nearly every pull is one (10,000 connections every 5 minutes: 2.9 million a day),
     * and it tells nothing once a newer run exists, so it may go sooner than runs that did something.
     */
    private static final String QUIET = """
             AND r.status = 'SUCCEEDED' AND r.error_message IS NULL
             AND NOT EXISTS (SELECT 1 FROM sync_run_item i WHERE i.run_id = r.id)
             AND NOT EXISTS (SELECT 1 FROM sync_run_total t WHERE t.run_id = r.id
                             AND t.created + t.updated + t.skipped + t.conflicts + t.errors > 0)""";

    /**
     * Up to {@code limit} ids of finished runs in ({@code after}, {@code upTo}] started before {@code cutoff},
     * oldest first, that are neither among the last {@code keepLast} runs of their connection nor its latest
     * failure; with {@code quietOnly}, only runs that found nothing to do.
     */
    public List<Long> prunableRuns(long after, long upTo, Instant cutoff, int keepLast, int limit, boolean quietOnly) {
        return jdbc.sql("""
                SELECT r.id FROM sync_run r
                WHERE r.id > ? AND r.id <= ? AND r.started_at < ? AND r.status <> 'RUNNING'
                  AND r.id < (SELECT k.id FROM sync_run k WHERE k.connection_id = r.connection_id
                              ORDER BY k.id DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY)
                  AND r.id <> COALESCE((SELECT MAX(f.id) FROM sync_run f
                                        WHERE f.connection_id = r.connection_id AND f.status IN\s""" + FAILED + "), -1)"
                + (quietOnly ? QUIET : "") + " ORDER BY r.id FETCH FIRST ? ROWS ONLY")
                .params(after, upTo, timestamp(cutoff), keepLast - 1, limit).query(Long.class).list();
    }

    /** Deletes these runs with their totals and items (their conflicts stay, without the run). */
    public Deleted deleteRuns(List<Long> ids) {
        if (ids.isEmpty()) return new Deleted(0, 0, 0);
        return transactions.execute(tx -> {
            int items = jdbc.sql("DELETE FROM sync_run_item WHERE run_id IN (:ids)").param("ids", ids).update();
            int totals = jdbc.sql("DELETE FROM sync_run_total WHERE run_id IN (:ids)").param("ids", ids).update();
            int runs = jdbc.sql("DELETE FROM sync_run WHERE id IN (:ids)").param("ids", ids).update();
            return new Deleted(runs, totals, items);
        });
    }

    /**
     * The change log from which on every entry is still needed: the entries after the lowest CRM cursor
     * of any connection and data type and after the fan-out's position; never the newest entry (the
     * change log's last seq is what a new cursor starts from). Entries below the result may go.
     */
    public long lowestNeededSeq() {
        long last = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM change_log").query(Long.class).single();
        long needed = last;
        Long cursor = jdbc.sql("SELECT MIN(crm_cursor) FROM sync_cursor").query(Long.class).single();
        if (cursor != null) needed = Math.min(needed, cursor + 1);
        if (FAN_OUT_POSITION != null) {
            Long fanOut = jdbc.sql(FAN_OUT_POSITION).query(Long.class).optional().orElse(null);
            if (fanOut != null) needed = Math.min(needed, fanOut + 1);
        }
        return needed;
    }

    /** Up to {@code limit} change-log seqs below {@code belowSeq} of changes made before {@code cutoff}, oldest first. */
    public List<Long> prunableChanges(long belowSeq, Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT seq FROM change_log WHERE changed_at < ? AND seq < ?
                ORDER BY changed_at, seq FETCH FIRST ? ROWS ONLY""")
                .params(timestamp(cutoff), belowSeq, limit).query(Long.class).list();
    }

    /** Deletes these change-log entries with their before/after values; returns {entries, values}. */
    public int[] deleteChanges(List<Long> seqs) {
        if (seqs.isEmpty()) return new int[] {0, 0};
        return transactions.execute(tx -> {
            int values = jdbc.sql("DELETE FROM change_value WHERE seq IN (:seqs)").param("seqs", seqs).update();
            int entries = jdbc.sql("DELETE FROM change_log WHERE seq IN (:seqs)").param("seqs", seqs).update();
            return new int[] {entries, values};
        });
    }
}
