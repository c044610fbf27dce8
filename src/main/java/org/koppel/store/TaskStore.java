package org.koppel.store;

import static org.koppel.store.Rows.date;
import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

import org.koppel.crm.Page;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskQuery;
import org.koppel.crm.agenda.TaskStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Tasks in SQL: one row each. */
@Repository
public class TaskStore {

    private final JdbcClient jdbc;

    public TaskStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new task at version 1 and returns its id. */
    public long insert(Task t, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO task (subject, due_date, status, completed_at, priority, notes, responsible_id, relation_id,
                       version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(t.subject(), date(t.dueDate()), t.status().name(), timestamp(t.completedAt()),
                        t.priority().name(), t.notes(), t.responsibleId(), t.relationId(), timestamp(now), timestamp(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Replaces a live task's content if it is still at {@code expectedVersion}; false otherwise. */
    public boolean update(long id, long expectedVersion, Task t, Instant now) {
        return jdbc.sql("""
                UPDATE task SET subject = ?, due_date = ?, status = ?, completed_at = ?, priority = ?, notes = ?,
                       responsible_id = ?, relation_id = ?, version = version + 1, updated_at = ?
                WHERE id = ? AND version = ? AND deleted_at IS NULL""")
                .params(t.subject(), date(t.dueDate()), t.status().name(), timestamp(t.completedAt()),
                        t.priority().name(), t.notes(), t.responsibleId(), t.relationId(), timestamp(now), id,
                        expectedVersion)
                .update() == 1;
    }

    public boolean markDeleted(long id, long expectedVersion, Instant deletedAt, Instant now) {
        return jdbc.sql("UPDATE task SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
                .params(timestamp(deletedAt), timestamp(now), id, expectedVersion)
                .update() == 1;
    }

    public Optional<Task> find(long id) {
        return jdbc.sql("SELECT * FROM task WHERE id = ?").param(id).query(TaskStore::row).optional();
    }

    /** The tasks with these ids, deleted ones too. */
    public java.util.Map<Long, Task> load(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) return java.util.Map.of();
        var byId = new java.util.HashMap<Long, Task>();
        jdbc.sql("SELECT * FROM task WHERE id IN (:ids)").param("ids", ids).query(TaskStore::row).list()
                .forEach(t -> byId.put(t.id(), t));
        return byId;
    }

    /** The live open tasks of a responsible employee due before {@code dueBefore} or without a due date: their task list's scope. */
    public java.util.Set<Long> openIdsOf(long responsibleId, java.time.LocalDate dueBefore) {
        return openIdsOf(responsibleId, dueBefore, null);
    }

    /** As above, among the given tasks only (null: all), so a check of a few changes reads a few rows. */
    public java.util.Set<Long> openIdsOf(long responsibleId, java.time.LocalDate dueBefore, java.util.Collection<Long> among) {
        if (among != null && among.isEmpty()) return java.util.Set.of();
        var spec = jdbc.sql("""
                SELECT id FROM task WHERE responsible_id = :r AND deleted_at IS NULL AND status = 'OPEN'
                  AND (due_date IS NULL OR due_date < :due)""" + (among == null ? "" : " AND id IN (:among)"))
                .param("r", responsibleId).param("due", date(dueBefore));
        if (among != null) spec = spec.param("among", among);
        return new java.util.HashSet<>(spec.query(Long.class).list());
    }

    public Page<Task> search(TaskQuery query) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        where.add(query.deleted() ? "t.deleted_at IS NOT NULL" : "t.deleted_at IS NULL");
        if (query.responsibleId() != null) {
            where.add("t.responsible_id = :responsible");
            params.put("responsible", query.responsibleId());
        }
        if (query.status() != null) {
            where.add("t.status = :status");
            params.put("status", query.status().name());
        }
        if (query.dueBefore() != null) {
            where.add("t.due_date < :dueBefore");
            params.put("dueBefore", date(query.dueBefore()));
        }
        if (query.relationId() != null) {
            where.add("t.relation_id = :relation");
            params.put("relation", query.relationId());
        }
        String condition = String.join(" AND ", where);
        long total = jdbc.sql("SELECT COUNT(*) FROM task t WHERE " + condition).params(params).query(Long.class).single();
        params.put("limit", query.size());
        params.put("offset", (long) query.page() * query.size());
        List<Task> items = jdbc.sql("SELECT * FROM task t WHERE " + condition
                        + " ORDER BY t.due_date NULLS LAST, t.id LIMIT :limit OFFSET :offset")
                .params(params).query(TaskStore::row).list();
        return new Page<>(items, query.page(), query.size(), total);
    }

    private static Task row(ResultSet rs, int n) throws SQLException {
        return new Task(rs.getLong("id"), rs.getLong("version"), rs.getString("subject"), date(rs, "due_date"),
                TaskStatus.valueOf(rs.getString("status")), instant(rs, "completed_at"),
                TaskPriority.valueOf(rs.getString("priority")), rs.getString("notes"), rs.getLong("responsible_id"),
                Rows.longOrNull(rs, "relation_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "deleted_at"));
    }
}
