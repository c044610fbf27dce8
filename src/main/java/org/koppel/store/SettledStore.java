package org.koppel.store;

import org.koppel.sync.DataType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Whether a data type's sync of a connection is settled: its last full pass ended with everything
 * done, under the inputs named by a fingerprint (policy, field map, window; see
 * org.koppel.runtime.NothingToDo). Kept with the cursors (V24), and written with them by the run
 * ({@link ConnectionStore#saveCursor(long, DataType, org.koppel.sync.SyncCursor, String)}).
 */
@Repository
public class SettledStore {

    private final JdbcClient jdbc;

    public SettledStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The fingerprint of the last settled full pass; null before one, or when the next run must be a full pass. */
    public String settled(long connectionId, DataType type) {
        return jdbc.sql("SELECT settled FROM sync_cursor WHERE connection_id = ? AND data_type = ?")
                .params(connectionId, type.name()).query(String.class).optional().orElse(null);
    }

    /** Stores the fingerprint alone (null: the next run is a full pass); the cursor row exists from the run's start. */
    public void settle(long connectionId, DataType type, String fingerprint) {
        jdbc.sql("UPDATE sync_cursor SET settled = ? WHERE connection_id = ? AND data_type = ?")
                .params(fingerprint, connectionId, type.name()).update();
    }
}
