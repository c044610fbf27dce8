package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.longOrNull;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.koppel.sync.DataType;
import org.koppel.sync.Merge.FieldConflict;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Item;
import org.koppel.sync.RunReport.Status;
import org.koppel.sync.RunReport.Totals;
import org.koppel.sync.SyncConflict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Run reports and the conflict log: every failure and every losing value is persisted, none only logged. */
@Repository
public class SyncRunStore {

    private final JdbcClient jdbc;

    public SyncRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long start(long connectionId, String trigger, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO sync_run (connection_id, run_trigger, status, started_at) VALUES (?, ?, 'RUNNING', ?)")
                .params(connectionId, trigger, timestamp(now)).update(keys, "id");
        return keys.getKey().longValue();
    }

    /** How far a run is: items settled out of those it expects to look at. */
    public record Progress(long runId, Instant startedAt, int done, int total) {
    }

    public void progress(long runId, int done, int total) {
        jdbc.sql("UPDATE sync_run SET progress_done = ?, progress_total = ? WHERE id = ?").params(done, total, runId).update();
    }

    /** The connection's run under way, if any: one whose connection's lease is still held. */
    public java.util.Optional<Progress> running(long connectionId, Instant now) {
        return jdbc.sql("""
                SELECT r.id, r.started_at, r.progress_done, r.progress_total FROM sync_run r
                JOIN connection c ON c.id = r.connection_id
                WHERE r.connection_id = ? AND r.status = 'RUNNING' AND c.run_lease_until > ? ORDER BY r.id DESC""")
                .params(connectionId, timestamp(now))
                .query((rs, n) -> new Progress(rs.getLong("id"), Rows.instant(rs, "started_at"), rs.getInt("progress_done"),
                        rs.getInt("progress_total"))).list().stream().findFirst(); // list(): a query stream holds its connection open
    }

    /** Runs of the connection still marked RUNNING though none can be (the caller holds the lease): they died. */
    public void interrupted(long connectionId, Instant now) {
        interrupted(connectionId, "the run stopped before it finished (Koppel stopped or crashed); the next run went on "
                + "from where the last finished one ended", now);
    }

    /** Closes the connection's runs still marked RUNNING as interrupted, for {@code why}; the caller holds or frees the lease. */
    public void interrupted(long connectionId, String why, Instant now) {
        jdbc.sql("""
                UPDATE sync_run SET status = 'FAILED', error_kind = 'INTERRUPTED', finished_at = ?, error_message = ?
                WHERE connection_id = ? AND status = 'RUNNING'""").params(timestamp(now), why, connectionId).update();
    }

