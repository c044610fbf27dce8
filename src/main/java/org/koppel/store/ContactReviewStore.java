package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.koppel.sync.Snapshot;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Peer changes held for review (table contact_review). At most one review per record is open or
 * decided-but-not-yet-carried-out at a time; {@link #hold} keeps it so (the engine is the only writer
 * of new reviews, under the connection's run lease).
 */
@Repository
public class ContactReviewStore {

    public enum Status { OPEN, ACCEPTED, REJECTED, OBSOLETE }

    /** A held change: the values both sides last agreed on, and what the peer turned them into. */
    public record Review(long id, long connectionId, long crmId, String peerId, String peerVersion, Snapshot base,
                         Snapshot peer, String reason, Status status, boolean applied, Instant createdAt,
                         Instant decidedAt) {
    }

    private final JdbcClient jdbc;
    private final LinkStore links;

    public ContactReviewStore(JdbcClient jdbc, LinkStore links) {
        this.jdbc = jdbc;
        this.links = links;
    }

    /**
     * Holds a change, or refreshes the open review of the record with the peer's newest values. A
     * decision made meanwhile (during the run) is left to the next run, not shadowed by a new review.
     */
    public void hold(long connectionId, long crmId, String peerId, String peerVersion, Snapshot base, Snapshot peer,
                     String reason, Instant now) {
        int updated = jdbc.sql("""
                UPDATE contact_review SET peer_id = ?, peer_version = ?, peer_values = ?
                WHERE connection_id = ? AND crm_id = ? AND status = 'OPEN'""")
                .params(peerId, peerVersion, links.encode(peer), connectionId, crmId).update();
        boolean decidedMeanwhile = updated == 0 && jdbc.sql("""
                SELECT COUNT(*) FROM contact_review WHERE connection_id = ? AND crm_id = ? AND status <> 'OPEN'
                AND status <> 'OBSOLETE' AND applied = FALSE""").params(connectionId, crmId).query(Integer.class).single() > 0;
        if (updated == 0 && !decidedMeanwhile) {
            jdbc.sql("""
                    INSERT INTO contact_review (connection_id, crm_id, peer_id, peer_version, base_values, peer_values,
                        reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)""")
                    .params(connectionId, crmId, peerId, peerVersion, links.encode(base), links.encode(peer), reason,
                            timestamp(now)).update();
        }
    }

    public List<Review> ofConnection(long connectionId) {
        return jdbc.sql("SELECT * FROM contact_review WHERE connection_id = ? ORDER BY id DESC")
                .param(connectionId).query(this::review).list();
    }

    public List<Review> open(long connectionId) {
        return jdbc.sql("SELECT * FROM contact_review WHERE connection_id = ? AND status = 'OPEN' ORDER BY id")
                .param(connectionId).query(this::review).list();
    }

    /** Decided, not yet carried out by a run. */
    public List<Review> decidedNotApplied(long connectionId) {
        return jdbc.sql("""
                SELECT * FROM contact_review WHERE connection_id = ? AND status IN ('ACCEPTED', 'REJECTED') AND applied = FALSE
                ORDER BY id""").param(connectionId).query(this::review).list();
    }

    /** Whether a person decided a held change that no run carried out yet. */
    public boolean anyDecidedNotApplied(long connectionId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM contact_review WHERE connection_id = ? AND status IN ('ACCEPTED', 'REJECTED') AND applied = FALSE""")
                .param(connectionId).query(Long.class).single() > 0;
    }

    public Optional<Review> find(long id) {
        return jdbc.sql("SELECT * FROM contact_review WHERE id = ?").param(id).query(this::review).optional();
    }

    /** False when the review was decided already (by someone else meanwhile). */
    public boolean decide(long id, Status status, long employeeId, Instant now) {
        return jdbc.sql("""
                UPDATE contact_review SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'OPEN'""")
                .params(status.name(), employeeId, timestamp(now), id).update() == 1;
    }

    /** The item changed again in the peer after it was held: the decision is asked again, on the new values. */
    public void reopen(long id, String peerVersion, Snapshot peer) {
        jdbc.sql("""
                UPDATE contact_review SET status = 'OPEN', peer_version = ?, peer_values = ?, decided_by = NULL,
                    decided_at = NULL WHERE id = ?""").params(peerVersion, links.encode(peer), id).update();
    }

    /** The link the review was about is gone (or points elsewhere): nothing is left to decide. */
    public void obsolete(long id) {
        jdbc.sql("UPDATE contact_review SET status = 'OBSOLETE', applied = TRUE WHERE id = ?").param(id).update();
    }

    public void applied(long id) {
        jdbc.sql("UPDATE contact_review SET applied = TRUE WHERE id = ?").param(id).update();
    }

    public int openCount(long connectionId) {
        return jdbc.sql("SELECT COUNT(*) FROM contact_review WHERE connection_id = ? AND status = 'OPEN'")
                .param(connectionId).query(Integer.class).single();
    }

    private Review review(ResultSet rs, int row) throws SQLException {
        return new Review(rs.getLong("id"), rs.getLong("connection_id"), rs.getLong("crm_id"), rs.getString("peer_id"),
                rs.getString("peer_version"), links.decode(rs.getString("base_values")),
                links.decode(rs.getString("peer_values")), rs.getString("reason"), Status.valueOf(rs.getString("status")),
                rs.getBoolean("applied"), Rows.instant(rs, "created_at"), Rows.instant(rs, "decided_at"));
    }
}
