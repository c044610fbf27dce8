package org.koppel.web.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.koppel.crm.agenda.Appointment;

/**
 * An appointment as a page lists it: its times in its own time zone (the zone it was planned in),
 * and whether the viewer reads only its time ({@code private}: the service gave "Private appointment").
 */
record AgendaEntry(long id, String subject, String when, String timeZone, String location, String organiser,
                   boolean hidden, boolean allDay, String recurrence) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** The appointment as a whole: its first and last day or moment. */
    static AgendaEntry of(Appointment a, String organiser, boolean hidden) {
        return new AgendaEntry(a.id(), a.subject(), whole(a), a.timeZone(), a.location(), organiser, hidden, a.allDay(),
                a.recurrence());
    }

    /** The appointment on one of the days it covers: what of that day it takes. */
    static AgendaEntry onDay(Appointment a, LocalDate day, String organiser, boolean hidden) {
        return new AgendaEntry(a.id(), a.subject(), partOf(a, day), a.timeZone(), a.location(), organiser, hidden,
                a.allDay(), a.recurrence());
    }

    /** The first day the appointment covers, in its own zone. */
    static LocalDate firstDay(Appointment a) {
        return a.allDay() ? a.startDate() : local(a.start(), a).toLocalDate();
    }

    /**
     * The last day the appointment covers, in its own zone: an all-day end is exclusive, and a
     * timed one ending at midnight does not take the next day (a zero-length one keeps its day).
     */
    static LocalDate lastDay(Appointment a) {
        if (a.allDay()) return a.endDate().minusDays(1);
        LocalDateTime end = local(a.end(), a);
        boolean atMidnight = end.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) && a.end().isAfter(a.start());
        return atMidnight ? end.toLocalDate().minusDays(1) : end.toLocalDate();
    }

    private static String whole(Appointment a) {
        if (a.allDay()) {
            LocalDate last = a.endDate().minusDays(1);
            return last.equals(a.startDate()) ? DAY.format(a.startDate()) + ", all day"
                    : DAY.format(a.startDate()) + " – " + DAY.format(last) + ", all day";
        }
        LocalDateTime start = local(a.start(), a);
        LocalDateTime end = local(a.end(), a);
        return start.toLocalDate().equals(end.toLocalDate())
                ? DAY_TIME.format(start) + "–" + TIME.format(end)
                : DAY_TIME.format(start) + " – " + DAY_TIME.format(end);
    }

    private static String partOf(Appointment a, LocalDate day) {
        if (a.allDay()) return "All day";
        LocalDateTime start = local(a.start(), a);
        LocalDateTime end = local(a.end(), a);
        boolean first = start.toLocalDate().equals(day);
        boolean last = lastDay(a).equals(day);
        if (first && last) return TIME.format(start) + "–" + TIME.format(end);
        if (first) return "From " + TIME.format(start);
        if (last) return "Until " + TIME.format(end);
        return "All day";
    }

    private static LocalDateTime local(Instant at, Appointment a) {
        return LocalDateTime.ofInstant(at, zone(a));
    }

    private static ZoneId zone(Appointment a) {
        return ZoneId.of(a.timeZone());
    }
}
