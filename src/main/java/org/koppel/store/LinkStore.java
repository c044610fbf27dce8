package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.koppel.sync.Base;
import org.koppel.sync.DataType;
import org.koppel.sync.Link;
import org.koppel.sync.Sent;
import org.koppel.sync.Snapshot;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Links, one row per synced pair, unique on both ends (DESIGN.md rule 1). */
@Repository
public class LinkStore {

    private static final TypeReference<TreeMap<String, String>> VALUES = new TypeReference<>() { };
    private static final TypeReference<Set<String>> SLOTS = new TypeReference<>() { };

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

    /**
     * The linked relations of a contact connection that are no persons: organisations and leads the
     * import queue linked to their cards (see ContactRecords#resting).
     */
    public Set<Long> linkedNonPersons(long connectionId, DataType type) {
        return Set.copyOf(jdbc.sql("""
                SELECT l.crm_id FROM sync_link l JOIN relation r ON r.id = l.crm_id
                WHERE l.connection_id = ? AND l.data_type = ? AND r.kind <> 'PERSON'""")
                .params(connectionId, type.name()).query(Long.class).list());
    }

    /**
     * The relations a source-system connection has linked, whose source relation still exists and
     * that are not deleted in Koppel: a source connection syncs these and nothing else.
     */
    public Set<Long> liveRelations(long connectionId) {
        return Set.copyOf(jdbc.sql("""
                SELECT l.crm_id FROM sync_link l JOIN relation r ON r.id = l.crm_id
                WHERE l.connection_id = ? AND l.data_type = ? AND l.peer_id IS NOT NULL AND r.deleted_at IS NULL""")
                .params(connectionId, DataType.RELATIONS.name()).query(Long.class).list());
    }

    /** A source system a relation came from: the connection, and the relation's id there (null: deleted there). */
    public record SourceLink(long connectionId, String connectionName, String sourceId) {
    }

    /** The source systems a relation came from, for its page. */
    public List<SourceLink> sourcesOf(long crmId) {
        return jdbc.sql("""
                SELECT c.id, c.name, l.peer_id FROM sync_link l JOIN connection c ON c.id = l.connection_id
                WHERE l.crm_id = ? AND l.data_type = ? ORDER BY c.name""")
                .params(crmId, DataType.RELATIONS.name())
                .query((rs, row) -> new SourceLink(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** The version Koppel knows of a peer item it is linked to (null: no live link), one indexed row. */
    public String peerVersionOf(long connectionId, DataType type, String peerId) {
        return jdbc.sql("SELECT peer_version FROM sync_link WHERE connection_id = ? AND data_type = ? AND peer_id = ?")
                .params(connectionId, type.name(), peerId).query(String.class).optional().orElse(null);
    }

    /** Whether a run wrote to a peer item of this connection without storing the outcome ({@link Link#sent}). */
    public boolean anySent(long connectionId, DataType type) {
        return !jdbc.sql("SELECT crm_id FROM sync_link WHERE connection_id = ? AND data_type = ? AND sent IS NOT NULL "
                + "FETCH FIRST 1 ROWS ONLY").params(connectionId, type.name()).query(Long.class).list().isEmpty();
    }

    /** The CRM id linked to a peer item, if any. */
    public java.util.Optional<Long> crmIdOf(long connectionId, DataType type, String peerId) {
        return jdbc.sql("SELECT crm_id FROM sync_link WHERE connection_id = ? AND data_type = ? AND peer_id = ?")
                .params(connectionId, type.name(), peerId).query(Long.class).optional();
    }

    /** Creates or replaces the link of a CRM record, with {@code base} agreed by both sides. */
    public void save(long connectionId, DataType type, long crmId, String peerId, String peerVersion, Snapshot base,
                     long crmVersion, Instant now) {
        save(new Link(0, connectionId, type, crmId, peerId, peerVersion, Base.of(base), crmVersion, null), now);
    }

    /**
     * A first link of a CRM record made in the same transaction: one INSERT, where {@link #save} first
     * tries an UPDATE (a third of a large import's time went to that round trip).
     */
    public void insert(long connectionId, DataType type, long crmId, String peerId, String peerVersion, Snapshot base,
                       long crmVersion, Instant now) {
        jdbc.sql("""
                INSERT INTO sync_link (connection_id, data_type, crm_id, peer_id, peer_version, base, unsure, sent,
                    crm_version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)""")
                .params(connectionId, type.name(), crmId, peerId, peerVersion, encode(base), crmVersion, timestamp(now),
                        timestamp(now))
                .update();
    }

    /** Creates or replaces the link of {@code link.crmId()}, as given (its id is not used). */
    public void save(Link link, Instant now) {
        String unsure = link.base().unsure().isEmpty() ? null : json.writeValueAsString(new TreeSet<>(link.base().unsure()));
        String sent = link.sent() == null ? null : json.writeValueAsString(Map.of("against", link.sent().against(),
                "slots", new TreeSet<>(link.sent().slots()), "values", link.sent().values().values()));
        int updated = jdbc.sql("""
                UPDATE sync_link SET peer_id = ?, peer_version = ?, base = ?, unsure = ?, sent = ?, crm_version = ?,
                    updated_at = ?
                WHERE connection_id = ? AND data_type = ? AND crm_id = ?""")
                .params(link.peerId(), link.peerVersion(), encode(link.base().agreed()), unsure, sent, link.crmVersion(),
                        timestamp(now), link.connectionId(), link.dataType().name(), link.crmId())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO sync_link (connection_id, data_type, crm_id, peer_id, peer_version, base, unsure, sent,
                        crm_version, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(link.connectionId(), link.dataType().name(), link.crmId(), link.peerId(), link.peerVersion(),
                            encode(link.base().agreed()), unsure, sent, link.crmVersion(), timestamp(now), timestamp(now))
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
        String unsure = rs.getString("unsure");
        var base = new Base(decode(rs.getString("base")), unsure == null ? Set.of() : json.readValue(unsure, SLOTS));
        return new Link(rs.getLong("id"), rs.getLong("connection_id"), DataType.valueOf(rs.getString("data_type")),
                rs.getLong("crm_id"), rs.getString("peer_id"), rs.getString("peer_version"), base,
                rs.getLong("crm_version"), sent(rs.getString("sent")));
    }

    private Sent sent(String stored) {
        if (stored == null) return null;
        JsonNode node = json.readTree(stored);
        return new Sent(node.get("against").asString(), json.convertValue(node.get("slots"), SLOTS),
                Snapshot.of(json.convertValue(node.get("values"), VALUES)));
    }
}
