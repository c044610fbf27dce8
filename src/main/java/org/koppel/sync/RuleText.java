package org.koppel.sync;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.koppel.crm.agenda.RecurrenceRule;

/**
 * The one text of a recurrence rule that every side of a sync writes, so the same series compares
 * equal whichever peer it came from (rule 3: content decides, no echo). Outlook keeps a series as a
 * pattern, not as text, and gives back a rule only in one shape; this is that shape: parts in the
 * order FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT, UNTIL, WKST (others after), INTERVAL only
 * above 1, weekdays in week order, parts that only repeat the series' first date left out (a weekly
 * series on its first day's weekday has no BYDAY, a monthly one on its first day's date no BYMONTHDAY,
 * a yearly one on its first date neither), WKST only where it changes anything (weekly with an
 * INTERVAL above 1, a week not starting on Monday, RFC 5545's default).
 */
public final class RuleText {

    private static final List<String> ORDER = List.of("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT",
            "UNTIL", "WKST");
    private static final List<String> WEEK = List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");

    private RuleText() {
    }

    /** @param first the date of the series' first occurrence, local in its zone */
    public static String canonical(String rule, LocalDate first) {
        String normal = RecurrenceRule.normal(rule);
        if (normal == null || normal.isBlank()) return null;
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : normal.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        String freq = parts.getOrDefault("FREQ", "");
        if ("1".equals(parts.get("INTERVAL"))) parts.remove("INTERVAL");
        if (parts.containsKey("BYDAY")) parts.put("BYDAY", weekOrdered(parts.get("BYDAY")));
        String firstDay = first == null ? null : WEEK.get(first.getDayOfWeek().getValue() - 1);
        String firstDate = first == null ? null : Integer.toString(first.getDayOfMonth());
        String firstMonth = first == null ? null : Integer.toString(first.getMonthValue());
        switch (freq) {
            case "WEEKLY" -> {
                if (firstDay != null && firstDay.equals(parts.get("BYDAY"))) parts.remove("BYDAY");
            }
            case "MONTHLY" -> {
                if (firstDate != null && firstDate.equals(parts.get("BYMONTHDAY")) && !parts.containsKey("BYDAY")) {
                    parts.remove("BYMONTHDAY");
                }
            }
            case "YEARLY" -> {
                if (firstDate != null && firstDate.equals(parts.get("BYMONTHDAY")) && firstMonth.equals(parts.get("BYMONTH"))
                        && !parts.containsKey("BYDAY")) {
                    parts.remove("BYMONTHDAY");
                    parts.remove("BYMONTH");
                }
            }
            default -> { }
        }
        String wkst = parts.remove("WKST");
        boolean wkstMatters = freq.equals("WEEKLY") && parts.containsKey("INTERVAL") && wkst != null && !wkst.equals("MO");
        if (wkstMatters) parts.put("WKST", wkst);
        var text = new ArrayList<String>();
        for (String name : ORDER) if (parts.containsKey(name)) text.add(name + "=" + parts.get(name));
        parts.forEach((name, value) -> {
            if (!ORDER.contains(name)) text.add(name + "=" + value);
        });
        return String.join(";", text);
    }

    private static String weekOrdered(String byDay) {
        return String.join(",", Arrays.stream(byDay.split(",")).map(d -> d.strip().toUpperCase(Locale.ROOT)).distinct()
                .sorted((a, b) -> Integer.compare(WEEK.indexOf(a.substring(Math.max(0, a.length() - 2))),
                        WEEK.indexOf(b.substring(Math.max(0, b.length() - 2))))).toList());
    }
}
