package org.koppel.store;

import static org.koppel.store.Rows.date;
import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.koppel.crm.Page;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.OccurrenceEdit;
import org.koppel.crm.agenda.AppointmentQuery;
import org.koppel.crm.agenda.Visibility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Appointments in SQL: one row each, linked relations and exceptions in tables of their own,
 * replaced whole on every write. The span columns are derived by the write path (see V9).
 */
@Repository
public class AppointmentStore {

    private final JdbcClient jdbc;

    public AppointmentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new appointment at version 1 and returns its id. */
    public long insert(Appointment a, Instant spanStart, Instant spanEnd, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO appointment (subject, all_day, starts_at, ends_at, start_date, end_date, time_zone, span_start,
                       span_end, location, description, reminder_minutes, visibility, organiser_id, recurrence, version,
                       created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(a.subject(), a.allDay(), timestamp(a.start()), timestamp(a.end()), date(a.startDate()),
                        date(a.endDate()), a.timeZone(), timestamp(spanStart), timestamp(spanEnd), a.location(),
                        a.description(), a.reminderMinutes(), a.visibility().name(), a.organiserId(), a.recurrence(),
                        timestamp(now), timestamp(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        insertParts(id, a);
        return id;
    }

    /** Replaces a live appointment's content if it is still at {@code expectedVersion}; false otherwise. */
    public boolean update(long id, long expectedVersion, Appointment a, Instant spanStart, Instant spanEnd, Instant now) {
        int rows = jdbc.sql("""
                UPDATE appointment SET subject = ?, all_day = ?, starts_at = ?, ends_at = ?, start_date = ?, end_date = ?,
                       time_zone = ?, span_start = ?, span_end = ?, location = ?, description = ?, reminder_minutes = ?,
                       visibility = ?, organiser_id = ?, recurrence = ?, version = version + 1, updated_at = ?
                WHERE id = ? AND version = ? AND deleted_at IS NULL""")
                .params(a.subject(), a.allDay(), timestamp(a.start()), timestamp(a.end()), date(a.startDate()),
                        date(a.endDate()), a.timeZone(), timestamp(spanStart), timestamp(spanEnd), a.location(),
                        a.description(), a.reminderMinutes(), a.visibility().name(), a.organiserId(), a.recurrence(),
                        timestamp(now), id, expectedVersion)
                .update();
        if (rows == 0) return false;
        jdbc.sql("DELETE FROM appointment_relation WHERE appointment_id = ?").param(id).update();
        jdbc.sql("DELETE FROM appointment_exception WHERE appointment_id = ?").param(id).update();
        jdbc.sql("DELETE FROM appointment_occurrence_edit WHERE appointment_id = ?").param(id).update();
        insertParts(id, a);
        return true;
    }

    /** Sets or clears the soft-delete mark if the appointment is at {@code expectedVersion}. */
    public boolean markDeleted(long id, long expectedVersion, Instant deletedAt, Instant now) {
        return jdbc.sql("UPDATE appointment SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
                .params(timestamp(deletedAt), timestamp(now), id, expectedVersion)
                .update() == 1;
    }

    public Optional<Appointment> find(long id) {
        return load(List.of(id)).stream().findFirst();
    }

    public Page<Appointment> search(AppointmentQuery query) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        where.add(query.deleted() ? "a.deleted_at IS NOT NULL" : "a.deleted_at IS NULL");
        if (query.to() != null) {
            where.add("a.span_start < :to");
            params.put("to", timestamp(query.to()));
        }
        if (query.from() != null) {
            // an appointment of no length at the window's start still lies in it
            where.add("(a.span_end IS NULL OR a.span_end > :from OR a.span_start >= :from)");
            params.put("from", timestamp(query.from()));
        }
        if (query.organiserId() != null) {
            where.add("a.organiser_id = :organiser");
            params.put("organiser", query.organiserId());
        }
        if (query.relationId() != null) {
            where.add("EXISTS (SELECT 1 FROM appointment_relation r WHERE r.appointment_id = a.id AND r.relation_id = :relation)");
            params.put("relation", query.relationId());
            if (!query.viewerAdmin()) {
                where.add("(a.visibility = 'EVERYONE' OR a.organiser_id = :viewer)");
                params.put("viewer", query.viewerId());
            }
        }
        String condition = String.join(" AND ", where);
        long total = jdbc.sql("SELECT COUNT(*) FROM appointment a WHERE " + condition).params(params)
                .query(Long.class).single();
        params.put("limit", query.size());
        params.put("offset", (long) query.page() * query.size());
        List<Long> ids = jdbc.sql("SELECT a.id FROM appointment a WHERE " + condition
                        + " ORDER BY a.span_start, a.id LIMIT :limit OFFSET :offset")
                .params(params).query(Long.class).list();
        return new Page<>(load(ids), query.page(), query.size(), total);
    }

    private void insertParts(long id, Appointment a) {
        for (int i = 0; i < a.relationIds().size(); i++) {
            jdbc.sql("INSERT INTO appointment_relation (appointment_id, position, relation_id) VALUES (?, ?, ?)")
                    .params(id, i, a.relationIds().get(i)).update();
        }
        for (int i = 0; i < a.exceptions().size(); i++) {
            jdbc.sql("INSERT INTO appointment_exception (appointment_id, position, starts_at) VALUES (?, ?, ?)")
                    .params(id, i, timestamp(a.exceptions().get(i))).update();
        }
        for (int i = 0; i < a.exceptionDates().size(); i++) {
            jdbc.sql("INSERT INTO appointment_exception (appointment_id, position, start_date) VALUES (?, ?, ?)")
                    .params(id, i, date(a.exceptionDates().get(i))).update();
        }
        for (int i = 0; i < a.occurrenceEdits().size(); i++) {
            OccurrenceEdit e = a.occurrenceEdits().get(i);
            jdbc.sql("""
                    INSERT INTO appointment_occurrence_edit (appointment_id, position, occurrence, starts, ends, subject,
                           location, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, i, e.occurrence(), e.start(), e.end(), e.subject(), e.location(), e.description()).update();
        }
    }

    /**
     * The live appointments an organiser has in a window of time (a series counts while any of its
     * occurrences may lie in it): the scope of their calendar peer.
     */
    public java.util.Set<Long> idsOfOrganiserIn(long organiserId, Instant from, Instant to) {
        return idsOfOrganiserIn(organiserId, from, to, null);
    }

    /** As above, among the given appointments only (null: all), so a check of a few changes reads a few rows. */
    public java.util.Set<Long> idsOfOrganiserIn(long organiserId, Instant from, Instant to, java.util.Collection<Long> among) {
        if (among != null && among.isEmpty()) return java.util.Set.of();
        var spec = jdbc.sql("""
                SELECT id FROM appointment
                WHERE organiser_id = :o AND deleted_at IS NULL AND span_start < :to
                  AND (span_end IS NULL OR span_end > :from OR span_start >= :from)""" + (among == null ? "" : " AND id IN (:among)"))
                .param("o", organiserId).param("to", timestamp(to)).param("from", timestamp(from));
        if (among != null) spec = spec.param("among", among);
        return new java.util.HashSet<>(spec.query(Long.class).list());
    }

    /** The appointments with these ids, in this order, in three queries whatever their number (deleted ones too). */
    public List<Appointment> load(List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        var relations = new HashMap<Long, List<Long>>();
        jdbc.sql("SELECT appointment_id, relation_id FROM appointment_relation WHERE appointment_id IN (:ids) ORDER BY appointment_id, position")
                .param("ids", ids)
                .query((rs, n) -> relations.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)))
                .list();
        var exceptions = new HashMap<Long, List<Instant>>();
        var exceptionDates = new HashMap<Long, List<LocalDate>>();
        jdbc.sql("SELECT * FROM appointment_exception WHERE appointment_id IN (:ids) ORDER BY appointment_id, position")
                .param("ids", ids)
                .query((rs, n) -> {
                    long id = rs.getLong("appointment_id");
                    Instant at = instant(rs, "starts_at");
                    if (at != null) exceptions.computeIfAbsent(id, k -> new ArrayList<>()).add(at);
                    else exceptionDates.computeIfAbsent(id, k -> new ArrayList<>()).add(date(rs, "start_date"));
                    return id;
                }).list();
        var edits = new HashMap<Long, List<OccurrenceEdit>>();
        jdbc.sql("SELECT * FROM appointment_occurrence_edit WHERE appointment_id IN (:ids) ORDER BY appointment_id, position")
                .param("ids", ids)
                .query((rs, n) -> edits.computeIfAbsent(rs.getLong("appointment_id"), k -> new ArrayList<>())
                        .add(new OccurrenceEdit(rs.getString("occurrence"), rs.getString("starts"), rs.getString("ends"),
                                rs.getString("subject"), rs.getString("location"), rs.getString("description"))))
                .list();
        var byId = new LinkedHashMap<Long, Appointment>();
        jdbc.sql("SELECT * FROM appointment WHERE id IN (:ids)").param("ids", ids)
                .query((rs, n) -> byId.put(rs.getLong("id"), row(rs, relations, exceptions, exceptionDates)
                        .withOccurrenceEdits(edits.getOrDefault(rs.getLong("id"), List.of()))))
                .list();
        return ids.stream().map(byId::get).filter(a -> a != null).toList();
    }

    private static Appointment row(ResultSet rs, Map<Long, List<Long>> relations, Map<Long, List<Instant>> exceptions,
                                   Map<Long, List<LocalDate>> exceptionDates) throws SQLException {
        long id = rs.getLong("id");
        int reminder = rs.getInt("reminder_minutes");
        Integer reminderMinutes = rs.wasNull() ? null : reminder;
        return new Appointment(id, rs.getLong("version"), rs.getString("subject"), rs.getBoolean("all_day"),
                instant(rs, "starts_at"), instant(rs, "ends_at"), date(rs, "start_date"), date(rs, "end_date"),
                rs.getString("time_zone"), rs.getString("location"), rs.getString("description"), reminderMinutes,
                Visibility.valueOf(rs.getString("visibility")), rs.getLong("organiser_id"),
                relations.getOrDefault(id, List.of()), rs.getString("recurrence"), exceptions.getOrDefault(id, List.of()),
                exceptionDates.getOrDefault(id, List.of()), List.of(), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "deleted_at"));
    }
}
