package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.koppel.runtime.Connection;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncCursor;
import org.koppel.runtime.Connection.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
public class ConnectionStore {

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final SyncJobStore jobs;
    private final java.time.Clock clock;

    public ConnectionStore(JdbcClient jdbc, ObjectMapper json, SyncJobStore jobs, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** A new connection, with its job (due at once: its first run) in the same transaction. */
    @Transactional
    public long insert(String type, String name, long ownerId, Map<String, String> settings, String sealedSecret,
                       Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO connection (type, name, owner_id, status, settings, secret, version, created_at, updated_at)
                VALUES (?, ?, ?, 'ACTIVE', ?, ?, 1, ?, ?)""")
                .params(type, name, ownerId, json.writeValueAsString(settings), sealedSecret, timestamp(now),
                        timestamp(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        jobs.add(id, now);
        return id;
    }

    public Optional<Connection> find(long id) {
        return jdbc.sql("SELECT * FROM connection WHERE id = ?").param(id).query(this::connection).optional();
    }

    public List<Connection> all() {
        return jdbc.sql("SELECT * FROM connection ORDER BY id").query(this::connection).list();
    }

    /**
     * Active connections of these owners, of every owner when {@code everyone}, and, when
     * {@code ownContactsScope}, those with a contacts scope of their own in their settings: the
     * candidates the change fan-out checks one by one.
     */
    public List<Connection> activeCandidates(Collection<Long> owners, boolean everyone, boolean ownContactsScope) {
        if (everyone) return jdbc.sql("SELECT * FROM connection WHERE status = 'ACTIVE' ORDER BY id").query(this::connection).list();
        var any = new java.util.ArrayList<String>();
        if (!owners.isEmpty()) any.add("owner_id IN (:owners)");
        // Rare, and the settings are JSON text: matched by their key, then read precisely by the caller.
        if (ownContactsScope) any.add("settings LIKE '%\"contacts.scope\"%'");
        if (any.isEmpty()) return List.of();
        var spec = jdbc.sql("SELECT * FROM connection WHERE status = 'ACTIVE' AND (" + String.join(" OR ", any) + ") ORDER BY id");
        if (!owners.isEmpty()) spec = spec.param("owners", owners);
        return spec.query(this::connection).list();
    }

    public List<Connection> ofOwner(long ownerId) {
        return jdbc.sql("SELECT * FROM connection WHERE owner_id = ? ORDER BY id").param(ownerId).query(this::connection).list();
    }

    public String sealedSecret(long id) {
        return jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(id).query(String.class).optional().orElse(null);
    }

    /** New settings and secret (a new app password, say); the cursors stay, the links stay valid. */
    public void updateAccess(long id, Map<String, String> settings, String sealedSecret, Instant now) {
        jdbc.sql("""
                UPDATE connection SET settings = ?, secret = ?, status = 'ACTIVE', status_reason = NULL,
                       run_requested = TRUE, version = version + 1, updated_at = ? WHERE id = ?""")
                .params(json.writeValueAsString(settings), sealedSecret, timestamp(now), id).update();
        jobs.dueNow(List.of(id), clock.instant());
    }

    /**
     * Only the settings change (a source connection's relation-type mapping, say): the secret, status and
     * cursors stay, and no run is requested; the caller decides whether the change needs one.
     */
    public void updateSettings(long id, Map<String, String> settings, Instant now) {
        jdbc.sql("UPDATE connection SET settings = ?, version = version + 1, updated_at = ? WHERE id = ?")
                .params(json.writeValueAsString(settings), timestamp(now), id).update();
    }

    /**
     * Only the secret changes (new tokens for a paused connection); status, version and the run
     * request stay as they are. Runs storing refreshed tokens use {@link #updateSecretIf}.
     */
    public void updateSecret(long id, String sealedSecret) {
        jdbc.sql("UPDATE connection SET secret = ? WHERE id = ?").params(sealedSecret, id).update();
    }

    /**
     * {@link #updateSecret} only if the secret is still {@code expected}: tokens a run refreshed must
     * not overwrite those of a sign-in that happened meanwhile. False when the secret had changed.
     */
    public boolean updateSecretIf(long id, String expected, String sealedSecret) {
        return jdbc.sql("UPDATE connection SET secret = ? WHERE id = ? AND secret = ?")
                .params(sealedSecret, id, expected).update() == 1;
    }

    public void setStatus(long id, Status status, String reason, Instant now) {
        jdbc.sql("UPDATE connection SET status = ?, status_reason = ?, version = version + 1, updated_at = ? WHERE id = ?")
                .params(status.name(), reason, timestamp(now), id).update();
    }

    /** Pauses every connection of an employee, giving {@code reason}; returns how many. */
    public int pauseAllOf(long ownerId, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE connection SET status = 'PAUSED', status_reason = ?, run_requested = FALSE, version = version + 1,
                       updated_at = ? WHERE owner_id = ?""")
                .params(reason, timestamp(now), ownerId).update();
    }

