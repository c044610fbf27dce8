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

    /** One queued item: what the peer holds and what a person decided. */
    public record Entry(long id, long connectionId, String peerId, String values, String displayName, String status,
                        Long crmId) {
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

    public void decide(long id, String status, Long crmId, long employeeId, Instant now) {
        jdbc.sql("UPDATE import_queue SET status = ?, crm_id = ?, decided_by = ?, decided_at = ? WHERE id = ?")
                .params(status, crmId, employeeId, timestamp(now), id).update();
    }

    private Entry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Entry(rs.getLong("id"), rs.getLong("connection_id"), rs.getString("peer_id"), rs.getString("item_values"),
                rs.getString("display_name"), rs.getString("status"), Rows.longOrNull(rs, "crm_id"));
    }

    /**
     * Peer ids of entries imported as a person whose item is not linked yet, in one query: a run
     * links them. (Imported entries that are linked already are most of them, and stay in the queue.)
     */
    public java.util.List<String> importedAsPersonNotLinked(long connectionId, DataType type) {
        return jdbc.sql("""
                SELECT q.peer_id FROM import_queue q JOIN relation r ON r.id = q.crm_id
                WHERE q.connection_id = ? AND q.data_type = ? AND q.status = 'IMPORTED' AND r.kind = 'PERSON'
                  AND NOT EXISTS (SELECT 1 FROM sync_link l WHERE l.connection_id = q.connection_id
                                  AND l.data_type = q.data_type AND l.peer_id = q.peer_id)
                ORDER BY q.id""").params(connectionId, type.name()).query(String.class).list();
    }

    public int waiting(long connectionId) {
        return jdbc.sql("SELECT COUNT(*) FROM import_queue WHERE connection_id = ? AND status = 'WAITING'")
                .param(connectionId).query(Integer.class).single();
    }
}
