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

    public int waiting(long connectionId) {
        return jdbc.sql("SELECT COUNT(*) FROM import_queue WHERE connection_id = ? AND status = 'WAITING'")
                .param(connectionId).query(Integer.class).single();
    }
}
