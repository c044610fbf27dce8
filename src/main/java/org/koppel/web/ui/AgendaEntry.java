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

    /**
     * The words and date formats of a list in one language: {@code from}, {@code until} and
     * {@code wholeAllDay} are message patterns with the time or day as {0}.
     */
    record Words(Locale locale, String allDay, String from, String until, String wholeAllDay) {

        DateTimeFormatter time() {
            return DateTimeFormatter.ofPattern("HH:mm", locale);
        }

        DateTimeFormatter day() {
            return DateTimeFormatter.ofPattern("EEE d MMM yyyy", locale);
        }

        DateTimeFormatter dayTime() {
            return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale);
        }

        String format(String pattern, String value) {
            return new java.text.MessageFormat(pattern, locale).format(new Object[] {value});
        }
    }

    /** The appointment as a whole: its first and last day or moment. */
    static AgendaEntry of(Appointment a, String organiser, boolean hidden, Words words) {
        return new AgendaEntry(a.id(), a.subject(), whole(a, words), a.timeZone(), a.location(), organiser, hidden, a.allDay(),
                a.recurrence());
    }

    /** The appointment on one of the days it covers: what of that day it takes. */
    static AgendaEntry onDay(Appointment a, LocalDate day, String organiser, boolean hidden, Words words) {
        return new AgendaEntry(a.id(), a.subject(), partOf(a, day, words), a.timeZone(), a.location(), organiser, hidden,
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

    private static String whole(Appointment a, Words words) {
        if (a.allDay()) {
            LocalDate last = a.endDate().minusDays(1);
            String days = last.equals(a.startDate()) ? words.day().format(a.startDate())
                    : words.day().format(a.startDate()) + " – " + words.day().format(last);
            return words.format(words.wholeAllDay(), days);
        }
        LocalDateTime start = local(a.start(), a);
        LocalDateTime end = local(a.end(), a);
        return start.toLocalDate().equals(end.toLocalDate())
                ? words.dayTime().format(start) + "–" + words.time().format(end)
                : words.dayTime().format(start) + " – " + words.dayTime().format(end);
    }

    private static String partOf(Appointment a, LocalDate day, Words words) {
        if (a.allDay()) return words.allDay();
        LocalDateTime start = local(a.start(), a);
        LocalDateTime end = local(a.end(), a);
        boolean first = start.toLocalDate().equals(day);
        boolean last = lastDay(a).equals(day);
        if (first && last) return words.time().format(start) + "–" + words.time().format(end);
        if (first) return words.format(words.from(), words.time().format(start));
        if (last) return words.format(words.until(), words.time().format(end));
        return words.allDay();
    }

    private static LocalDateTime local(Instant at, Appointment a) {
        return LocalDateTime.ofInstant(at, zone(a));
    }

    private static ZoneId zone(Appointment a) {
        return ZoneId.of(a.timeZone());
    }
}
