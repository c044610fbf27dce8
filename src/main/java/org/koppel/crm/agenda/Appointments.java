package org.koppel.crm.agenda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Change.Operation;
import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldDiff;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Origin;
import org.koppel.crm.Page;
import org.koppel.crm.RecordType;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.relation.RelationKind;
import org.koppel.store.AppointmentStore;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.EmployeeStore;
import org.koppel.store.RelationStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one write path for appointments, as {@code Relations} is for relations: every write is
 * checked whole, stored and appended to the change log in one transaction, the append last.
 * A private (owner-only) appointment is read in full and changed only by its organiser and
 * admins; everyone else reads its time only and may not change it.
 */
@Service
public class Appointments {

    private static final String LABEL = "appointment";

    private final AppointmentStore store;
    private final EmployeeStore employees;
    private final RelationStore relations;
    private final ChangeLogStore changeLog;
    private final FieldDiff diff;
    private final Clock clock;

    public Appointments(AppointmentStore store, EmployeeStore employees, RelationStore relations,
                        ChangeLogStore changeLog, FieldDiff diff, Clock clock) {
        this.store = store;
        this.employees = employees;
        this.relations = relations;
        this.changeLog = changeLog;
        this.diff = diff;
        this.clock = clock;
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public Appointment create(Appointment input, List<FieldProblem> unreadable, Viewer viewer, Origin origin) {
        Appointment appointment = input.cleaned();
        RecurrenceRule rule = check(appointment, null, unreadable);
        requireVisible(appointment, viewer, "create a private appointment for another employee");
        Instant now = clock.instant();
        long id = store.insert(appointment, spanStart(appointment), spanEnd(appointment, rule), now);
        Appointment stored = store.find(id).orElseThrow();
        changeLog.append(RecordType.APPOINTMENT, id, Operation.CREATE, diff.allFields(stored, Set.of()), origin, now);
        return stored;
    }

    /**
     * Replaces the content of an appointment; unchanged (same version, nothing logged) when the
     * input equals what is stored. The viewer must see both the stored and the new appointment in
     * full: making it private to another employee would take it out of the viewer's own hands.
     */
    @Transactional
    public Appointment update(long id, Long expectedVersion, Appointment input, List<FieldProblem> unreadable,
                              Viewer viewer, Origin origin) {
        Appointment current = findStored(id);
        requireVisible(current, viewer, "change it");
        StaleVersionException.require(LABEL, id, expectedVersion, current.version());
        if (current.deletedAt() != null) throw new ConflictException("appointment " + id + " is deleted; restore it before changing it");
        Appointment appointment = input.cleaned();
        RecurrenceRule rule = check(appointment, current, unreadable);
        requireVisible(appointment, viewer, "make it private to another employee");
        List<String> changed = diff.changedFields(current, appointment, Set.of());
        if (changed.isEmpty()) return current;
        Instant now = clock.instant();
        if (!store.update(id, current.version(), appointment, spanStart(appointment), spanEnd(appointment, rule), now)) {
            throw stale(id, current.version());
        }
        Appointment stored = store.find(id).orElseThrow();
        changeLog.append(RecordType.APPOINTMENT, id, Operation.UPDATE, changed, origin, now);
        return stored;
    }

    /** Soft delete: the appointment leaves every listing and can be restored. */
    @Transactional
    public Appointment delete(long id, Long expectedVersion, Viewer viewer, Origin origin) {
        Appointment current = findStored(id);
        requireVisible(current, viewer, "delete it");
        StaleVersionException.require(LABEL, id, expectedVersion, current.version());
        if (current.deletedAt() != null) return current;
        return setDeleted(current, clock.instant(), Operation.DELETE, origin);
    }

    @Transactional
    public Appointment restore(long id, Viewer viewer, Origin origin) {
        Appointment current = findStored(id);
        requireVisible(current, viewer, "restore it");
        if (current.deletedAt() == null) return current;
        return setDeleted(current, null, Operation.RESTORE, origin);
    }

    /** The appointment as {@code viewer} may read it: in full, or its time only. */
    public Appointment find(long id, Viewer viewer) {
        return asSeenBy(findStored(id), viewer);
    }

    /** The appointment in full, for those who may change it (a merge patch starts from it). */
    public Appointment findForChange(long id, Viewer viewer) {
        Appointment current = findStored(id);
        requireVisible(current, viewer, "change it");
        return current;
    }

    public Page<Appointment> search(AppointmentQuery query, Viewer viewer) {
        return store.search(query).map(a -> asSeenBy(a, viewer));
    }

    private Appointment findStored(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException(LABEL, id));
    }

