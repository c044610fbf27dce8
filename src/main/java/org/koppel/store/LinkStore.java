package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.koppel.sync.DataType;
import org.koppel.sync.Link;
import org.koppel.sync.Snapshot;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Links, one row per synced pair, unique on both ends (DESIGN.md rule 1). */
@Repository
public class LinkStore {

    private static final TypeReference<TreeMap<String, String>> VALUES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public LinkStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Link> all(long connectionId, DataType type) {
        return jdbc.sql("SELECT * FROM sync_link WHERE connection_id = ? AND data_type = ? ORDER BY crm_id")
                .params(connectionId, type.name()).query(this::link).list();
    }

    /** Which of the given CRM records this connection has a link for. */
    public Set<Long> linkedAmong(long connectionId, DataType type, Collection<Long> crmIds) {
        if (crmIds.isEmpty()) return Set.of();
        return Set.copyOf(jdbc.sql("SELECT crm_id FROM sync_link WHERE connection_id = :c AND data_type = :t AND crm_id IN (:ids)")
                .param("c", connectionId).param("t", type.name()).param("ids", crmIds).query(Long.class).list());
    }

    /** Creates or replaces the link of a CRM record. */
    public void save(long connectionId, DataType type, long crmId, String peerId, String peerVersion, Snapshot base,
                     long crmVersion, Instant now) {
        int updated = jdbc.sql("""
                UPDATE sync_link SET peer_id = ?, peer_version = ?, base = ?, crm_version = ?, updated_at = ?
                WHERE connection_id = ? AND data_type = ? AND crm_id = ?""")
                .params(peerId, peerVersion, encode(base), crmVersion, timestamp(now), connectionId, type.name(), crmId)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO sync_link (connection_id, data_type, crm_id, peer_id, peer_version, base, crm_version, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(connectionId, type.name(), crmId, peerId, peerVersion, encode(base), crmVersion,
                            timestamp(now), timestamp(now))
                    .update();
        }
    }

    public void delete(long connectionId, DataType type, long crmId) {
        jdbc.sql("DELETE FROM sync_link WHERE connection_id = ? AND data_type = ? AND crm_id = ?")
                .params(connectionId, type.name(), crmId).update();
    }

    public String encode(Snapshot snapshot) {
        return json.writeValueAsString(snapshot.values());
    }

    public Snapshot decode(String stored) {
        return stored == null ? Snapshot.EMPTY : Snapshot.of(json.readValue(stored, VALUES));
    }

    private Link link(ResultSet rs, int row) throws SQLException {
        return new Link(rs.getLong("id"), rs.getLong("connection_id"), DataType.valueOf(rs.getString("data_type")),
                rs.getLong("crm_id"), rs.getString("peer_id"), rs.getString("peer_version"), decode(rs.getString("base")),
                rs.getLong("crm_version"));
    }
}
