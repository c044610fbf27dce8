package org.koppel.crm.agenda;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

import org.koppel.crm.Checks;
import org.koppel.crm.Limits;

/**
 * An appointment in an employee's agenda. A timed one has {@code start} and {@code end} (instants);
 * an all-day one has {@code startDate} and {@code endDate}, the end exclusive as iCalendar's DTEND
 * (one day: 3 to 4 December). Both keep {@code timeZone}, the IANA zone they were planned in, which
 * places an all-day appointment on the time line and keeps a series on local time across DST.
 * {@code id}, {@code version} and the timestamps are set by the store and ignored on input.
 *
 * @param reminderMinutes minutes before the start; null: no reminder
 * @param recurrence an RFC 5545 RRULE without the "RRULE:" prefix; null: a single appointment
 * @param exceptions starts of occurrences left out of a timed series (EXDATE)
 * @param exceptionDates dates of occurrences left out of an all-day series (EXDATE;VALUE=DATE)
 * @param occurrenceEdits occurrences of the series edited on their own
 */
public record Appointment(Long id, Long version, String subject, boolean allDay, Instant start, Instant end,
                          LocalDate startDate, LocalDate endDate, String timeZone, String location, String description,
                          Integer reminderMinutes, Visibility visibility, Long organiserId, List<Long> relationIds,
                          String recurrence, List<Instant> exceptions, List<LocalDate> exceptionDates,
                          List<OccurrenceEdit> occurrenceEdits, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    /** What someone who may not see a private appointment reads instead of its subject. */
    public static final String PRIVATE_SUBJECT = "Private appointment";
    /** Four weeks: Outlook offers at most two weeks, CalDAV clients about as much. */
    public static final int MAX_REMINDER_MINUTES = 4 * 7 * 24 * 60;

    public Appointment {
        relationIds = relationIds == null ? List.of() : new ArrayList<>(relationIds);
        exceptions = exceptions == null ? List.of() : new ArrayList<>(exceptions);
        exceptionDates = exceptionDates == null ? List.of() : new ArrayList<>(exceptionDates);
        occurrenceEdits = occurrenceEdits == null ? List.of() : new ArrayList<>(occurrenceEdits);
    }

    /** The same appointment with other occurrence edits. */
    public Appointment withOccurrenceEdits(List<OccurrenceEdit> edits) {
        return new Appointment(id, version, subject, allDay, start, end, startDate, endDate, timeZone, location,
                description, reminderMinutes, visibility, organiserId, relationIds, recurrence, exceptions,
                exceptionDates, edits, createdAt, updatedAt, deletedAt);
    }

    /** Text trimmed, blanks as null, the visibility defaulted, the rule without its prefix. */
    public Appointment cleaned() {
        return new Appointment(id, version, Checks.clean(subject), allDay, start, end, startDate, endDate,
                Checks.clean(timeZone), Checks.clean(location), Checks.clean(description), reminderMinutes,
                visibility == null ? Visibility.EVERYONE : visibility, organiserId, relationIds,
                RecurrenceRule.normal(Checks.clean(recurrence)), exceptions, exceptionDates, occurrenceEdits, createdAt,
                updatedAt, deletedAt);
    }

    /** Whether {@code employeeId} (an admin when {@code admin}) sees this appointment in full and may change it. */
    public boolean visibleTo(Long employeeId, boolean admin) {
        return visibility != Visibility.OWNER_ONLY || admin || Objects.equals(organiserId, employeeId);
    }

    /** The appointment as someone who may not see it reads it: its time only. */
    public Appointment timeOnly() {
        return new Appointment(id, version, PRIVATE_SUBJECT, allDay, start, end, startDate, endDate, timeZone, null,
                null, null, visibility, organiserId, List.of(), recurrence, exceptions, exceptionDates,
                occurrenceEdits.stream().map(e -> new OccurrenceEdit(e.occurrence(), e.start(), e.end(), null, null, null)).toList(),
                createdAt, updatedAt, deletedAt);
    }

    /**
     * Checks the fields that need no look-up; returns the recurrence rule when there is a valid one.
     * Organiser and relations are checked by the write path.
     */
    RecurrenceRule checkDetails(Checks checks) {
        checks.required("subject", subject).text("subject", subject, 500);
        checks.text("location", location, 500).text("description", description, 10_000);
        ZoneId zone = zone(checks);
        if (allDay) {
            if (start != null) checks.problem("start", "is for timed appointments; an all-day one has startDate");
            if (end != null) checks.problem("end", "is for timed appointments; an all-day one has endDate");
            checks.required("startDate", startDate).required("endDate", endDate);
            if (startDate != null && endDate != null && !endDate.isAfter(startDate)) {
                checks.problem("endDate", "must be after startDate: it is exclusive, as iCalendar's DTEND (a one-day appointment on "
                        + startDate + " ends " + startDate.plusDays(1) + ")");
            }
            year("startDate", startDate, checks);
            year("endDate", endDate, checks);
        } else {
            if (startDate != null) checks.problem("startDate", "is for all-day appointments; a timed one has start");
            if (endDate != null) checks.problem("endDate", "is for all-day appointments; a timed one has end");
            checks.required("start", start).required("end", end);
            if (start != null && end != null && end.isBefore(start)) checks.problem("end", "lies before start");
            if (start != null) year("start", start.atZone(zone == null ? ZoneId.of("UTC") : zone).toLocalDate(), checks);
            if (end != null) year("end", end.atZone(zone == null ? ZoneId.of("UTC") : zone).toLocalDate(), checks);
        }
        if (reminderMinutes != null && (reminderMinutes < 0 || reminderMinutes > MAX_REMINDER_MINUTES)) {
            checks.problem("reminderMinutes", "must be between 0 and " + MAX_REMINDER_MINUTES + " (four weeks)");
        }
        checks.required("organiserId", organiserId);
        RecurrenceRule rule = recurrence(checks);
        checkExceptions(checks, rule != null || recurrence != null);
        checkOccurrenceEdits(checks, rule != null || recurrence != null);
        return rule;
    }

    private ZoneId zone(Checks checks) {
        checks.required("timeZone", timeZone);
        if (timeZone == null) return null;
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            checks.problem("timeZone", "'" + Checks.abbreviated(timeZone) + "' is not an IANA time zone (like Europe/Amsterdam)");
            return null;
        }
        return ZoneId.of(timeZone);
    }

    private RecurrenceRule recurrence(Checks checks) {
        if (recurrence == null) return null;
        checks.text("recurrence", recurrence, RecurrenceRule.MAX_LENGTH);
        if (recurrence.length() > RecurrenceRule.MAX_LENGTH) return null;
        var parsed = RecurrenceRule.parse(recurrence, allDay);
        parsed.problems().forEach(p -> checks.problem("recurrence", p));
        RecurrenceRule rule = parsed.rule();
        if (rule != null && rule.untilInstant() != null && start != null && rule.untilInstant().isBefore(start)) {
            checks.problem("recurrence", "UNTIL lies before start");
        }
        if (rule != null && rule.untilDate() != null && startDate != null && rule.untilDate().isBefore(startDate)) {
            checks.problem("recurrence", "UNTIL lies before startDate");
        }
        return rule;
    }

    private void checkExceptions(Checks checks, boolean recurring) {
        if (!recurring && !exceptions.isEmpty()) checks.problem("exceptions", "are only for a recurring appointment");
        if (!recurring && !exceptionDates.isEmpty()) checks.problem("exceptionDates", "are only for a recurring appointment");
        if (allDay && !exceptions.isEmpty()) checks.problem("exceptions", "are for a timed series; an all-day one has exceptionDates");
        if (!allDay && !exceptionDates.isEmpty()) checks.problem("exceptionDates", "are for an all-day series; a timed one has exceptions");
        if (checks.size("exceptions", exceptions, Limits.APPOINTMENT_EXCEPTIONS)) {
            checkEach("exceptions", exceptions, start, checks);
        }
        if (checks.size("exceptionDates", exceptionDates, Limits.APPOINTMENT_EXCEPTIONS)) {
            checkEach("exceptionDates", exceptionDates, startDate, checks);
        }
    }

    private void checkOccurrenceEdits(Checks checks, boolean recurring) {
        if (!recurring && !occurrenceEdits.isEmpty()) checks.problem("occurrenceEdits", "are only for a recurring appointment");
        if (!checks.size("occurrenceEdits", occurrenceEdits, Limits.APPOINTMENT_EXCEPTIONS)) return;
        var seen = new HashMap<String, Integer>();
        for (int i = 0; i < occurrenceEdits.size(); i++) {
            String name = "occurrenceEdits[" + i + "]";
            OccurrenceEdit e = occurrenceEdits.get(i);
            if (e == null) {
                checks.problem(name, "must not be null");
                continue;
            }
            checks.required(name + ".occurrence", e.occurrence());
            moment(checks, name + ".occurrence", e.occurrence());
            moment(checks, name + ".start", e.start());
            moment(checks, name + ".end", e.end());
            checks.text(name + ".subject", e.subject(), 500).text(name + ".location", e.location(), 500)
                    .text(name + ".description", e.description(), 10_000);
            Integer earlier = e.occurrence() == null ? null : seen.putIfAbsent(e.occurrence(), i);
            if (earlier != null) checks.problem(name + ".occurrence", "is edited already (occurrenceEdits[" + earlier + "])");
        }
    }

    /** A moment of an edited occurrence: an instant for a timed series, a date for an all-day one. */
    private void moment(Checks checks, String field, String value) {
        if (value == null) return;
        try {
            if (allDay) LocalDate.parse(value);
            else Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            checks.problem(field, "'" + Checks.abbreviated(value) + "' is not " + (allDay
                    ? "a date (yyyy-mm-dd), as the series is all-day" : "an instant (like 2026-12-10T08:00:00Z), as the series is timed"));
        }
    }

    private static <T extends Comparable<? super T>> void checkEach(String field, List<T> values, T first, Checks checks) {
        var firstIndex = new HashMap<T, Integer>();
        for (int i = 0; i < values.size(); i++) {
            T value = values.get(i);
            String name = field + "[" + i + "]";
            Integer earlier = value == null ? null : firstIndex.putIfAbsent(value, i);
            if (value == null) checks.problem(name, "must not be null");
            else if (earlier != null) checks.problem(name, value + " is listed already (" + field + "[" + earlier + "])");
            else if (first != null && value.compareTo(first) < 0) checks.problem(name, value + " lies before the first occurrence");
        }
    }

    /** Years a calendar peer can hold; a typo like 20266 would otherwise be stored. */
    private static void year(String field, LocalDate date, Checks checks) {
        if (date != null && (date.getYear() < 1900 || date.getYear() > 2200)) {
            checks.problem(field, "lies outside the years 1900 to 2200");
        }
    }
}
