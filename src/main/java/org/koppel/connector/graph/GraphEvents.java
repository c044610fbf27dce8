package org.koppel.connector.graph;

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

import org.koppel.connector.WindowsZones;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.RuleText;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Outlook event as {@link org.koppel.sync.AppointmentSlots} and back, after "event resource type"
 * (https://learn.microsoft.com/graph/api/resources/event) and "dateTimeTimeZone resource type"
 * (https://learn.microsoft.com/graph/api/resources/datetimetimezone).
 *
 * <ul>
 * <li>Events are read in UTC ({@code Prefer: outlook.timezone="UTC"}); the zone they were planned in is
 * {@code originalStartTimeZone}, a Windows name mapped to IANA ({@link WindowsZones}). Written in
 * the appointment's zone, so Outlook shows it and repeats a series on local time.</li>
 * <li>All-day ({@code isAllDay}): dates, the end exclusive (Outlook's end is the next midnight).</li>
 * <li>The body is read as text ({@link HtmlText} for HTML) and written as text.</li>
 * <li>{@code sensitivity} private is private; {@code isReminderOn} with {@code reminderMinutesBeforeStart} the reminder.</li>
 * <li>A series (seriesMaster) carries its RRULE ({@link GraphRecurrence}); its occurrences as
 * {@code instances}: those missing from the rule's expansion, or cancelled, are the exceptions, those
 * of type exception the edited occurrences ({@link OccurrenceEdits}).</li>
 * <li>Attendees and the organiser of a meeting are read as {@code Name <address>} lines, never written:
 * Outlook would send invitations.</li>
 * </ul>
 */
final class GraphEvents {

    static final String UTC_PREFERENCE = "outlook.timezone=\"UTC\"";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** A series whose occurrences cannot be told apart from the rule, or a rule Koppel cannot keep. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private GraphEvents() {
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * The zone the event was planned in: {@code originalStartTimeZone}, else its series'
     * {@code recurrenceTimeZone} (an event imported with a custom zone names "tzone://Microsoft/Custom");
     * UTC when Outlook names none Koppel knows.
     */
    static ZoneId zone(JsonNode event) {
        return knownZone(event).orElse(ZoneOffset.UTC);
    }

    private static java.util.Optional<ZoneId> knownZone(JsonNode event) {
        return WindowsZones.iana(event.path("originalStartTimeZone").asString(""))
                .or(() -> WindowsZones.iana(event.path("recurrence").path("range").path("recurrenceTimeZone").asString("")))
                .map(ZoneId::of);
    }

    /**
     * The IANA name of the zone the event was planned in: the one Koppel wrote
     * ({@link ExtendedProperties#TIME_ZONE}) while Outlook's Windows name is still that zone's, else
     * the CLDR zone of Outlook's name.
     */
    static String plannedZone(JsonNode event) {
        String windows = event.path("originalStartTimeZone").asString("");
        String written = ExtendedProperties.value(event, ExtendedProperties.TIME_ZONE);
        if (written != null && (WindowsZones.windows(written).equalsIgnoreCase(windows) || written.equalsIgnoreCase(windows))) {
            return written;
        }
        return WindowsZones.iana(windows).orElse(null);
    }

    static boolean allDay(JsonNode event) {
        return event.path("isAllDay").asBoolean(false);
    }

    /** A dateTimeTimeZone as an instant. */
    static Instant instant(JsonNode dateTimeTimeZone) {
        LocalDateTime local = LocalDateTime.parse(dateTimeTimeZone.path("dateTime").asString());
        ZoneId zone = WindowsZones.zone(dateTimeTimeZone.path("timeZone").asString("UTC"), ZoneOffset.UTC);
        return local.atZone(zone).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The local date of an all-day event's dateTimeTimeZone: all-day events float, their midnight is the date. */
    static LocalDate date(JsonNode dateTimeTimeZone) {
        return LocalDateTime.parse(dateTimeTimeZone.path("dateTime").asString()).toLocalDate();
    }

    /** The series' first start, local in its zone (an all-day one at midnight of its date). */
    static LocalDateTime localStart(JsonNode event) {
        return allDay(event) ? date(event.path("start")).atStartOfDay()
                : LocalDateTime.ofInstant(instant(event.path("start")), zone(event));
    }

    /**
     * The slots of an event; for a series master, {@code instances} are its occurrences within
     * {@code [spanFrom, spanTo)}, the span they were asked for.
     */
    static Map<String, String> read(JsonNode event, List<JsonNode> instances, Instant spanFrom, Instant spanTo) throws Unreadable {
        var v = new HashMap<String, String>();
        put(v, SUBJECT, event.path("subject").asString(""));
        boolean allDay = allDay(event);
        try {
            if (allDay) {
                v.put(START, date(event.path("start")).toString());
                v.put(END, date(event.path("end")).toString());
            } else {
                v.put(START, instant(event.path("start")).toString());
                v.put(END, instant(event.path("end")).toString());
            }
        } catch (DateTimeException e) {
            throw new Unreadable("the event's start or end cannot be read: " + e.getMessage());
        }
        put(v, TIME_ZONE, plannedZone(event));
        put(v, LOCATION, event.path("location").path("displayName").asString(""));
        put(v, DESCRIPTION, text(event.path("body")));
        if (event.path("isReminderOn").asBoolean(false)) {
            v.put(REMINDER, Integer.toString(Math.max(0, event.path("reminderMinutesBeforeStart").asInt(0))));
        }
        if (event.path("sensitivity").asString("normal").equals("private")) v.put(PRIVATE, "true");
        put(v, ATTENDEES, attendees(event));
        if (event.path("type").asString("").equals("seriesMaster") && event.path("recurrence").isObject()) {
            // expanded in the wrong zone, every occurrence after a DST change would look left out
            if (!allDay && knownZone(event).isEmpty()) {
                throw new Unreadable("the series' time zone (" + event.path("originalStartTimeZone").asString("") + ") is unknown to Koppel");
            }
            String rule;
            try {
                rule = GraphRecurrence.toRule(event.path("recurrence"), localStart(event), zone(event), allDay);
            } catch (GraphRecurrence.Unmappable e) {
                throw new Unreadable(e.getMessage());
            }
            // Already in RuleText's shape by construction; passed through it so both can never drift apart.
            v.put(RECURRENCE, RuleText.canonical(rule, localStart(event).toLocalDate()));
            readOccurrences(event, rule, instances, spanFrom, spanTo, v);
        }
        return v;
    }

    /** Exceptions (occurrences the rule gives that Outlook has not, or has cancelled) and edited occurrences. */
    private static void readOccurrences(JsonNode master, String rule, List<JsonNode> instances, Instant spanFrom, Instant spanTo,
                                        Map<String, String> v) {
        boolean allDay = allDay(master);
        ZoneId zone = zone(master);
        var present = new java.util.HashSet<Instant>();
        var cancelled = new TreeSet<String>();
        var edits = new ArrayList<OccurrenceEdits.Edit>();
        for (JsonNode i : instances) {
            Instant original = originalStart(i, zone, allDay);
            if (original == null) continue;
            if (i.path("isCancelled").asBoolean(false)) {
                cancelled.add(slotForm(original, zone, allDay));
                continue;
            }
            present.add(original);
            if (i.path("type").asString("").equals("exception")) {
                edits.add(new OccurrenceEdits.Edit(slotForm(original, zone, allDay), when(i.path("start"), allDay),
                        when(i.path("end"), allDay), blankToNull(i.path("subject").asString("")),
                        blankToNull(i.path("location").path("displayName").asString("")), text(i.path("body"))));
            }
        }
        for (Instant expected : GraphRecurrence.starts(rule, localStart(master), zone, allDay, spanFrom, spanTo, 5_000)) {
            if (!present.contains(expected)) cancelled.add(slotForm(expected, zone, allDay));
        }
        put(v, EXCEPTIONS, String.join(",", cancelled));
        put(v, OCCURRENCE_EDITS, OccurrenceEdits.encode(edits));
    }

    /** Where the occurrence was in the series: {@code originalStart} (UTC), for all-day ones midnight of the series' zone. */
    static Instant originalStart(JsonNode instance, ZoneId zone, boolean allDay) {
        String text = instance.path("originalStart").asString("");
        Instant at;
        try {
            at = text.isEmpty() ? instant(instance.path("start")) : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
        return allDay ? at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant() : at.truncatedTo(ChronoUnit.SECONDS);
    }

    /** An occurrence's start in the form of {@link org.koppel.sync.AppointmentSlots#START}. */
    static String slotForm(Instant at, ZoneId zone, boolean allDay) {
        return allDay ? at.atZone(zone).toLocalDate().toString() : at.toString();
    }

    private static String when(JsonNode dateTimeTimeZone, boolean allDay) {
        try {
            return allDay ? date(dateTimeTimeZone).toString() : instant(dateTimeTimeZone).toString();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String text(JsonNode body) {
        String content = body.path("content").asString("");
        String text = body.path("contentType").asString("text").equalsIgnoreCase("html") ? HtmlText.toText(content) : content;
        return blankToNull(text == null ? null : text.replace("\r\n", "\n").strip());
    }

    /** The organiser and attendees of a meeting; none for an appointment without attendees. */
    private static String attendees(JsonNode event) {
        if (!event.path("attendees").isArray() || event.path("attendees").isEmpty()) return null;
        var lines = new LinkedHashSet<String>();
        var seen = new java.util.HashSet<String>();
        addPerson(event.path("organizer").path("emailAddress"), lines, seen);
        for (JsonNode a : event.path("attendees")) addPerson(a.path("emailAddress"), lines, seen);
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static void addPerson(JsonNode email, Set<String> lines, Set<String> seen) {
        String address = email.path("address").asString("").strip();
        if (address.isEmpty() || !seen.add(address.toLowerCase(Locale.ROOT))) return;
        String name = email.path("name").asString("").strip();
        lines.add(name.isEmpty() || name.equalsIgnoreCase(address) ? "<" + address + ">" : name + " <" + address + ">");
    }

    // ---- writing ------------------------------------------------------------------------------

    /** The body of a new event: every mapped slot Outlook holds, and the stamp. Never attendees. */
    static ObjectNode forCreate(Map<String, String> slots, long crmId) throws GraphRecurrence.Unmappable {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        put(event, slots, Map.of(), true);
        var properties = event.putArray("singleValueExtendedProperties");
        ExtendedProperties.add(properties, ExtendedProperties.CRM_ID, Long.toString(crmId));
        if (slots.get(TIME_ZONE) != null) ExtendedProperties.add(properties, ExtendedProperties.TIME_ZONE, slots.get(TIME_ZONE));
        return event;
    }

    /**
     * A PATCH of {@code current} (whose slots are {@code currentSlots}) to {@code slots}: only slots
     * that differ are written, so Outlook's own formatting of an unchanged body, say, stays. Start,
     * end, zone and recurrence go together (the range starts on the series' first date). Empty when
     * nothing differs but the stamp is there.
     */
    static ObjectNode forUpdate(JsonNode current, Map<String, String> currentSlots, Map<String, String> slots, long crmId)
            throws GraphRecurrence.Unmappable {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        put(patch, slots, currentSlots, false);
        var properties = JsonNodeFactory.instance.arrayNode();
        if (!Objects.equals(ExtendedProperties.stampedCrmId(current), crmId)) {
            ExtendedProperties.add(properties, ExtendedProperties.CRM_ID, Long.toString(crmId));
        }
        String zone = slots.get(TIME_ZONE);
        if (zone != null && !zone.equals(ExtendedProperties.value(current, ExtendedProperties.TIME_ZONE))) {
            ExtendedProperties.add(properties, ExtendedProperties.TIME_ZONE, zone);
        }
        if (!properties.isEmpty()) patch.set("singleValueExtendedProperties", properties);
        return patch;
    }

    private static void put(ObjectNode e, Map<String, String> slots, Map<String, String> current, boolean all)
            throws GraphRecurrence.Unmappable {
        if (all || differs(SUBJECT, slots, current)) e.put("subject", orEmpty(slots.get(SUBJECT)));
        if (all || differs(DESCRIPTION, slots, current)) {
            e.putObject("body").put("contentType", "text").put("content", orEmpty(slots.get(DESCRIPTION)));
        }
        if (all || differs(LOCATION, slots, current)) e.putObject("location").put("displayName", orEmpty(slots.get(LOCATION)));
        if (all || differs(PRIVATE, slots, current)) e.put("sensitivity", "true".equals(slots.get(PRIVATE)) ? "private" : "normal");
        if (all || differs(REMINDER, slots, current)) {
            String reminder = slots.get(REMINDER);
            e.put("isReminderOn", reminder != null);
            if (reminder != null) e.put("reminderMinutesBeforeStart", Integer.parseInt(reminder.strip()));
        }
        boolean span = all || differs(START, slots, current) || differs(END, slots, current) || differs(TIME_ZONE, slots, current);
        boolean recurrence = all || span || differs(RECURRENCE, slots, current);
        String start = slots.get(START);
        if (start == null) return;
        boolean allDay = start.length() == 10;
        ZoneId zone = WindowsZones.zone(slots.get(TIME_ZONE), ZoneOffset.UTC);
        String zoneName = slots.get(TIME_ZONE) == null ? "UTC" : WindowsZones.windows(zone.getId());
        LocalDateTime localStart = allDay ? LocalDate.parse(start).atStartOfDay() : LocalDateTime.ofInstant(Instant.parse(start), zone);
        if (span) {
            String end = slots.get(END);
            LocalDateTime localEnd = end == null ? (allDay ? localStart.plusDays(1) : localStart)
                    : allDay ? LocalDate.parse(end).atStartOfDay() : LocalDateTime.ofInstant(Instant.parse(end), zone);
            e.put("isAllDay", allDay);
            e.putObject("start").put("dateTime", LOCAL.format(localStart)).put("timeZone", zoneName);
            e.putObject("end").put("dateTime", LOCAL.format(localEnd)).put("timeZone", zoneName);
        }
        if (recurrence) {
            String rule = slots.get(RECURRENCE);
            if (rule != null) e.set("recurrence", GraphRecurrence.toGraph(rule, localStart, zone, allDay));
            else if (!all && current.get(RECURRENCE) != null) e.putNull("recurrence");
        }
    }

    /** An occurrence's PATCH for an edit: its own start and end (in the series' zone), subject, location, body. */
    static ObjectNode forOccurrence(OccurrenceEdits.Edit edit, ZoneId zone, boolean allDay) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        String zoneName = WindowsZones.windows(zone.getId());
        if (edit.start() != null) e.putObject("start").put("dateTime", local(edit.start(), zone, allDay)).put("timeZone", zoneName);
        if (edit.end() != null) e.putObject("end").put("dateTime", local(edit.end(), zone, allDay)).put("timeZone", zoneName);
        if (edit.subject() != null) e.put("subject", edit.subject());
        if (edit.location() != null) e.putObject("location").put("displayName", edit.location());
        if (edit.description() != null) e.putObject("body").put("contentType", "text").put("content", edit.description());
        return e;
    }

    private static String local(String slotForm, ZoneId zone, boolean allDay) {
        return LOCAL.format(allDay ? LocalDate.parse(slotForm).atStartOfDay() : LocalDateTime.ofInstant(Instant.parse(slotForm), zone));
    }

    private static boolean differs(String slot, Map<String, String> slots, Map<String, String> current) {
        return !Objects.equals(blankToNull(slots.get(slot)), blankToNull(current.get(slot)));
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
