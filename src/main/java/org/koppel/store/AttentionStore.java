package org.koppel.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What needs a person's attention on the home page, per connection: the connection's status
 * (failing, needing sign-in, stopped by the safety stop) and how many import-queue entries, open
 * contact reviews and recent unrestored conflicts wait. Four set-based queries, each one grouped
 * scan, never one query per connection; the counts are joined here. (One query joining the three
 * grouped counts as derived tables made H2 evaluate each of them again for every connection: 32 s
 * with 100,000 conflicts and 200 connections.)
 */
@Repository
public class AttentionStore {

    /** One connection with something waiting. */
    public record ConnectionAttention(long id, String name, String status, long ownerId, int queued, int reviews,
                                      int conflicts) {
    }

    private final JdbcClient jdbc;

    public AttentionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The connections of {@code ownerId} (every connection when null: an admin's view) that are not
     * plainly active or paused, or have entries waiting; conflicts count from {@code conflictsSince}.
     */
    public List<ConnectionAttention> waiting(Long ownerId, Instant conflictsSince) {
        String mine = ownerId == null ? "" : " AND connection_id IN (SELECT id FROM connection WHERE owner_id = :owner)";
        Map<Long, Integer> queued = counts("SELECT connection_id, COUNT(*) FROM import_queue WHERE status = 'WAITING'" + mine
                + " GROUP BY connection_id", ownerId, null);
        Map<Long, Integer> reviews = counts("SELECT connection_id, COUNT(*) FROM contact_review WHERE status = 'OPEN'" + mine
                + " GROUP BY connection_id", ownerId, null);
        Map<Long, Integer> conflicts = counts("SELECT connection_id, COUNT(*) FROM sync_conflict"
                + " WHERE restored_at IS NULL AND created_at >= :since" + mine + " GROUP BY connection_id", ownerId, conflictsSince);
        var sql = jdbc.sql("SELECT id, name, status, owner_id FROM connection"
                + (ownerId == null ? "" : " WHERE owner_id = :owner") + " ORDER BY name, id");
        if (ownerId != null) sql = sql.param("owner", ownerId);
        return sql.query((rs, n) -> {
                    long id = rs.getLong("id");
                    return new ConnectionAttention(id, rs.getString("name"), rs.getString("status"), rs.getLong("owner_id"),
                            queued.getOrDefault(id, 0), reviews.getOrDefault(id, 0), conflicts.getOrDefault(id, 0));
                }).list().stream()
                .filter(c -> NEEDS_ATTENTION.contains(c.status()) || c.queued() > 0 || c.reviews() > 0 || c.conflicts() > 0)
                .toList();
    }

    private static final java.util.Set<String> NEEDS_ATTENTION = java.util.Set.of("FAILING", "NEEDS_SIGN_IN", "NEEDS_CONFIRMATION");

    private Map<Long, Integer> counts(String query, Long ownerId, Instant since) {
        var sql = jdbc.sql(query);
        if (ownerId != null) sql = sql.param("owner", ownerId);
        if (since != null) sql = sql.param("since", Timestamp.from(since));
        var counts = new HashMap<Long, Integer>();
        sql.query((rs, n) -> counts.put(rs.getLong(1), rs.getInt(2))).list();
        return counts;
    }
}
