package org.koppel.crm.agenda;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import net.fortuna.ical4j.model.Recur;

/**
 * The occurrences of an appointment within a window, expanded by ical4j's {@link Recur} (RFC 5545).
 * A timed series is expanded in its own IANA zone, so 09:00 stays 09:00 local across a DST change;
 * an all-day series as dates. Left-out occurrences (EXDATE) are dropped, COUNT and UNTIL honoured.
 * The rule was read by {@link RecurrenceRule} on the way in: only that subset is ever expanded here.
 * A start that does not match the rule is not an occurrence of its own (RFC 5545 leaves that
 * undefined; Outlook and ical4j's Recur agree on leaving it out), and COUNT counts matching starts.
 */
public final class Occurrences {

    /** A DAILY rule over a wide window must not burn CPU: more than this per call is cut off. */
    public static final int MOST = 1_000;

    private Occurrences() {
    }

    /**
     * The occurrences overlapping {@code [from, to)}, first first, at most {@link #MOST}: like the API's
     * window, one ending exactly at {@code from} is outside, a zero-length one starting at it inside. A
     * single appointment gives itself when it overlaps.
     */
    public static List<Occurrence> within(Appointment a, Instant from, Instant to) {
        if (!from.isBefore(to)) return List.of();
        if (a.recurrence() == null) {
            Occurrence only = a.allDay() ? Occurrence.ofDates(a.startDate(), a.endDate(), zone(a))
                    : new Occurrence(a.start(), a.end(), null, null, null);
            return only.overlaps(from, to) ? List.of(only) : List.of();
        }
        return a.allDay() ? dates(a, from, to) : timed(a, from, to);
    }

    /**
     * Where a series with COUNT ends: the end of its last occurrence that is not left out (the start's
     * end when all are); null when its last lies more than a thousand years ahead (a rare YEARLY one
     * with a long INTERVAL), so the span stays open rather than wrong. COUNT is at most 999, under the cap.
     */
    public static Instant countedEnd(Appointment a, int count) {
        ZoneId zone = zone(a);
        if (a.allDay()) {
            long days = ChronoUnit.DAYS.between(a.startDate(), a.endDate());
            List<LocalDate> starts = new Recur<LocalDate>(a.recurrence()).getDates(a.startDate(), a.startDate(),
                    a.startDate().plusYears(1000), count);
            if (starts.size() < count) return null;
            LocalDate last = starts.reversed().stream().filter(d -> !a.exceptionDates().contains(d)).findFirst()
                    .orElse(a.startDate());
            return last.plusDays(days).atStartOfDay(zone).toInstant();
        }
        ZonedDateTime seed = a.start().atZone(zone);
        List<ZonedDateTime> starts = new Recur<ZonedDateTime>(a.recurrence()).getDates(seed, seed, seed.plusYears(1000), count);
        if (starts.size() < count) return null;
        Instant last = starts.reversed().stream().map(Occurrences::onTimeLine).filter(i -> !a.exceptions().contains(i))
                .findFirst().orElse(a.start());
        return last.plus(Duration.between(a.start(), a.end()));
    }

    private static List<Occurrence> timed(Appointment a, Instant from, Instant to) {
        ZoneId zone = zone(a);
        Duration length = Duration.between(a.start(), a.end());
        ZonedDateTime seed = a.start().atZone(zone);
        var left = new HashSet<>(a.exceptions());
        // Widened by the length, so an occurrence begun before the window and still running is found.
        List<ZonedDateTime> starts = new Recur<ZonedDateTime>(a.recurrence()).getDates(seed,
                from.minus(length).atZone(zone), to.atZone(zone), MOST + left.size());
        var found = new ArrayList<Occurrence>();
        for (ZonedDateTime start : starts) {
            Instant at = onTimeLine(start);
            if (left.contains(at)) continue;
            var occurrence = moved(a, new Occurrence(at, at.plus(length), null, null, at.toString()));
            if (occurrence.overlaps(from, to)) found.add(occurrence);
            if (found.size() == MOST) break;
        }
        return found;
    }

