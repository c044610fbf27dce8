package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Koppel's own writes to db-scheduler's table {@code scheduled_tasks} (V22): the job of each connection
 * (task {@value #TASK}, instance = the connection's id). They couple Koppel to that table's layout
 * (db-scheduler 16.x): an unpicked row's {@code execution_time} is when it runs next, {@code version}
 * is its optimistic lock (bumped on every change, as db-scheduler does), a picked row belongs to the
 * scheduler running it and is left alone. Written here, in the caller's transaction, so a connection
 * and its job come and go together and a fan-out that asks 500 connections to run is one statement.
 */
@Repository
public class SyncJobStore {

    /** The task name of the connections' jobs. */
    public static final String TASK = "sync-connection";
    /**
     * Priorities (db-scheduler picks the highest first, then the oldest due): a periodic pull; a new
     * connection's first sync; and a run asked for (a CRM change, a person's "sync now", a peer's
     * notification), which must not wait behind a backlog of pulls: an edit then reaches the peer in
     * seconds even while pulls are late. A first sync goes before the pulls (its owner waits for it) but
     * after the asked runs: it is long, and a thousand connections added at once (an import, a bench)
     * would otherwise hold every edit back until all of them ran. The cluster jobs (the fan-out) have
     * db-scheduler's default for recurring tasks, 90, above all.
     */
    public static final int PULL = 0;
    public static final int FIRST = 25;
    public static final int ASKED = 50;

    private final JdbcClient jdbc;

    public SyncJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The job of a new connection, due at {@code at}: its first sync ({@link #FIRST}). */
    void add(long connectionId, Instant at) {
        jdbc.sql("""
                INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                VALUES (?, ?, ?, FALSE, 1, ?)""").params(TASK, Long.toString(connectionId), timestamp(at), FIRST).update();
    }

    /**
     * Gives every connection that lacks a job one, due at {@code at} (existing installations, healing):
     * one statement. Two nodes starting at once may both try; the loser's insert finds them made.
     *
     * @return how many jobs were made
     */
    public int addMissing(Instant at) {
        try {
            return jdbc.sql("""
                    INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                    SELECT ?, CAST(c.id AS VARCHAR(20)), ?, FALSE, 1, ? FROM connection c
                    WHERE NOT EXISTS (SELECT 1 FROM scheduled_tasks t
                                      WHERE t.task_name = ? AND t.task_instance = CAST(c.id AS VARCHAR(20)))""")
                    .params(TASK, timestamp(at), PULL, TASK).update();
        } catch (DuplicateKeyException anotherNodeAtOnce) {
            return 0;
        }
    }

    /** Removes the job of a deleted connection unless it is running; a running one removes itself when it ends. */
    void remove(long connectionId) {
        jdbc.sql("DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ? AND picked = FALSE")
                .params(TASK, Long.toString(connectionId)).update();
    }

    /**
     * Moves the jobs of these connections to {@code now} as asked-for runs ({@link #ASKED}: before the
     * periodic pulls that are due), except those running (they run again after, from the connection's run
     * request), those due and asked already, paused connections and those waiting out a backoff (their
     * job waits for its end). One statement per 500 connections.
     */
    void dueNow(Collection<Long> connectionIds, Instant now) {
        var all = List.copyOf(connectionIds);
        for (int from = 0; from < all.size(); from += 500) {
            jdbc.sql("""
                    UPDATE scheduled_tasks SET execution_time = LEAST(execution_time, :now), priority = :asked,
                           version = version + 1
                    WHERE task_name = :task AND picked = FALSE AND (execution_time > :now OR priority < :asked)
                    AND task_instance IN (SELECT CAST(c.id AS VARCHAR(20)) FROM connection c
                                          WHERE c.id IN (:ids) AND c.status <> 'PAUSED'
                                          AND (c.retry_not_before IS NULL OR c.retry_not_before <= :now))""")
                    .param("now", timestamp(now)).param("task", TASK).param("asked", ASKED)
                    .param("ids", all.subList(from, Math.min(all.size(), from + 500))).update();
        }
    }

    /**
     * Sets the priority of a connection's job while it runs (it is picked), for its next time: without
     * touching {@code version}, db-scheduler's lock on the picked row, so its reschedule after the run
     * still holds and keeps the priority. No write when the priority is that already (nearly always).
     */
    public void prioritise(long connectionId, int priority) {
        jdbc.sql("UPDATE scheduled_tasks SET priority = ? WHERE task_name = ? AND task_instance = ? AND priority <> ?")
                .params(priority, TASK, Long.toString(connectionId), priority).update();
    }

    /** When the connection's job runs next; empty when it has none or it is running. */
    public Optional<Instant> nextRun(long connectionId) {
        return jdbc.sql("SELECT execution_time FROM scheduled_tasks WHERE task_name = ? AND task_instance = ? AND picked = FALSE")
                .params(TASK, Long.toString(connectionId)).query((rs, row) -> Rows.instant(rs, "execution_time")).optional();
    }

    /** Connections' jobs that are due and not yet picked by a scheduler. */
    public long dueCount(Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = ? AND picked = FALSE AND execution_time <= ?")
                .params(TASK, timestamp(now)).query(Long.class).single();
    }

    /** The due time of the oldest due, unpicked connection job; empty when none is due. */
    public Optional<Instant> oldestDue(Instant now) {
        return jdbc.sql("""
                SELECT MIN(execution_time) AS oldest FROM scheduled_tasks
                WHERE task_name = ? AND picked = FALSE AND execution_time <= ?""")
                .params(TASK, timestamp(now)).query((rs, row) -> Rows.instant(rs, "oldest")).list().stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * Hands back the jobs a scheduler of this name had picked before it (re)started: that process is gone,
     * so they need not wait for dead-execution detection. Run before the scheduler of this name starts.
     */
    public int releasePickedBy(String schedulerName, Instant now) {
        return jdbc.sql("""
                UPDATE scheduled_tasks SET picked = FALSE, picked_by = NULL, last_heartbeat = NULL,
                       execution_time = ?, version = version + 1 WHERE picked = TRUE AND picked_by = ?""")
                .params(timestamp(now), schedulerName).update();
    }
}
