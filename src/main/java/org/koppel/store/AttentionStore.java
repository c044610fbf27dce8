package org.koppel.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What needs a person's attention on the home page, per connection, in one query: the connection's
 * status (failing, needing sign-in, stopped by the safety stop) and how many import-queue entries,
 * open contact reviews and recent unrestored conflicts wait. Each count is one grouped scan over
 * the connections asked for, never one query per connection.
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
        String mine = ownerId == null ? "" : " AND owner_id = :owner";
        String scope = "connection_id IN (SELECT id FROM connection WHERE 1 = 1" + mine + ")";
        var sql = jdbc.sql("""
                SELECT c.id, c.name, c.status, c.owner_id,
                       COALESCE(q.n, 0) AS queued, COALESCE(r.n, 0) AS reviews, COALESCE(k.n, 0) AS conflicts
                FROM connection c
                LEFT JOIN (SELECT connection_id, COUNT(*) AS n FROM import_queue
                           WHERE status = 'WAITING' AND %1$s GROUP BY connection_id) q ON q.connection_id = c.id
                LEFT JOIN (SELECT connection_id, COUNT(*) AS n FROM contact_review
                           WHERE status = 'OPEN' AND %1$s GROUP BY connection_id) r ON r.connection_id = c.id
                LEFT JOIN (SELECT connection_id, COUNT(*) AS n FROM sync_conflict
                           WHERE restored_at IS NULL AND created_at >= :since AND %1$s GROUP BY connection_id) k
                       ON k.connection_id = c.id
                WHERE (c.status IN ('FAILING', 'NEEDS_SIGN_IN', 'NEEDS_CONFIRMATION')
                       OR q.n IS NOT NULL OR r.n IS NOT NULL OR k.n IS NOT NULL)%2$s
                ORDER BY c.name, c.id""".formatted(scope, ownerId == null ? "" : " AND c.owner_id = :owner"))
                .param("since", Timestamp.from(conflictsSince));
        if (ownerId != null) sql = sql.param("owner", ownerId);
        return sql.query((rs, n) -> new ConnectionAttention(rs.getLong("id"), rs.getString("name"), rs.getString("status"),
                rs.getLong("owner_id"), rs.getInt("queued"), rs.getInt("reviews"), rs.getInt("conflicts"))).list();
    }
}
