package org.koppel.crm.agenda;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 5545 RRULE, read strictly. Only the parts both CalDAV clients and Microsoft Graph's
 * recurrence patterns can express are taken (FREQ DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT,
 * UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST): a rule Koppel stores must survive a trip to every peer.
 * This stays the gate of that subset; {@link Occurrences} expands only rules read here, with ical4j.
 *
 * @param untilDate UNTIL of an all-day series (a DATE); {@code untilInstant} that of a timed one (UTC)
 */
public record RecurrenceRule(String text, String frequency, Integer count, LocalDate untilDate, Instant untilInstant) {

    public static final int MAX_LENGTH = 500;
    private static final Set<String> FREQUENCIES = Set.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY");
    private static final Set<String> DAYS = Set.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");
    private static final Pattern BYDAY = Pattern.compile("([+-]?)(\\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d{1,4}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

    /** The rule as stored: without an "RRULE:" prefix, upper case. */
    public static String normal(String text) {
        if (text == null) return null;
        String rule = text.strip().toUpperCase(Locale.ROOT);
        return rule.startsWith("RRULE:") ? rule.substring(6) : rule;
    }

    /**
     * Reads a rule; returns the reasons it is refused, empty when it is valid.
     *
     * @param allDay whether the series is all-day: UNTIL is then a DATE, else a UTC DATE-TIME (RFC 5545 3.3.10)
     */
    public static Parsed parse(String text, boolean allDay) {
        var problems = new ArrayList<String>();
        String frequency = null;
        Integer count = null;
        LocalDate untilDate = null;
        Instant untilInstant = null;
        boolean ordinalDays = false;
        var seen = new HashSet<String>();
        for (String part : text.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                problems.add("'" + abbreviated(part) + "' is not NAME=VALUE");
                continue;
            }
            String name = part.substring(0, eq);
            String value = part.substring(eq + 1);
            if (!seen.add(name)) {
                problems.add(name + " is given twice");
                continue;
            }
            switch (name) {
                case "FREQ" -> {
                    if (FREQUENCIES.contains(value)) frequency = value;
                    else problems.add("FREQ " + abbreviated(value) + " is not supported (one of DAILY, WEEKLY, MONTHLY, YEARLY)");
                }
                case "INTERVAL" -> number(value, 1, 999, "INTERVAL", problems);
                case "COUNT" -> count = number(value, 1, 999, "COUNT", problems);
                case "UNTIL" -> {
                    try {
                        if (allDay) {
                            untilDate = LocalDate.parse(value, DATE);
                        } else if (value.endsWith("Z")) {
                            untilInstant = LocalDateTime.parse(value.substring(0, value.length() - 1), DATE_TIME)
                                    .toInstant(ZoneOffset.UTC);
                        } else {
                            problems.add("UNTIL of a timed appointment must be a UTC date-time (yyyymmddThhmmssZ)");
                        }
                    } catch (DateTimeParseException e) {
                        problems.add("UNTIL " + abbreviated(value) + " is not a valid " + (allDay ? "date (yyyymmdd)" : "UTC date-time (yyyymmddThhmmssZ)"));
                    }
                }
                case "BYDAY" -> {
                    for (String day : value.split(",", -1)) {
                        Matcher m = BYDAY.matcher(day);
                        if (!m.matches()) {
                            problems.add("BYDAY " + abbreviated(day) + " is not a weekday (MO..SU, optionally numbered as 1MO or -1FR)");
                        } else if (m.group(2) != null) {
                            int n = Integer.parseInt(m.group(2));
                            if (n < 1 || n > 53) problems.add("BYDAY " + day + " numbers a weekday outside 1..53");
                            ordinalDays = true;
                        } else if (!m.group(1).isEmpty()) {
                            problems.add("BYDAY " + day + " has a sign but no number");
                        }
                    }
                }
                case "BYMONTHDAY" -> {
                    for (String day : value.split(",", -1)) {
                        Integer n = number(day, -31, 31, "BYMONTHDAY", problems);
                        if (n != null && n == 0) problems.add("BYMONTHDAY 0 is not a day of the month");
                    }
                }
                case "BYMONTH" -> {
                    for (String month : value.split(",", -1)) number(month, 1, 12, "BYMONTH", problems);
                }
                case "WKST" -> {
                    if (!DAYS.contains(value)) problems.add("WKST " + abbreviated(value) + " is not a weekday (MO..SU)");
                }
                default -> problems.add(abbreviated(name) + " is not supported (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST)");
            }
        }
        if (frequency == null && !seen.contains("FREQ")) problems.add("FREQ is required");
        if (seen.contains("COUNT") && seen.contains("UNTIL")) problems.add("COUNT and UNTIL exclude each other");
        if (ordinalDays && frequency != null && !frequency.equals("MONTHLY") && !frequency.equals("YEARLY")) {
            problems.add("numbered BYDAY (like 1MO) needs FREQ=MONTHLY or FREQ=YEARLY");
        }
        return new Parsed(problems.isEmpty() ? new RecurrenceRule(text, frequency, count, untilDate, untilInstant) : null,
                List.copyOf(problems));
    }

    /** A rule, or why it was refused. */
    public record Parsed(RecurrenceRule rule, List<String> problems) {
    }

    private static Integer number(String value, int min, int max, String name, List<String> problems) {
        if (!NUMBER.matcher(value).matches()) {
            problems.add(name + " " + abbreviated(value) + " is not a whole number");
            return null;
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            problems.add(name + " " + n + " lies outside " + min + ".." + max);
            return null;
        }
        return n;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