    private static Appointment asSeenBy(Appointment a, Viewer viewer) {
        return a.visibleTo(viewer.employeeId(), viewer.admin()) ? a : a.timeOnly();
    }

    private static void requireVisible(Appointment a, Viewer viewer, String action) {
        if (!a.visibleTo(viewer.employeeId(), viewer.admin())) {
            throw new AccessDeniedException("appointment" + (a.id() == null ? "" : " " + a.id())
                    + " is private to its organiser; only the organiser or an admin may " + action);
        }
    }

    private Appointment setDeleted(Appointment current, Instant deletedAt, Operation operation, Origin origin) {
        Instant now = clock.instant();
        if (!store.markDeleted(current.id(), current.version(), deletedAt, now)) throw stale(current.id(), current.version());
        Appointment stored = store.find(current.id()).orElseThrow();
        changeLog.append(RecordType.APPOINTMENT, current.id(), operation, List.of("deleted"), origin, now);
        return stored;
    }

    /**
     * Checks every field; returns the recurrence rule, if any. {@code current} is the stored
     * version when the appointment is edited: an organiser deactivated since, or a relation
     * deleted since, may stay.
     */
    private RecurrenceRule check(Appointment a, Appointment current, List<FieldProblem> unreadable) {
        var checks = Checks.after(unreadable);
        RecurrenceRule rule = a.checkDetails(checks);
        KeptOrLive.employee(checks, employees, "organiserId", a.organiserId(), current == null ? null : current.organiserId());
        checkRelations(a, current, checks);
        checks.throwIfAny();
        return rule;
    }

    /** One look-up for all relations named, whatever the list's length. */
    private void checkRelations(Appointment a, Appointment current, Checks checks) {
        if (!checks.size("relationIds", a.relationIds(), Limits.APPOINTMENT_RELATIONS)) return;
        List<Long> ids = a.relationIds().stream().filter(Objects::nonNull).distinct().toList();
        var named = KeptOrLive.Relations.of(relations, ids);
        Set<Long> kept = current == null ? Set.of() : new HashSet<>(current.relationIds());
        var firstIndex = new HashMap<Long, Integer>();
        for (int i = 0; i < a.relationIds().size(); i++) {
            Long id = a.relationIds().get(i);
            String field = "relationIds[" + i + "]";
            Integer earlier = id == null ? null : firstIndex.putIfAbsent(id, i);
            if (id == null) {
                checks.problem(field, "must be a relation id, not null");
            } else if (earlier != null) {
                checks.problem(field, "relation " + id + " is listed already (relationIds[" + earlier + "])");
            } else if (named.kind(id) == RelationKind.LEAD) {
                checks.problem(field, "relation " + id + " is a lead; appointments link persons and organisations");
            } else if (named.refusal(id, kept.contains(id)) != null) {
                checks.problem(field, named.refusal(id, kept.contains(id)));
            }
        }
    }

    /** Where the appointment begins on the time line: an all-day one at midnight in its zone. */
    static Instant spanStart(Appointment a) {
        return a.allDay() ? a.startDate().atStartOfDay(ZoneId.of(a.timeZone())).toInstant() : a.start();
    }

    /**
     * Where the appointment, or its series, ends on the time line: UNTIL plus the length, or the end
     * of the last of COUNT occurrences (expanded); null when a series is open.
     */
    static Instant spanEnd(Appointment a, RecurrenceRule rule) {
        ZoneId zone = ZoneId.of(a.timeZone());
        if (rule == null) {
            return a.allDay() ? a.endDate().atStartOfDay(zone).toInstant() : a.end();
        }
        if (a.allDay() && rule.untilDate() != null) {
            long days = ChronoUnit.DAYS.between(a.startDate(), a.endDate());
            return rule.untilDate().plusDays(days).atStartOfDay(zone).toInstant();
        }
        if (!a.allDay() && rule.untilInstant() != null) {
            return rule.untilInstant().plus(Duration.between(a.start(), a.end()));
        }
        return rule.count() == null ? null : Occurrences.countedEnd(a, rule.count());
    }

    private StaleVersionException stale(long id, long expected) {
        long now = store.find(id).map(Appointment::version).orElse(expected);
        return new StaleVersionException(LABEL, id, expected, now);
    }
}
