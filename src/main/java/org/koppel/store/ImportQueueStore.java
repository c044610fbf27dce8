package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.time.Instant;

import org.koppel.sync.DataType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Peer items waiting for a person to decide what they become in the CRM. */
@Repository
public class ImportQueueStore {

    private final JdbcClient jdbc;

    public ImportQueueStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues an item, or refreshes it if it waits already; false if it was decided before. */
    public boolean queue(long connectionId, DataType type, String peerId, String peerVersion, String values,
                         String displayName, Instant now) {
        var status = jdbc.sql("SELECT status FROM import_queue WHERE connection_id = ? AND data_type = ? AND peer_id = ?")
                .params(connectionId, type.name(), peerId).query(String.class).optional();
        if (status.isPresent() && !status.get().equals("WAITING")) return false;
        if (status.isPresent()) {
            jdbc.sql("UPDATE import_queue SET peer_version = ?, item_values = ?, display_name = ? "
                            + "WHERE connection_id = ? AND data_type = ? AND peer_id = ?")
                    .params(peerVersion, values, displayName, connectionId, type.name(), peerId).update();
        } else {
            jdbc.sql("""
                    INSERT INTO import_queue (connection_id, data_type, peer_id, peer_version, item_values, display_name, status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'WAITING', ?)""")
                    .params(connectionId, type.name(), peerId, peerVersion, values, displayName, timestamp(now)).update();
        }
        return true;
    }

    /**
     * One queued item: what the peer holds, what a person chose for it (waiting for "Import all"), and
     * what it became. {@code choice} stays once imported, as the record of how; {@code importError}
     * is why the last import of the entry failed (it then still waits, with its choice).
     */
    public record Entry(long id, long connectionId, String peerId, String values, String displayName, String status,
                        Long crmId, String choice, Long choiceRelationId, String importError) {

        public boolean waiting() {
            return status.equals("WAITING");
        }
    }

    public java.util.List<Entry> ofConnection(long connectionId) {
        return jdbc.sql("SELECT * FROM import_queue WHERE connection_id = ? ORDER BY id").param(connectionId)
                .query(this::entry).list();
    }

    public java.util.Optional<Entry> find(long id) {
        return jdbc.sql("SELECT * FROM import_queue WHERE id = ?").param(id).query(this::entry).optional();
    }

    public java.util.Optional<Entry> find(long connectionId, DataType type, String peerId) {
        return jdbc.sql("SELECT * FROM import_queue WHERE connection_id = ? AND data_type = ? AND peer_id = ?")
                .params(connectionId, type.name(), peerId).query(this::entry).optional();
    }

    /**
     * Marks a waiting entry decided; false if it was decided meanwhile (by a second "Import all" in
     * another tab, say), so the caller's transaction rolls back what it made for it.
     */
    public boolean decide(long id, String status, String choice, Long crmId, long employeeId, Instant now) {
        return jdbc.sql("""
                        UPDATE import_queue SET status = ?, choice = ?, crm_id = ?, decided_by = ?, decided_at = ?,
                            import_error = NULL WHERE id = ? AND status = 'WAITING'""")
                .params(status, choice, crmId, employeeId, timestamp(now), id).update() == 1;
    }

    /** Records (or clears, with a null choice) what waiting entries are to become; returns how many were waiting. */
    public int choose(java.util.Collection<Long> ids, String choice, Long relationId, long employeeId) {
        if (ids.isEmpty()) return 0;
        return jdbc.sql("""
                        UPDATE import_queue SET choice = :choice, choice_relation_id = :relation, chosen_by = :by,
                            import_error = NULL WHERE id IN (:ids) AND status = 'WAITING'""")
                .param("choice", choice).param("relation", relationId).param("by", employeeId).param("ids", ids)
                .update();
    }

    /** Why the import of an entry failed; it keeps waiting with its choice. */
    public void importFailed(long id, String reason) {
        jdbc.sql("UPDATE import_queue SET import_error = ? WHERE id = ? AND status = 'WAITING'")
                .params(reason.length() > 2000 ? reason.substring(0, 2000) : reason, id).update();
    }

    /** The waiting entries of a connection that have a choice: what "Import all" imports, oldest first. */
    public java.util.List<Entry> chosen(long connectionId) {
        return jdbc.sql("SELECT * FROM import_queue WHERE connection_id = ? AND status = 'WAITING' AND choice IS NOT NULL "
                + "ORDER BY id").param(connectionId).query(this::entry).list();
    }

    private Entry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Entry(rs.getLong("id"), rs.getLong("connection_id"), rs.getString("peer_id"), rs.getString("item_values"),
                rs.getString("display_name"), rs.getString("status"), Rows.longOrNull(rs, "crm_id"), rs.getString("choice"),
                Rows.longOrNull(rs, "choice_relation_id"), rs.getString("import_error"));
    }

    /**
     * Peer ids of imported entries whose item is not linked yet, in one query: a run links them.
     * (Imported entries that are linked already are most of them, and stay in the queue.) Those of
     * deleted relations are left: a link would only rest.
     */
    public java.util.List<String> importedNotLinked(long connectionId, DataType type) {
        return jdbc.sql("""
                SELECT q.peer_id FROM import_queue q JOIN relation r ON r.id = q.crm_id
                WHERE q.connection_id = ? AND q.data_type = ? AND q.status = 'IMPORTED' AND r.deleted_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM sync_link l WHERE l.connection_id = q.connection_id
                                  AND l.data_type = q.data_type AND l.peer_id = q.peer_id)
                ORDER BY q.id""").params(connectionId, type.name()).query(String.class).list();
    }

    public int waiting(long connectionId) {
        return jdbc.sql("SELECT COUNT(*) FROM import_queue WHERE connection_id = ? AND status = 'WAITING'")
                .param(connectionId).query(Integer.class).single();
    }
}
