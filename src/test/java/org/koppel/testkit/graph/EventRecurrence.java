package org.koppel.testkit.graph;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * The fake's own expansion of a {@code patternedRecurrence} into occurrence dates, written from the
 * Graph pages rather than from RFC 5545 so that a client's translation is checked against something
 * independent: "recurrencePattern resource type" (https://learn.microsoft.com/graph/api/resources/recurrencepattern)
 * and "recurrenceRange resource type" (https://learn.microsoft.com/graph/api/resources/recurrencerange).
 *
 * <ul>
 * <li>daily: every {@code interval} days; weekly: the {@code daysOfWeek} of every {@code interval}-th
 * week, weeks starting on {@code firstDayOfWeek};</li>
 * <li>absoluteMonthly / absoluteYearly: {@code dayOfMonth} (of {@code month}); a month too short has
 * it on its last day, as Outlook's "day 31 of every month" does (not confirmed by the reference
 * pages; see the report);</li>
 * <li>relativeMonthly / relativeYearly: the {@code index}-th (first..fourth, last) of the days in
 * {@code daysOfWeek};</li>
 * <li>range endDate (inclusive), numbered ({@code numberOfOccurrences}) or noEnd, from {@code startDate}.</li>
 * </ul>
 */
final class EventRecurrence {

    private static final List<String> INDEXES = List.of("first", "second", "third", "fourth");

    private EventRecurrence() {
    }

    /** Why a recurrence cannot be taken, or null. */
    static String problem(JsonNode recurrence, LocalDate start) {
        if (recurrence == null || recurrence.isNull()) return null;
        JsonNode p = recurrence.path("pattern");
        JsonNode r = recurrence.path("range");
        String type = p.path("type").asString("");
        if (!List.of("daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly").contains(type)) {
            return "recurrence pattern type '" + type + "' is not valid";
        }
        if (p.path("interval").asInt(0) < 1) return "recurrence pattern interval must be 1 or more";
        if ((type.equals("weekly") || type.startsWith("relative")) && p.path("daysOfWeek").isEmpty()) {
            return "daysOfWeek is required for a " + type + " pattern";
        }
        if (type.startsWith("absolute") && (p.path("dayOfMonth").asInt(0) < 1 || p.path("dayOfMonth").asInt(0) > 31)) {
            return "dayOfMonth must be 1 to 31 for a " + type + " pattern";
        }
        if (type.endsWith("Yearly") && (p.path("month").asInt(0) < 1 || p.path("month").asInt(0) > 12)) {
            return "month must be 1 to 12 for a " + type + " pattern";
        }
        String rangeType = r.path("type").asString("");
        if (!List.of("endDate", "noEnd", "numbered").contains(rangeType)) return "recurrence range type '" + rangeType + "' is not valid";
        // recurrenceRange, startDate: "Must be the same value as the start property of the recurring event."
        if (!r.path("startDate").asString("").equals(start.toString())) {
            return "recurrence range startDate " + r.path("startDate").asString("") + " must be the event's start date " + start;
        }
        if (rangeType.equals("endDate") && r.path("endDate").asString("").isEmpty()) return "endDate is required for an endDate range";
        if (rangeType.equals("numbered") && r.path("numberOfOccurrences").asInt(0) < 1) return "numberOfOccurrences must be 1 or more";
        return null;
    }

    /** The occurrence dates up to {@code until} (inclusive), in order. */
    static List<LocalDate> dates(JsonNode recurrence, LocalDate until) {
        JsonNode p = recurrence.path("pattern");
        JsonNode r = recurrence.path("range");
        LocalDate start = LocalDate.parse(r.path("startDate").asString());
        LocalDate end = r.path("type").asString("").equals("endDate") ? LocalDate.parse(r.path("endDate").asString()) : null;
        int count = r.path("type").asString("").equals("numbered") ? r.path("numberOfOccurrences").asInt() : Integer.MAX_VALUE;
        LocalDate last = end != null && end.isBefore(until) ? end : until;
        int interval = p.path("interval").asInt(1);
        var days = new ArrayList<DayOfWeek>();
        for (JsonNode d : p.path("daysOfWeek")) days.add(DayOfWeek.valueOf(d.asString().toUpperCase(Locale.ROOT)));
        var out = new ArrayList<LocalDate>();
        String type = p.path("type").asString();
        for (int step = 0; out.size() < count && step < 100_000; step++) {
            List<LocalDate> candidates = switch (type) {
                case "daily" -> List.of(start.plusDays((long) step * interval));
                case "weekly" -> week(start, step * interval, days, firstDay(p));
                case "absoluteMonthly" -> List.of(dayOf(YearMonth.from(start).plusMonths((long) step * interval), p.path("dayOfMonth").asInt()));
                case "relativeMonthly" -> List.of(relative(YearMonth.from(start).plusMonths((long) step * interval), days, p.path("index").asString("first")));
                case "absoluteYearly" -> List.of(dayOf(YearMonth.of(start.getYear() + step * interval, p.path("month").asInt()), p.path("dayOfMonth").asInt()));
                case "relativeYearly" -> List.of(relative(YearMonth.of(start.getYear() + step * interval, p.path("month").asInt()), days,
                        p.path("index").asString("first")));
                default -> List.of();
            };
            if (candidates.isEmpty() || candidates.getFirst().isAfter(last)) break;
            for (LocalDate d : candidates) {
                if (!d.isBefore(start) && !d.isAfter(last) && out.size() < count) out.add(d);
            }
        }
        return out;
    }

    private static DayOfWeek firstDay(JsonNode pattern) {
        return DayOfWeek.valueOf(pattern.path("firstDayOfWeek").asString("sunday").toUpperCase(Locale.ROOT));
    }

    /** The pattern's days in the {@code weeks}-th week after the one holding {@code start}. */
    private static List<LocalDate> week(LocalDate start, int weeks, List<DayOfWeek> days, DayOfWeek firstDay) {
        LocalDate weekStart = start.with(TemporalAdjusters.previousOrSame(firstDay)).plusWeeks(weeks);
        var out = new ArrayList<LocalDate>();
        for (int i = 0; i < 7; i++) {
            LocalDate d = weekStart.plusDays(i);
            if (days.contains(d.getDayOfWeek())) out.add(d);
        }
        return out;
    }

    private static LocalDate dayOf(YearMonth month, int day) {
        return month.atDay(Math.min(day, month.lengthOfMonth()));
    }

    private static LocalDate relative(YearMonth month, List<DayOfWeek> days, String index) {
        var matching = new ArrayList<LocalDate>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            if (days.contains(month.atDay(d).getDayOfWeek())) matching.add(month.atDay(d));
        }
        if (index.equals("last")) return matching.getLast();
        return matching.get(Math.min(INDEXES.indexOf(index), matching.size() - 1));
    }
}