    /** Whether the connection's owner may still sync: deactivated employees' connections stay paused. */
    public boolean ownerActive(long connectionId) {
        return jdbc.sql("""
                SELECT e.active FROM connection c JOIN employee e ON e.id = c.owner_id WHERE c.id = ?""")
                .param(connectionId).query(Boolean.class).optional().orElse(false);
    }

    /** Where one data type's sync of a connection stands; empty before its first run. */
    public Optional<SyncCursor> cursor(long id, DataType type) {
        return jdbc.sql("SELECT peer_cursor, crm_cursor FROM sync_cursor WHERE connection_id = ? AND data_type = ?")
                .params(id, type.name())
                .query((rs, row) -> new SyncCursor(rs.getString("peer_cursor"), rs.getLong("crm_cursor"))).optional();
    }

    /**
     * The cursor of a data type's first run: no peer cursor (a full listing) and the change log as it
     * stands. Stored before the run does anything, so a run that fails after linking some records still
     * sees their later changes in Koppel.
     */
    public SyncCursor startCursor(long id, DataType type, long crmSeq) {
        return cursor(id, type).orElseGet(() -> {
            jdbc.sql("INSERT INTO sync_cursor (connection_id, data_type, peer_cursor, crm_cursor) VALUES (?, ?, NULL, ?)")
                    .params(id, type.name(), crmSeq).update();
            return new SyncCursor(null, crmSeq);
        });
    }

    /** Both cursors of a data type move together, after everything a run read up to them has been applied. */
    public void saveCursor(long id, DataType type, SyncCursor cursor) {
        saveCursor(id, type, cursor, null);
    }

    /**
     * {@link #saveCursor(long, DataType, SyncCursor)}, with the fingerprint of a settled run (see
     * {@link SettledStore}; null: the next run is a full pass) in the same statement.
     */
    public void saveCursor(long id, DataType type, SyncCursor cursor, String settled) {
        int updated = jdbc.sql("""
                UPDATE sync_cursor SET peer_cursor = ?, crm_cursor = ?, settled = ? WHERE connection_id = ? AND data_type = ?""")
                .params(cursor.peer(), cursor.crm(), settled, id, type.name()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO sync_cursor (connection_id, data_type, peer_cursor, crm_cursor, settled) VALUES (?, ?, ?, ?, ?)")
                    .params(id, type.name(), cursor.peer(), cursor.crm(), settled).update();
        }
    }

    /** After a run in which every data type saved its cursors: a confirmed mass change was used up. */
    public void ranThrough(long id, Instant now) {
        jdbc.sql("UPDATE connection SET confirmed_mass_change = FALSE, updated_at = ? WHERE id = ?")
                .params(timestamp(now), id).update();
    }

    public void confirmMassChange(long id, Instant now) {
        jdbc.sql("UPDATE connection SET confirmed_mass_change = TRUE, status = 'ACTIVE', status_reason = NULL, "
                + "version = version + 1, updated_at = ? WHERE id = ?").params(timestamp(now), id).update();
    }

    /**
     * Takes the run lease if nobody holds it (or it ran out): the one guard against two runs at once.
     * Every lease taken gets the next fencing token; the run's writes commit only while the
     * connection still carries it ({@link #holdsLease}).
     *
     * @return the fencing token of the lease taken, or empty when another run holds it
     */
    public OptionalLong acquireLease(long id, String node, String boot, Instant now, Instant until) {
        Long token = jdbc.sql("SELECT lease_token FROM connection WHERE id = ?").param(id).query(Long.class).optional()
                .orElse(null);
        if (token == null) return OptionalLong.empty();
        // Compare-and-set on the token: of two nodes that read the same token, only one takes the lease.
        boolean taken = jdbc.sql("""
                UPDATE connection SET run_lease_until = ?, lease_token = ?, lease_node = ?, lease_boot = ?, run_requested = FALSE
                WHERE id = ? AND lease_token = ? AND (run_lease_until IS NULL OR run_lease_until < ?)""")
                .params(timestamp(until), token + 1, node, boot, id, token, timestamp(now)).update() == 1;
        return taken ? OptionalLong.of(token + 1) : OptionalLong.empty();
    }

    /**
     * The heartbeat of a run: extends its lease to {@code until}. False when the connection carries
     * another token (a run on another node took it over after this lease ran out) or is gone.
     */
    public boolean renewLease(long id, long token, Instant until) {
        return jdbc.sql("UPDATE connection SET run_lease_until = ? WHERE id = ? AND lease_token = ?")
                .params(timestamp(until), id, token).update() == 1;
    }

    /**
     * The fence: true if the connection still carries the run's token, and then locks its row until
     * the caller's transaction ends, so no other run can take the lease before the caller's writes are
     * committed. Call it inside the transaction of the writes it guards.
     */
    public boolean holdsLease(long id, long token) {
        return !jdbc.sql("SELECT id FROM connection WHERE id = ? AND lease_token = ? FOR UPDATE")
                .params(id, token).query(Long.class).list().isEmpty();
    }