    /**
     * A start on the time line as RFC 5545 (3.3.5) reads a local time: one that occurs twice (the
     * autumn hour) is the first of the two. Recur steps keep the seed's offset where it is valid, so a
     * series begun in winter would otherwise land an hour late on the day clocks go back.
     */
    private static Instant onTimeLine(ZonedDateTime start) {
        return start.toLocalDateTime().atZone(start.getZone()).toInstant();
    }

    private static List<Occurrence> dates(Appointment a, Instant from, Instant to) {
        ZoneId zone = zone(a);
        long days = ChronoUnit.DAYS.between(a.startDate(), a.endDate());
        var left = new HashSet<>(a.exceptionDates());
        List<LocalDate> starts = new Recur<LocalDate>(a.recurrence()).getDates(a.startDate(),
                from.atZone(zone).toLocalDate().minusDays(days), to.atZone(zone).toLocalDate(), MOST + left.size());
        var found = new ArrayList<Occurrence>();
        for (LocalDate start : starts) {
            if (left.contains(start)) continue;
            var occurrence = moved(a, Occurrence.ofDates(start, start.plusDays(days), zone));
            if (occurrence.overlaps(from, to)) found.add(occurrence);
            if (found.size() == MOST) break;
        }
        return found;
    }

    /** An occurrence edited to another time takes place there (a moved occurrence outside the window is not found). */
    private static Occurrence moved(Appointment series, Occurrence o) {
        OccurrenceEdit edit = o.editIn(series);
        if (edit == null || edit.start() == null) return o;
        if (series.allDay()) {
            LocalDate first = LocalDate.parse(edit.start());
            LocalDate end = edit.end() != null ? LocalDate.parse(edit.end()) : first.plusDays(ChronoUnit.DAYS.between(o.startDate(), o.endDate()));
            return new Occurrence(first.atStartOfDay(zone(series)).toInstant(), end.atStartOfDay(zone(series)).toInstant(),
                    first, end, o.key());
        }
        Instant start = Instant.parse(edit.start());
        Instant end = edit.end() != null ? Instant.parse(edit.end()) : start.plus(Duration.between(o.start(), o.end()));
        return new Occurrence(start, end, null, null, o.key());
    }

    private static ZoneId zone(Appointment a) {
        return ZoneId.of(a.timeZone());
    }

    /**
     * One occurrence: {@code start}/{@code end} on the time line (an all-day one from midnight to
     * midnight in the series' zone), and for an all-day one its dates, the end exclusive. {@code key}
     * is the start it has in the series, in {@link OccurrenceEdit#occurrence()} form (null for a single
     * appointment): an edit of the occurrence is found by it, also after it moved.
     */
    public record Occurrence(Instant start, Instant end, LocalDate startDate, LocalDate endDate, String key) {

        static Occurrence ofDates(LocalDate startDate, LocalDate endDate, ZoneId zone) {
            return new Occurrence(startDate.atStartOfDay(zone).toInstant(), endDate.atStartOfDay(zone).toInstant(),
                    startDate, endDate, startDate.toString());
        }

        OccurrenceEdit editIn(Appointment series) {
            if (key == null) return null;
            return series.occurrenceEdits().stream().filter(e -> key.equals(e.occurrence())).findFirst().orElse(null);
        }

        /** As the API's window: starts before {@code to}, and ends after {@code from} or starts at or after it. */
        boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && (end.isAfter(from) || !start.isBefore(from));
        }

        /**
         * The series as this one occurrence: its times, its own subject, location and description where
         * it was edited, everything else (the rule too) of the series.
         */
        public Appointment of(Appointment series) {
            OccurrenceEdit edit = editIn(series);
            String subject = edit != null && edit.subject() != null ? edit.subject() : series.subject();
            String location = edit != null && edit.location() != null ? edit.location() : series.location();
            String description = edit != null && edit.description() != null ? edit.description() : series.description();
            return new Appointment(series.id(), series.version(), subject, series.allDay(),
                    series.allDay() ? null : start, series.allDay() ? null : end, startDate, endDate,
                    series.timeZone(), location, description, series.reminderMinutes(),
                    series.visibility(), series.organiserId(), series.relationIds(), series.recurrence(),
                    series.exceptions(), series.exceptionDates(), series.occurrenceEdits(), series.createdAt(),
                    series.updatedAt(), series.deletedAt());
        }
    }
}
