package org.koppel.connector.graph;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.koppel.connector.WindowsZones;
import org.koppel.crm.agenda.RecurrenceRule;

import net.fortuna.ical4j.model.Recur;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Graph's {@code patternedRecurrence} (a pattern and a range) to an RFC 5545 RRULE and back. Shapes
 * from "patternedRecurrence resource type" (https://learn.microsoft.com/graph/api/resources/patternedrecurrence),
 * "recurrencePattern resource type" (https://learn.microsoft.com/graph/api/resources/recurrencepattern:
 * daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly, relativeYearly; {@code index}
 * first..fourth or last) and "recurrenceRange resource type"
 * (https://learn.microsoft.com/graph/api/resources/recurrencerange: endDate, noEnd, numbered).
 *
 * <p>The RRULE is written in one order (FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT or UNTIL,
 * WKST), parts that repeat the series' start left out (a weekly series on its start's weekday has no
 * BYDAY), INTERVAL only above 1 and WKST only where it matters (weekly, INTERVAL above 1, a week not
 * starting on Monday, RFC 5545's default), so a rule read back from Outlook is the rule written.
 * UNTIL of a timed series is the start of its last possible occurrence, in UTC; of an all-day series,
 * the date.
 */
final class GraphRecurrence {

    private static final DateTimeFormatter UNTIL_INSTANT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UNTIL_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final List<String> INDEXES = List.of("first", "second", "third", "fourth");
    /**
     * Outlook keeps a day that a month lacks on the month's last day (the 31st of every month falls on
     * 30 April); an RRULE leaves such months out (RFC 5545 3.3.10: invalid dates are ignored). Neither
     * side can hold the other's meaning, so such series are not synced.
     */
    private static final String SHORT_MONTHS = "an Outlook series on %s falls on the last day of shorter months, "
            + "which no RRULE Koppel keeps says";

    /** A rule one side cannot hold; the message says why, for a person. */
    static final class Unmappable extends Exception {
        Unmappable(String message) {
            super(message, null, false, false);
        }
    }

    private GraphRecurrence() {
    }

    /**
     * The RRULE of an event's recurrence.
     *
     * @param start the series' first start, local in its zone (for an all-day one, its date at midnight)
     */
    static String toRule(JsonNode recurrence, LocalDateTime start, ZoneId zone, boolean allDay) throws Unmappable {
        JsonNode p = recurrence.path("pattern");
        JsonNode range = recurrence.path("range");
        String type = p.path("type").asString("");
        int interval = Math.max(1, p.path("interval").asInt(1));
        var parts = new LinkedHashMap<String, String>();
        List<String> days = new ArrayList<>();
        for (JsonNode d : p.path("daysOfWeek")) days.add(day(d.asString("")));
        days = days.stream().distinct().sorted(java.util.Comparator.comparing(d -> List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU").indexOf(d))).toList();
        int month = p.path("month").asInt(0);
        int dayOfMonth = p.path("dayOfMonth").asInt(0);
        LocalDate first = start.toLocalDate();
        switch (type) {
            case "daily" -> parts.put("FREQ", "DAILY");
            case "weekly" -> {
                parts.put("FREQ", "WEEKLY");
                if (days.isEmpty()) throw new Unmappable("a weekly Outlook series without days of the week");
                if (!(days.size() == 1 && days.getFirst().equals(day(first.getDayOfWeek())))) parts.put("BYDAY", String.join(",", days));
            }
            case "absoluteMonthly" -> {
                if (dayOfMonth > 28) throw new Unmappable(SHORT_MONTHS.formatted("day " + dayOfMonth + " of every month"));
                parts.put("FREQ", "MONTHLY");
                if (dayOfMonth != first.getDayOfMonth()) parts.put("BYMONTHDAY", Integer.toString(dayOfMonth));
            }
            case "relativeMonthly", "relativeYearly" -> {
                parts.put("FREQ", type.equals("relativeMonthly") ? "MONTHLY" : "YEARLY");
                if (days.size() != 1) {
                    throw new Unmappable("an Outlook series on the " + p.path("index").asString("first") + " of several weekdays ("
                            + String.join(",", days) + ") has no RRULE Koppel keeps (it would need BYSETPOS)");
                }
                parts.put("BYDAY", ordinal(p.path("index").asString("first")) + days.getFirst());
                if (type.equals("relativeYearly")) parts.put("BYMONTH", Integer.toString(month));
            }
            case "absoluteYearly" -> {
                if (month == 2 && dayOfMonth == 29) throw new Unmappable(SHORT_MONTHS.formatted("29 February of every year"));
                parts.put("FREQ", "YEARLY");
                if (month != first.getMonthValue() || dayOfMonth != first.getDayOfMonth()) {
                    parts.put("BYMONTHDAY", Integer.toString(dayOfMonth));
                    parts.put("BYMONTH", Integer.toString(month));
                }
            }
            default -> throw new Unmappable("Outlook recurrence pattern '" + type + "' is unknown to Koppel");
        }
        if (interval > 1) {
            var withInterval = new LinkedHashMap<String, String>();
            withInterval.put("FREQ", parts.remove("FREQ"));
            withInterval.put("INTERVAL", Integer.toString(interval));
            withInterval.putAll(parts);
            parts = withInterval;
        }
        switch (range.path("type").asString("noEnd")) {
            case "numbered" -> parts.put("COUNT", Integer.toString(Math.max(1, range.path("numberOfOccurrences").asInt(1))));
            case "endDate" -> {
                LocalDate end = LocalDate.parse(range.path("endDate").asString());
                parts.put("UNTIL", allDay ? UNTIL_DATE.format(end)
                        : UNTIL_INSTANT.format(end.atTime(start.toLocalTime()).atZone(zone).toInstant()));
            }
            default -> {
            }
        }
        String wkst = day(p.path("firstDayOfWeek").asString("sunday"));
        if (type.equals("weekly") && interval > 1 && !wkst.equals("MO")) parts.put("WKST", wkst);
        var text = new ArrayList<String>();
        parts.forEach((k, v) -> text.add(k + "=" + v));
        return String.join(";", text);
    }

    /**
     * The {@code patternedRecurrence} of a rule for a series starting at {@code start} (local), or
     * why Outlook cannot hold it.
     */
    static ObjectNode toGraph(String rule, LocalDateTime start, ZoneId zone, boolean allDay) throws Unmappable {
        String text = RecurrenceRule.normal(rule);
        RecurrenceRule.Parsed parsed = RecurrenceRule.parse(text, allDay);
        if (!parsed.problems().isEmpty()) throw new Unmappable("the recurrence " + text + " is not valid: " + String.join("; ", parsed.problems()));
        var parts = new LinkedHashMap<String, String>();
        for (String part : text.split(";")) parts.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
        ObjectNode recurrence = JsonNodeFactory.instance.objectNode();
        ObjectNode p = recurrence.putObject("pattern");
        LocalDate first = start.toLocalDate();
        int interval = parts.containsKey("INTERVAL") ? Integer.parseInt(parts.get("INTERVAL")) : 1;
        String freq = parts.get("FREQ");
        String byDay = parts.get("BYDAY");
        String byMonthDay = parts.get("BYMONTHDAY");
        String byMonth = parts.get("BYMONTH");
        p.put("interval", interval);
        p.put("month", 0);
        p.put("dayOfMonth", 0);
        p.put("firstDayOfWeek", dayName(parts.getOrDefault("WKST", "MO")));
        p.put("index", "first");
        ArrayNode days = p.putArray("daysOfWeek");
        switch (freq) {
            case "DAILY" -> {
                refuse(byDay != null || byMonthDay != null || byMonth != null, text, "Outlook's daily series has no BYDAY, BYMONTHDAY or BYMONTH");
                p.put("type", "daily");
            }
            case "WEEKLY" -> {
                refuse(byMonthDay != null || byMonth != null, text, "Outlook's weekly series has no BYMONTHDAY or BYMONTH");
                p.put("type", "weekly");
                if (byDay == null) days.add(dayName(day(first.getDayOfWeek())));
                else for (String d : byDay.split(",")) {
                    refuse(!d.matches("[A-Z]{2}"), text, "Outlook's weekly series takes plain weekdays");
                    days.add(dayName(d));
                }
            }
            case "MONTHLY", "YEARLY" -> {
                boolean yearly = freq.equals("YEARLY");
                refuse(!yearly && byMonth != null, text, "Outlook's monthly series has no BYMONTH");
                refuse(byMonth != null && byMonth.contains(","), text, "Outlook's yearly series falls in one month");
                refuse(byDay != null && byMonthDay != null, text, "Outlook takes a day of the month or a weekday, not both");
                if (yearly) p.put("month", byMonth == null ? first.getMonthValue() : Integer.parseInt(byMonth));
                if (byDay != null) {
                    var m = java.util.regex.Pattern.compile("([+-]?\\d{1,2})([A-Z]{2})").matcher(byDay);
                    refuse(!m.matches(), text, "Outlook's " + (yearly ? "yearly" : "monthly")
                            + " series on a weekday takes one numbered weekday (1MO..4MO or -1MO)");
                    int n = Integer.parseInt(m.group(1));
                    refuse(!(n >= 1 && n <= 4) && n != -1, text, "Outlook numbers weekdays first to fourth or last only");
                    p.put("type", yearly ? "relativeYearly" : "relativeMonthly");
                    p.put("index", n == -1 ? "last" : INDEXES.get(n - 1));
                    days.add(dayName(m.group(2)));
                } else {
                    refuse(byMonthDay != null && (byMonthDay.contains(",") || byMonthDay.startsWith("-")), text,
                            "Outlook takes one day of the month, counted from its start");
                    p.put("type", yearly ? "absoluteYearly" : "absoluteMonthly");
                    int day = byMonthDay == null ? first.getDayOfMonth() : Integer.parseInt(byMonthDay);
                    refuse(!yearly && day > 28, text, "Outlook moves day " + day + " to the last day of shorter months, "
                            + "where this rule leaves those months out");
                    refuse(yearly && day == 29 && p.path("month").asInt() == 2, text, "Outlook moves 29 February to the 28th "
                            + "in other years, where this rule leaves those years out");
                    p.put("dayOfMonth", day);
                }
            }
            default -> throw new Unmappable("FREQ=" + freq + " has no Outlook pattern");
        }
        ObjectNode range = recurrence.putObject("range");
        range.put("startDate", first.toString());
        range.put("recurrenceTimeZone", WindowsZones.windows(zone.getId()));
        if (parts.containsKey("COUNT")) {
            range.put("type", "numbered");
            range.put("numberOfOccurrences", Integer.parseInt(parts.get("COUNT")));
        } else if (parts.containsKey("UNTIL")) {
            range.put("type", "endDate");
            range.put("endDate", lastDate(parts.get("UNTIL"), start, zone, allDay).toString());
        } else {
            range.put("type", "noEnd");
        }
        return recurrence;
    }

    /**
     * Starts of a series' occurrences within {@code [from, to)}, as ical4j's {@link Recur} expands the
     * rule in the series' zone (at most {@code most}); dates at midnight of the zone for an all-day one.
     */
    static List<Instant> starts(String rule, LocalDateTime start, ZoneId zone, boolean allDay, Instant from, Instant to, int most) {
        var result = new ArrayList<Instant>();
        if (allDay) {
            LocalDate seed = start.toLocalDate();
            for (LocalDate d : new Recur<LocalDate>(rule).getDates(seed, from.atZone(zone).toLocalDate().minusDays(1),
                    to.atZone(zone).toLocalDate().plusDays(1), most)) {
                Instant at = d.atStartOfDay(zone).toInstant();
                if (!at.isBefore(from) && at.isBefore(to)) result.add(at);
            }
        } else {
            ZonedDateTime seed = start.atZone(zone);
            for (ZonedDateTime z : new Recur<ZonedDateTime>(rule).getDates(seed, from.atZone(zone), to.atZone(zone), most)) {
                Instant at = z.toInstant();
                if (!at.isBefore(from) && at.isBefore(to)) result.add(at);
            }
        }
        return result;
    }

    /** The date of the last occurrence UNTIL allows: a timed one starting after UNTIL's local time falls the day before. */
    private static LocalDate lastDate(String until, LocalDateTime start, ZoneId zone, boolean allDay) {
        if (allDay || until.length() == 8) return LocalDate.parse(until.substring(0, 8), UNTIL_DATE);
        ZonedDateTime u = LocalDateTime.parse(until.substring(0, 15), DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss"))
                .atZone(ZoneOffset.UTC).withZoneSameInstant(zone);
        LocalTime at = start.toLocalTime();
        return u.toLocalTime().isBefore(at) ? u.toLocalDate().minusDays(1) : u.toLocalDate();
    }

    private static void refuse(boolean condition, String rule, String reason) throws Unmappable {
        if (condition) throw new Unmappable("Outlook cannot hold the recurrence " + rule + ": " + reason);
    }

    private static String ordinal(String index) {
        int i = INDEXES.indexOf(index.toLowerCase(Locale.ROOT));
        return i >= 0 ? Integer.toString(i + 1) : "-1";
    }

    private static String day(DayOfWeek d) {
        return d.name().substring(0, 2);
    }

    /** "monday" to "MO". */
    private static String day(String graphName) {
        try {
            return day(DayOfWeek.valueOf(graphName.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return "MO";
        }
    }

    private static final Map<String, String> NAMES = Map.of("MO", "monday", "TU", "tuesday", "WE", "wednesday",
            "TH", "thursday", "FR", "friday", "SA", "saturday", "SU", "sunday");

    /** "MO" to "monday". */
    private static String dayName(String rfcDay) {
        return NAMES.getOrDefault(rfcDay, "monday");
    }
}