    /** Ends the run's lease; a no-op when another run took the connection over meanwhile. */
    public void releaseLease(long id, long token, Instant now) {
        jdbc.sql("""
                UPDATE connection SET run_lease_until = NULL, lease_node = NULL, lease_boot = NULL, last_run_at = ?
                WHERE id = ? AND lease_token = ?""").params(timestamp(now), id, token).update();
    }

    /** The connections whose lease this node held under another boot than {@code boot}: that process is gone. */
    public List<Long> leasedByEarlierBoots(String node, String boot) {
        return jdbc.sql("SELECT id FROM connection WHERE lease_node = ? AND lease_boot <> ? ORDER BY id")
                .params(node, boot).query(Long.class).list();
    }

    /**
     * Frees a lease an earlier boot of {@code node} held and asks for a run, if that boot still holds it;
     * locks the row until the caller's transaction ends. The token moves on too, so should that boot be
     * alive after all (two processes given one node id), none of its writes commits any more.
     */
    public boolean freeLeaseOfEarlierBoot(long id, String node, String boot) {
        return jdbc.sql("""
                UPDATE connection SET run_lease_until = NULL, lease_node = NULL, lease_boot = NULL,
                       lease_token = lease_token + 1, run_requested = TRUE
                WHERE id = ? AND lease_node = ? AND lease_boot <> ?""").params(id, node, boot).update() == 1;
    }

    /**
     * "This connection should run soon": the run request stays on the connection (a run under way runs
     * again right after it), and its job moves to now unless it is running, paused or waiting out a
     * backoff ({@link SyncJobStore#dueNow}), in the caller's transaction.
     */
    public void requestRun(long id) {
        requestRuns(List.of(id));
    }

    /** {@link #requestRun} for many connections at once: two statements per 500, not one per connection. */
    public void requestRuns(java.util.Collection<Long> ids) {
        var all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            jdbc.sql("UPDATE connection SET run_requested = TRUE WHERE id IN (:ids)")
                    .param("ids", all.subList(from, Math.min(all.size(), from + 500))).update();
        }
        if (!all.isEmpty()) jobs.dueNow(all, clock.instant());
    }

    /**
     * After a run, once its job was rescheduled for later: a run request that came while the job was still
     * picked (so {@link #requestRuns} left the job alone) and after the scheduler read the state, moves it to
     * now. The connection row is locked first: a request committing meanwhile is waited for and seen; one after
     * this finds the job unpicked and moves it itself. Without this such an edit waited for the next pull
     * (bench/run scale: one edit in 1,440 took 31 s, the least gap to a next pull).
     */
    @Transactional
    public void takeUpRequestMadeWhilePicked(long id) {
        boolean requested = jdbc.sql("SELECT run_requested FROM connection WHERE id = ? FOR UPDATE").param(id)
                .query(Boolean.class).optional().orElse(false);
        if (requested) jobs.dueNow(List.of(id), clock.instant());
    }

    /**
     * What decides when a connection runs next (see SyncJobs).
     *
     * @param leaseUntil when the lease of a run not let go runs out (a run under way, or one that died with
     *                   its node); null when none holds it
     */
    public record RunState(Status status, boolean runRequested, Instant retryNotBefore, Instant lastRunAt,
                           Instant leaseUntil) {

        public boolean leaseTaken() {
            return leaseUntil != null;
        }
    }

    public Optional<RunState> runState(long id) {
        return jdbc.sql("SELECT status, run_requested, retry_not_before, last_run_at, run_lease_until FROM connection WHERE id = ?")
                .param(id)
                .query((rs, row) -> new RunState(Status.valueOf(rs.getString("status")), rs.getBoolean("run_requested"),
                        instant(rs, "retry_not_before"), instant(rs, "last_run_at"), instant(rs, "run_lease_until")))
                .optional();
    }

    /** Counts a transient failure and returns how many there have been in a row. */
    public int failed(long id) {
        jdbc.sql("UPDATE connection SET failures = failures + 1 WHERE id = ?").param(id).update();
        return jdbc.sql("SELECT failures FROM connection WHERE id = ?").param(id).query(Integer.class).single();
    }

    public void retryNotBefore(long id, Instant when) {
        jdbc.sql("UPDATE connection SET retry_not_before = ? WHERE id = ?").params(timestamp(when), id).update();
    }

    public void succeeded(long id) {
        jdbc.sql("UPDATE connection SET failures = 0, retry_not_before = NULL WHERE id = ?").param(id).update();
    }

    /** Deletes the connection and its job (a running job removes itself when its run ends). */
    @Transactional
    public void delete(long id) {
        jobs.remove(id);
        jdbc.sql("DELETE FROM connection WHERE id = ?").param(id).update();
    }

    private Connection connection(ResultSet rs, int row) throws SQLException {
        return new Connection(rs.getLong("id"), rs.getString("type"), rs.getString("name"), rs.getLong("owner_id"),
                Status.valueOf(rs.getString("status")), rs.getString("status_reason"),
                json.readValue(rs.getString("settings"), SETTINGS),
                rs.getBoolean("confirmed_mass_change"), rs.getLong("version"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