    public void finish(long runId, Status status, String errorKind, String errorMessage, long requests,
                       Map<DataType, Totals> totals, List<Item> items, Instant now) {
        int found = jdbc.sql("UPDATE sync_run SET status = ?, error_kind = ?, error_message = ?, peer_requests = ?, finished_at = ? WHERE id = ?")
                .params(status.name(), errorKind, truncate(errorMessage), requests, timestamp(now), runId).update();
        if (found == 0) return; // the connection was deleted during the run, and its runs with it
        totals.forEach((type, t) -> jdbc.sql("""
                        INSERT INTO sync_run_total (run_id, data_type, total, created, updated, unchanged, skipped, conflicts, errors)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(runId, type.name(), t.total(), t.created(), t.updated(), t.unchanged(), t.skipped(), t.conflicts(),
                        t.errors())
                .update());
        for (Item item : items) {
            jdbc.sql("INSERT INTO sync_run_item (run_id, data_type, crm_id, peer_id, outcome, reason) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(runId, item.dataType().name(), item.crmId(), item.peerId(), item.outcome().name(),
                            truncate(item.reason()))
                    .update();
        }
    }

    /**
     * Logs a conflict unless the same one (record, field, both values, winner) is logged and not yet
     * restored: the engine logs a conflict before the write that overwrites the loser, and again
     * after it, so a run that dies in between neither loses the loser nor logs it twice.
     *
     * @return whether it was logged now
     */
    public boolean conflict(long connectionId, long runId, DataType type, long crmId, String peerId, FieldConflict c,
                            Instant now) {
        boolean logged = jdbc.sql("""
                SELECT COUNT(*) FROM sync_conflict
                WHERE connection_id = ? AND data_type = ? AND crm_id = ? AND field = ? AND restored_at IS NULL
                  AND crm_value IS NOT DISTINCT FROM ? AND peer_value IS NOT DISTINCT FROM ? AND winner = ?""")
                .params(connectionId, type.name(), crmId, c.slot(), c.crm(), c.peer(), c.winner().name())
                .query(Long.class).single() > 0;
        if (logged) return false;
        jdbc.sql("""
                INSERT INTO sync_conflict (connection_id, run_id, data_type, crm_id, peer_id, field, base_value, crm_value,
                                           peer_value, winner, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(connectionId, runId, type.name(), crmId, peerId, c.slot(), c.base(), c.crm(), c.peer(),
                        c.winner().name(), timestamp(now))
                .update();
        return true;
    }

    public List<RunReport> recent(long connectionId, int limit) {
        return jdbc.sql("SELECT id FROM sync_run WHERE connection_id = ? ORDER BY id DESC LIMIT ?")
                .params(connectionId, limit).query(Long.class).list().stream()
                .map(id -> find(id).orElseThrow()).toList();
    }

    public Optional<RunReport> find(long runId) {
        Map<DataType, Totals> totals = new EnumMap<>(DataType.class);
        jdbc.sql("SELECT * FROM sync_run_total WHERE run_id = ?").param(runId).query((rs, n) -> totals.put(
                DataType.valueOf(rs.getString("data_type")), new Totals(rs.getInt("total"), rs.getInt("created"),
                        rs.getInt("updated"), rs.getInt("unchanged"), rs.getInt("skipped"), rs.getInt("conflicts"),
                        rs.getInt("errors")))).list();
        List<Item> items = jdbc.sql("SELECT * FROM sync_run_item WHERE run_id = ? ORDER BY id").param(runId)
                .query((rs, n) -> new Item(DataType.valueOf(rs.getString("data_type")), longOrNull(rs, "crm_id"),
                        rs.getString("peer_id"), RunReport.Outcome.valueOf(rs.getString("outcome")), rs.getString("reason")))
                .list();
        return jdbc.sql("SELECT * FROM sync_run WHERE id = ?").param(runId)
                .query((rs, n) -> new RunReport(rs.getLong("id"), rs.getLong("connection_id"), rs.getString("run_trigger"),
                        Status.valueOf(rs.getString("status")), rs.getString("error_kind"), rs.getString("error_message"),
                        rs.getLong("peer_requests"), instant(rs, "started_at"), instant(rs, "finished_at"), totals, items))
                .optional();
    }

    public List<SyncConflict> conflicts(long connectionId) {
        return jdbc.sql("SELECT * FROM sync_conflict WHERE connection_id = ? ORDER BY id DESC").param(connectionId)
                .query(SyncRunStore::conflict).list();
    }

    public Optional<SyncConflict> conflict(long id) {
        return jdbc.sql("SELECT * FROM sync_conflict WHERE id = ?").param(id).query(SyncRunStore::conflict).optional();
    }

    public void markRestored(long conflictId, long employeeId, Instant now) {
        jdbc.sql("UPDATE sync_conflict SET restored_at = ?, restored_by = ? WHERE id = ?")
                .params(timestamp(now), employeeId, conflictId).update();
    }

    private static SyncConflict conflict(ResultSet rs, int row) throws SQLException {
        return new SyncConflict(rs.getLong("id"), rs.getLong("connection_id"), longOrNull(rs, "run_id"),
                DataType.valueOf(rs.getString("data_type")), rs.getLong("crm_id"), rs.getString("peer_id"),
                rs.getString("field"), rs.getString("base_value"), rs.getString("crm_value"), rs.getString("peer_value"),
                rs.getString("winner"), instant(rs, "created_at"), instant(rs, "restored_at"));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }
}
