package org.koppel.connector.caldav;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.parameter.Value;
import org.koppel.connector.WindowsZones;

/**
 * Dates, date-times, zones and durations of RFC 5545 §3.3, read from their text. A date-time is
 * one of: UTC ({@code Z}), local with a TZID (an IANA name, a Windows name as Outlook writes it, a
 * Mozilla-prefixed name), or floating. <b>Floating times</b> (no Z, no TZID: RFC 5545 §3.3.5 form 1,
 * "the same hour wherever one is") have no instant; Koppel reads them in the calendar's
 * {@code X-WR-TIMEZONE} when there is one (Google and Apple exports), else as UTC, and reports no
 * time zone for them. A TZID no zone database knows is read as UTC too, keeping its name unread.
 * Written back unchanged, such a property is never rewritten (only changed slots are written).
 */
final class ICalTimes {

    static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);

    private ICalTimes() {
    }

    /** A moment as the slots carry it: a date (all-day) or an instant, with the zone it was planned in. */
    record Moment(LocalDate date, Instant instant, ZoneId zone) {

        boolean allDay() {
            return date != null;
        }

        /** The slot form: an ISO date, or the UTC instant to the second. */
        String slot() {
            return allDay() ? date.toString() : instant.toString();
        }
    }

    /** The first value of a date or date-time property (DTSTART, DTEND, DUE, RECURRENCE-ID); null if absent or unreadable. */
    static Moment read(Property p, ZoneId floating) {
        List<Moment> all = readAll(p, floating);
        return all.isEmpty() ? null : all.getFirst();
    }

    /** Every value of a property that may list several (EXDATE). Unreadable values are left out. */
    static List<Moment> readAll(Property p, ZoneId floating) {
        var moments = new ArrayList<Moment>();
        if (p == null) return moments;
        boolean dateValue = ICalText.parameter(p, Parameter.VALUE).map(v -> v.equalsIgnoreCase("DATE")).orElse(false);
        ZoneId zone = ICalText.parameter(p, Parameter.TZID).flatMap(WindowsZones::zone).orElse(null);
        for (String raw : p.getValue().split(",")) {
            String v = raw.strip();
            try {
                if (dateValue || v.length() == 8) {
                    moments.add(new Moment(LocalDate.parse(v, DATE), null, null));
                } else if (v.endsWith("Z") || v.endsWith("z")) {
                    moments.add(new Moment(null, LocalDateTime.parse(v.substring(0, v.length() - 1).toUpperCase(Locale.ROOT),
                            LOCAL).toInstant(ZoneOffset.UTC), null));
                } else {
                    LocalDateTime local = LocalDateTime.parse(v.toUpperCase(Locale.ROOT), LOCAL);
                    ZoneId in = zone != null ? zone : floating;
                    moments.add(new Moment(null, local.atZone(in).toInstant(), zone));
                }
            } catch (DateTimeParseException e) {
                // An unreadable value is no value: the slot stays absent rather than the item failing.
            }
        }
        return moments;
    }

    /** The zone floating times are read in: the calendar's X-WR-TIMEZONE, else UTC. */
    static ZoneId floatingZone(net.fortuna.ical4j.model.Calendar calendar) {
        return Optional.ofNullable(ICalText.value(calendar, "X-WR-TIMEZONE")).flatMap(WindowsZones::zone)
                .orElse(ZoneOffset.UTC);
    }

    /** A date or date-time property holding these moments, in the form of {@code like}. */
    static Property write(String name, List<Moment> values, boolean allDay, ZoneId zone) {
        var texts = new ArrayList<String>();
        for (Moment m : values) {
            if (allDay) texts.add(DATE.format(m.date()));
            else if (zone != null) texts.add(LOCAL.format(m.instant().atZone(zone)));
            else texts.add(LOCAL.format(m.instant().atZone(ZoneOffset.UTC)) + "Z");
        }
        String value = String.join(",", texts);
        if (allDay) return ICalText.property(name, value, Value.DATE);
        if (zone != null) return ICalText.property(name, value, new TzId(zone.getId()));
        return ICalText.property(name, value);
    }

    /** A slot value (ISO date or instant) as a moment; null for null. */
    static Moment fromSlot(String slot) {
        if (slot == null) return null;
        if (slot.length() == 10) return new Moment(LocalDate.parse(slot), null, null);
        return new Moment(null, Instant.parse(slot), null);
    }

    /** An RFC 5545 §3.3.6 DURATION ("-PT15M", "P1D", "-P1DT2H", "P2W") as a Duration; null if unreadable. */
    static Duration duration(String text) {
        if (text == null) return null;
        String t = text.strip().toUpperCase(Locale.ROOT);
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) t = t.substring(1);
        try {
            Duration d;
            if (t.endsWith("W") && !t.contains("T")) {
                d = Duration.ofDays(7L * Integer.parseInt(t.substring(1, t.length() - 1)));
            } else if (t.contains("T")) {
                int at = t.indexOf('T');
                Duration days = at > 1 ? Duration.ofDays(Period.parse(t.substring(0, at)).getDays()) : Duration.ZERO;
                d = days.plus(Duration.parse("PT" + t.substring(at + 1)));
            } else {
                d = Duration.ofDays(Period.parse(t).getDays());
            }
            return negative ? d.negated() : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

}
