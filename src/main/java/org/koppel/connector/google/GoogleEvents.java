package org.koppel.connector.google;

import static org.koppel.sync.AppointmentSlots.ATTENDEES;
import static org.koppel.sync.AppointmentSlots.DESCRIPTION;
import static org.koppel.sync.AppointmentSlots.END;
import static org.koppel.sync.AppointmentSlots.EXCEPTIONS;
import static org.koppel.sync.AppointmentSlots.LOCATION;
import static org.koppel.sync.AppointmentSlots.OCCURRENCE_EDITS;
import static org.koppel.sync.AppointmentSlots.PRIVATE;
import static org.koppel.sync.AppointmentSlots.RECURRENCE;
import static org.koppel.sync.AppointmentSlots.REMINDER;
import static org.koppel.sync.AppointmentSlots.START;
import static org.koppel.sync.AppointmentSlots.SUBJECT;
import static org.koppel.sync.AppointmentSlots.TIME_ZONE;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.koppel.connector.graph.HtmlText;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.RuleText;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Google Calendar event as {@link org.koppel.sync.AppointmentSlots} and back, after the Events resource
 * (https://developers.google.com/calendar/api/v3/reference/events):
 *
 * <ul>
 * <li>{@code start}/{@code end}: a timed event's {@code dateTime} (with its offset, or local in {@code timeZone}) is
 * an instant; its {@code timeZone} (an IANA name, "Formatted as an IANA Time Zone Database name") is the zone it
 * was planned in. An all-day event's {@code date}s, the end exclusive ("end: The (exclusive) end time"). Written in
 * the appointment's zone, so Google repeats a series on local time ("For recurring events this field is required
 * and specifies the time zone in which the recurrence is expanded"). Dates have no zone: an all-day appointment's
 * zone travels in the private extended property {@code koppelTimeZone}, as CalDAV's X-KOPPEL-TIMEZONE.</li>
 * <li>{@code summary}, {@code location}, {@code description} (as text; HTML as Google's web app writes it is read
 * as its text).</li>
 * <li>{@code reminders}: the first {@code popup} override when {@code useDefault} is false; an event on the
 * calendar's default reminders reads as none (the defaults are the calendar's, not the event's). Writing keeps
 * the other overrides (e-mail ones).</li>
 * <li>{@code visibility} private or confidential is private; written private or default.</li>
 * <li>{@code recurrence}: "A list of RRULE, EXRULE, RDATE and EXDATE lines for a recurring event, as specified in
 * RFC5545". The RRULE in {@link RuleText}'s shape; EXDATEs and cancelled occurrences (events of the series with
 * {@code status: cancelled}) are the exceptions; the series' other own events are its edited occurrences
 * ({@link OccurrenceEdits}, keyed by {@code originalStartTime}). RDATE and EXRULE cannot be held: such a series
 * is {@link Unreadable}.</li>
 * <li>{@code organizer} and {@code attendees}: read as {@code Name <address>} lines, never written (Google would
 * send invitations); resources (rooms) are left out.</li>
 * <li>The CRM id: {@code extendedProperties.private.koppelId} ("Properties that are private to the copy of the
 * event that appears on this calendar").</li>
 * </ul>
 */
final class GoogleEvents {

    static final String STAMP = "koppelId";
    /** The tags Google Calendar's editor writes into a description. */
    private static final java.util.regex.Pattern HTML = java.util.regex.Pattern.compile(
            "(?i)<(br|b|i|u|a|p|div|span|ul|ol|li|strong|em)(\\s[^>]*)?/?>");
    static final String ZONE = "koppelTimeZone";
    /** "UTC" by its IANA name (ZoneOffset.UTC would be written "Z", which is no IANA name). */
    static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter ICAL_LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);
    private static final DateTimeFormatter ICAL_UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** An event Koppel cannot map; the reason goes into the run report. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private GoogleEvents() {
    }

    // ---- reading ------------------------------------------------------------------------------

    static boolean allDay(JsonNode event) {
        return event.path("start").has("date");
    }

    static boolean isSeries(JsonNode event) {
        return event.path("recurrence").isArray() && !event.path("recurrence").isEmpty();
    }

    static boolean cancelled(JsonNode event) {
        return "cancelled".equals(event.path("status").asString(""));
    }

    /** The series an occurrence belongs to; null for a single event or a series. */
    static String seriesOf(JsonNode event) {
        String id = event.path("recurringEventId").asString("");
        return id.isEmpty() ? null : id;
    }

    static Long stampedCrmId(JsonNode event) {
        try {
            String v = event.path("extendedProperties").path("private").path(STAMP).asString("").strip();
            return v.isEmpty() ? null : Long.parseLong(v);
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }

    /** The zone the event was planned in: its start's timeZone, else (all-day) Koppel's own property; null when none is known. */
    static String plannedZone(JsonNode event) {
        for (String name : List.of(event.path("start").path("timeZone").asString(""),
                event.path("extendedProperties").path("private").path(ZONE).asString(""))) {
            if (name.isBlank()) continue;
            try {
                return ZoneId.of(name.strip()).getId();
            } catch (DateTimeException unknown) {
                // the next one, or none
            }
        }
        return null;
    }

    /** A timed start or end as an instant: its offset, else local in its timeZone (else the event's zone, else UTC). */
    static Instant instant(JsonNode time, ZoneId fallback) {
        String text = time.path("dateTime").asString("");
        if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS);
        ZoneId zone = fallback;
        try {
            if (!time.path("timeZone").asString("").isBlank()) zone = ZoneId.of(time.path("timeZone").asString());
        } catch (DateTimeException unknown) {
            // the fallback
        }
        return LocalDateTime.parse(text).atZone(zone).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** A start or end in slot form: a date, or an instant in UTC. */
    static String slotForm(JsonNode time, ZoneId zone) {
        return time.has("date") ? LocalDate.parse(time.path("date").asString()).toString() : instant(time, zone).toString();
    }

    /**
     * The slots of a single event, or of a series with its own events ({@code occurrences}: changed and cancelled
     * occurrences, those of other series ignored).
     */
    static Map<String, String> read(JsonNode event, List<JsonNode> occurrences) throws Unreadable {
        var v = new HashMap<String, String>();
        put(v, SUBJECT, event.path("summary").asString(""));
        String zoneName = plannedZone(event);
        ZoneId zone = zoneName == null ? ZoneOffset.UTC : ZoneId.of(zoneName);
        boolean allDay = allDay(event);
        try {
            v.put(START, slotForm(event.path("start"), zone));
            v.put(END, slotForm(event.path("end"), zone));
        } catch (DateTimeException e) {
            throw new Unreadable("the event's start or end cannot be read: " + e.getMessage());
        }
        put(v, TIME_ZONE, zoneName);
        put(v, LOCATION, event.path("location").asString(""));
        put(v, DESCRIPTION, text(event.path("description").asString("")));
        JsonNode reminders = event.path("reminders");
        if (!reminders.path("useDefault").asBoolean(false)) {
            for (JsonNode o : reminders.path("overrides")) {
                if ("popup".equals(o.path("method").asString(""))) {
                    v.put(REMINDER, Integer.toString(Math.max(0, o.path("minutes").asInt(0))));
                    break;
                }
            }
        }
        String visibility = event.path("visibility").asString("default");
        if (visibility.equals("private") || visibility.equals("confidential")) v.put(PRIVATE, "true");
        put(v, ATTENDEES, attendees(event));
        if (isSeries(event)) readSeries(event, occurrences, zone, allDay, v);
        return v;
    }

    private static void readSeries(JsonNode event, List<JsonNode> occurrences, ZoneId zone, boolean allDay, Map<String, String> v)
            throws Unreadable {
        if (!allDay && plannedZone(event) == null) {
            // expanded in the wrong zone, every occurrence after a DST change would look left out
            throw new Unreadable("the series' time zone (" + event.path("start").path("timeZone").asString("") + ") is unknown to Koppel");
        }
        String rule = null;
        var exceptions = new TreeSet<String>();
        for (JsonNode line : event.path("recurrence")) {
            String l = line.asString("").strip();
            String name = l.substring(0, Math.max(0, Math.min(l.indexOf(':') < 0 ? l.length() : l.indexOf(':'),
                    l.indexOf(';') < 0 ? l.length() : l.indexOf(';')))).toUpperCase(Locale.ROOT);
            switch (name) {
                case "RRULE" -> {
                    if (rule != null) throw new Unreadable("the series has more than one RRULE, which Koppel cannot hold");
                    rule = l.substring(l.indexOf(':') + 1);
                }
                case "EXDATE" -> exceptions.addAll(exdates(l, zone, allDay));
                default -> throw new Unreadable("the series has a " + name + " line, which Koppel cannot hold");
            }
        }
        if (rule == null) throw new Unreadable("the series has no RRULE");
        LocalDate first = allDay ? LocalDate.parse(event.path("start").path("date").asString())
                : LocalDateTime.ofInstant(instant(event.path("start"), zone), zone).toLocalDate();
        v.put(RECURRENCE, RuleText.canonical(rule, first));
        var edits = new ArrayList<OccurrenceEdits.Edit>();
        String id = event.path("id").asString();
        for (JsonNode o : occurrences) {
            if (!id.equals(seriesOf(o)) || !o.has("originalStartTime")) continue;
            String original;
            try {
                original = slotForm(o.path("originalStartTime"), zone);
            } catch (DateTimeException unreadable) {
                continue;
            }
            if (cancelled(o)) {
                exceptions.add(original);
                continue;
            }
            try {
                edits.add(new OccurrenceEdits.Edit(original, slotForm(o.path("start"), zone), slotForm(o.path("end"), zone),
                        blankToNull(o.path("summary").asString("")), blankToNull(o.path("location").asString("")),
                        text(o.path("description").asString(""))));
            } catch (DateTimeException unreadable) {
                // an occurrence without readable times is left to Google
            }
        }
        put(v, EXCEPTIONS, String.join(",", exceptions));
        put(v, OCCURRENCE_EDITS, OccurrenceEdits.encode(edits));
    }

    /** "EXDATE;TZID=Europe/Amsterdam:20261214T090000,...", "EXDATE;VALUE=DATE:20261214", "EXDATE:20261214T080000Z" in slot form. */
    static List<String> exdates(String line, ZoneId seriesZone, boolean allDay) throws Unreadable {
        int colon = line.indexOf(':');
        String params = line.substring(0, colon).toUpperCase(Locale.ROOT);
        ZoneId zone = seriesZone;
        int tzid = params.indexOf("TZID=");
        try {
            if (tzid >= 0) zone = ZoneId.of(line.substring(tzid + 5, colon).split(";")[0]);
        } catch (DateTimeException e) {
            throw new Unreadable("an EXDATE names a time zone Koppel does not know");
        }
        var out = new ArrayList<String>();
        for (String value : line.substring(colon + 1).split(",")) {
            String s = value.strip();
            try {
                if (s.length() == 8) {
                    out.add(LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE).toString());
                } else {
                    Instant at = s.endsWith("Z") ? Instant.from(ICAL_UTC.parse(s)) : LocalDateTime.parse(s, ICAL_LOCAL).atZone(zone).toInstant();
                    out.add(allDay ? at.atZone(seriesZone).toLocalDate().toString() : at.toString());
                }
            } catch (DateTimeException e) {
                throw new Unreadable("an EXDATE cannot be read: " + s);
            }
        }
        return out;
    }

    /** The organiser and attendees of a meeting; none for an event without attendees. */
    private static String attendees(JsonNode event) {
        if (!event.path("attendees").isArray() || event.path("attendees").isEmpty()) return null;
        var lines = new LinkedHashSet<String>();
        var seen = new java.util.HashSet<String>();
        person(event.path("organizer"), lines, seen);
        for (JsonNode a : event.path("attendees")) {
            if (!a.path("resource").asBoolean(false)) person(a, lines, seen);
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static void person(JsonNode p, Set<String> lines, Set<String> seen) {
        String address = p.path("email").asString("").strip();
        if (address.isEmpty() || !seen.add(address.toLowerCase(Locale.ROOT))) return;
        String name = p.path("displayName").asString("").strip();
        lines.add(name.isEmpty() || name.equalsIgnoreCase(address) ? "<" + address + ">" : name + " <" + address + ">");
    }

    // ---- writing ------------------------------------------------------------------------------

    /** A new event: every mapped slot Google holds, the stamp, and the id derived from the CRM id. Never attendees. */
    static ObjectNode forCreate(Map<String, String> slots, long crmId) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("id", idOf(crmId));
        put(e, slots, Map.of(), true, null);
        e.set("extendedProperties", properties(null, crmId, slots.get(TIME_ZONE)));
        return e;
    }

    /**
     * "id: ... you can specify their IDs. Provided IDs must follow these rules: characters allowed in the ID are
     * those used in base32hex encoding, i.e. lowercase letters a-v and digits 0-9 ...; the length of the ID must be
     * between 5 and 1024 characters; the ID must be unique per calendar" (Events resource): "koppel" and the CRM
     * id, so a create repeated after a crash meets 409 instead of making a second event.
     */
    static String idOf(long crmId) {
        return "koppel" + crmId;
    }

    /** A patch of {@code current} (whose slots are {@code currentSlots}) to {@code slots}: only what differs; empty when nothing does. */
    static ObjectNode forUpdate(JsonNode current, Map<String, String> currentSlots, Map<String, String> slots, long crmId) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        put(patch, slots, currentSlots, false, current);
        String zone = slots.get(TIME_ZONE);
        JsonNode own = current.path("extendedProperties").path("private");
        if (!Objects.equals(stampedCrmId(current), crmId) || (zone != null && !zone.equals(own.path(ZONE).asString(null)))) {
            patch.set("extendedProperties", properties(current, crmId, zone));
        }
        return patch;
    }

    /** The private properties with the stamp and the zone, the event's others kept (the patch replaces the object). */
    private static ObjectNode properties(JsonNode current, long crmId, String zone) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        if (current != null && current.path("extendedProperties").isObject()) properties = (ObjectNode) current.path("extendedProperties").deepCopy();
        ObjectNode own = properties.has("private") && properties.get("private").isObject() ? (ObjectNode) properties.get("private")
                : properties.putObject("private");
        own.put(STAMP, Long.toString(crmId));
        if (zone != null) own.put(ZONE, zone);
        return properties;
    }

    private static void put(ObjectNode e, Map<String, String> slots, Map<String, String> current, boolean all, JsonNode event) {
        if (all || differs(SUBJECT, slots, current)) e.put("summary", orEmpty(slots.get(SUBJECT)));
        if (all || differs(DESCRIPTION, slots, current)) e.put("description", orEmpty(slots.get(DESCRIPTION)));
        if (all || differs(LOCATION, slots, current)) e.put("location", orEmpty(slots.get(LOCATION)));
        if (all || differs(PRIVATE, slots, current)) e.put("visibility", "true".equals(slots.get(PRIVATE)) ? "private" : "default");
        if (all || differs(REMINDER, slots, current)) e.set("reminders", reminders(slots.get(REMINDER), event));
        boolean span = all || differs(START, slots, current) || differs(END, slots, current) || differs(TIME_ZONE, slots, current);
        boolean recurrence = all || span || differs(RECURRENCE, slots, current) || differs(EXCEPTIONS, slots, current);
        String start = slots.get(START);
        if (start == null) return;
        boolean allDay = start.length() == 10;
        String zoneName = slots.get(TIME_ZONE);
        ZoneId zone = zone(zoneName);
        if (span) {
            String end = Objects.requireNonNullElse(slots.get(END), allDay ? LocalDate.parse(start).plusDays(1).toString() : start);
            e.set("start", time(start, zone, allDay));
            e.set("end", time(end, zone, allDay));
        }
        if (recurrence) {
            String rule = slots.get(RECURRENCE);
            ArrayNode lines = e.putArray("recurrence");
            if (rule != null) {
                lines.add("RRULE:" + rule);
                String exdate = exdate(slots.get(EXCEPTIONS), zone, allDay);
                if (exdate != null) lines.add(exdate);
            }
        }
    }

    /** Reminders: the first popup override replaced (or added, or dropped), e-mail overrides kept. */
    private static ObjectNode reminders(String minutes, JsonNode event) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("useDefault", false);
        ArrayNode overrides = r.putArray("overrides");
        if (minutes != null) overrides.addObject().put("method", "popup").put("minutes", Integer.parseInt(minutes.strip()));
        boolean replaced = false;
        if (event != null && !event.path("reminders").path("useDefault").asBoolean(false)) {
            for (JsonNode o : event.path("reminders").path("overrides")) {
                if (!replaced && "popup".equals(o.path("method").asString(""))) {
                    replaced = true;
                    continue;
                }
                overrides.add(o.deepCopy());
            }
        }
        return r;
    }

    /** A start or end: a date, or the local time in the zone with the zone's name ("UTC" when it has none). */
    static ObjectNode time(String slot, ZoneId zone, boolean allDay) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        if (allDay) return t.put("date", slot);
        return t.put("dateTime", LOCAL.format(LocalDateTime.ofInstant(Instant.parse(slot), zone))).put("timeZone", zone.getId());
    }

    /** The exceptions as one EXDATE line in the series' zone (dates for an all-day one); null for none. */
    private static String exdate(String exceptions, ZoneId zone, boolean allDay) {
        if (exceptions == null || exceptions.isBlank()) return null;
        var values = new ArrayList<String>();
        for (String s : exceptions.split(",")) {
            if (s.isBlank()) continue;
            values.add(allDay ? LocalDate.parse(s.strip()).format(DateTimeFormatter.BASIC_ISO_DATE)
                    : ICAL_LOCAL.format(LocalDateTime.ofInstant(Instant.parse(s.strip()), zone)));
        }
        return allDay ? "EXDATE;VALUE=DATE:" + String.join(",", values) : "EXDATE;TZID=" + zone.getId() + ":" + String.join(",", values);
    }

    /** An occurrence's patch for an edit: its own start and end (in the series' zone), summary, location, description. */
    static ObjectNode forOccurrence(OccurrenceEdits.Edit edit, ZoneId zone, boolean allDay) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        if (edit.start() != null) e.set("start", time(edit.start(), zone, allDay));
        if (edit.end() != null) e.set("end", time(edit.end(), zone, allDay));
        if (edit.subject() != null) e.put("summary", edit.subject());
        if (edit.location() != null) e.put("location", edit.location());
        if (edit.description() != null) e.put("description", edit.description());
        return e;
    }

    /** An occurrence's id: its series' id, "_", its original start in UTC, or its date for an all-day series (as Google names instances). */
    static String occurrenceId(String seriesId, String recurrenceId) {
        return seriesId + "_" + (recurrenceId.length() == 10 ? recurrenceId.replace("-", "") : ICAL_UTC.format(Instant.parse(recurrenceId)));
    }

    static ZoneId zone(String name) {
        try {
            return name == null ? UTC : ZoneId.of(name);
        } catch (DateTimeException unknown) {
            return UTC;
        }
    }

    private static boolean differs(String slot, Map<String, String> slots, Map<String, String> current) {
        return !Objects.equals(blankToNull(slots.get(slot)), blankToNull(current.get(slot)));
    }

    /**
     * A description as text: with \n line ends (a browser's text area sends \r\n, and it would read back different
     * from what was written), and as its text when it is HTML, as Google Calendar's web app writes descriptions
     * (line breaks as {@code <br>}, bold, links); a text Koppel wrote has no tags and stays as it is.
     */
    static String text(String s) {
        if (s == null) return null;
        String plain = HTML.matcher(s).find() ? HtmlText.toText(s) : s;
        return blankToNull(plain.replace("\r\n", "\n").replace('\r', '\n'));
    }

    private static void put(Map<String, String> v, String slot, String value) {
        String clean = blankToNull(value);
        if (clean != null) v.put(slot, clean);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
