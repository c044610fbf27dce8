package org.koppel.web.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.crm.Checks;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Visibility;

/**
 * The edit form of an appointment. Times are typed as local date-times in the appointment's time
 * zone; an all-day appointment is typed with its first and last day ({@code endDate} here is the last day; the stored one is the
 * day after, as iCalendar's). Dates, numbers and relation ids stay text so what could not be read
 * comes back as typed, with its reason, beside the write path's own problems.
 */
public record AppointmentForm(Long version, String subject, Boolean allDay, String start, String end,
                              String startDate, String endDate, String timeZone, String location,
                              String description, String reminderMinutes, Visibility visibility, Long organiserId,
                              String relationIds, String recurrence) {

    static final Set<String> INPUTS = Set.of("subject", "allDay", "start", "end", "startDate", "endDate", "timeZone",
            "location", "description", "reminderMinutes", "visibility", "organiserId", "relationIds", "recurrence");
    static final String DEFAULT_ZONE = "Europe/Amsterdam";

    static AppointmentForm blank(long organiserId, Long relationId) {
        return new AppointmentForm(null, null, false, null, null, null, null, DEFAULT_ZONE, null, null, null,
                Visibility.EVERYONE, organiserId, relationId == null ? null : relationId.toString(), null);
    }

    static AppointmentForm of(Appointment a) {
        ZoneId zone = ZoneId.of(a.timeZone());
        return new AppointmentForm(a.version(), a.subject(), a.allDay(),
                a.start() == null ? null : LocalDateTime.ofInstant(a.start(), zone).toString(),
                a.end() == null ? null : LocalDateTime.ofInstant(a.end(), zone).toString(),
                a.startDate() == null ? null : a.startDate().toString(),
                a.endDate() == null ? null : a.endDate().minusDays(1).toString(), a.timeZone(), a.location(),
                a.description(), a.reminderMinutes() == null ? null : a.reminderMinutes().toString(), a.visibility(),
                a.organiserId(), a.relationIds().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                a.recurrence());
    }

    /**
     * The appointment these inputs describe; what could not be read goes to {@code unreadable}.
     * Exceptions of a series are not on the form and are kept from {@code current}.
     */
    Appointment toAppointment(Appointment current, List<FieldProblem> unreadable) {
        boolean whole = Boolean.TRUE.equals(allDay);
        ZoneId zone = zoneOrUtc();
        Instant from = whole ? null : instant("start", start, zone, unreadable);
        Instant to = whole ? null : instant("end", end, zone, unreadable);
        LocalDate first = whole ? date("startDate", startDate, unreadable) : null;
        LocalDate last = whole ? date("endDate", endDate, unreadable) : null;
        return new Appointment(current == null ? null : current.id(), version, subject, whole, from, to, first,
                endDate(first, last, unreadable), timeZone, location, description,
                minutes(unreadable), visibility, organiserId, ids(unreadable), recurrence,
                current == null ? List.of() : current.exceptions(),
                current == null ? List.of() : current.exceptionDates(), current == null ? List.of() : current.occurrenceEdits(), null, null, null);
    }

    /**
     * The stored, exclusive end from the last day typed. A last day before the first is said in
     * the form's own terms; the write path would explain its exclusive end date instead.
     */
    private static LocalDate endDate(LocalDate first, LocalDate last, List<FieldProblem> unreadable) {
        if (last == null) return null;
        if (first != null && last.isBefore(first)) {
            unreadable.add(new FieldProblem("endDate", "the last day lies before the first day"));
            return first.plusDays(1);
        }
        return last.plusDays(1);
    }

    private ZoneId zoneOrUtc() {
        String zone = Checks.clean(timeZone);
        return zone != null && ZoneId.getAvailableZoneIds().contains(zone) ? ZoneId.of(zone) : ZoneId.of("UTC");
    }

    private static Instant instant(String field, String text, ZoneId zone, List<FieldProblem> unreadable) {
        return FormValues.read(field, text, value -> LocalDateTime.parse(value).atZone(zone).toInstant(),
                "is not a date and time; use year-month-day and hours:minutes, such as 2026-12-07T09:30", unreadable);
    }

    private static LocalDate date(String field, String text, List<FieldProblem> unreadable) {
        return FormValues.read(field, text, LocalDate::parse, FormValues.DATE, unreadable);
    }

    private Integer minutes(List<FieldProblem> unreadable) {
        return FormValues.read("reminderMinutes", reminderMinutes, Integer::valueOf, "is not a number of minutes", unreadable);
    }

    private List<Long> ids(List<FieldProblem> unreadable) {
        String value = Checks.clean(relationIds);
        var ids = new ArrayList<Long>();
        if (value == null) return ids;
        for (String part : value.split("[,\\s]+")) {
            Long id = FormValues.read("relationIds", part, Long::valueOf, "is not a relation id", unreadable);
            if (id != null) ids.add(id);
        }
        return ids;
    }
}
