package org.koppel.connector.caldav;

import static org.koppel.connector.caldav.ComponentMapper.changed;
import static org.koppel.connector.caldav.ComponentMapper.put;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import org.koppel.connector.WindowsZones;
import org.koppel.crm.agenda.RecurrenceRule;
import org.koppel.sync.AppointmentSlots;
import org.koppel.sync.RuleText;
import org.koppel.sync.OccurrenceEdits;

/**
 * VEVENT ↔ {@link AppointmentSlots}, as that class documents each slot. Choices:
 * <ul>
 * <li>A timed event is written in its {@code timeZone} (DTSTART;TZID=, with a VTIMEZONE), in UTC
 * when it has none; an all-day one as VALUE=DATE with an exclusive DTEND, its zone kept in
 * {@code X-KOPPEL-TIMEZONE}. DURATION is read (and
 * replaced by DTEND when the times are written). Floating times: see {@link ICalTimes}.</li>
 * <li>The reminder is the first DISPLAY or AUDIO alarm whose TRIGGER is relative to the start and
 * not after it; writing it changes that alarm's TRIGGER only, other alarms stay.</li>
 * <li>Left-out and edited occurrences take the form of the start (dates for an all-day series).</li>
 * <li>Overrides (RECURRENCE-ID) are rewritten only when the edited-occurrences slot itself changes.</li>
 * <li>Attendees and organiser are read, never written.</li>
 * </ul>
 */
final class VEventSlots implements ComponentMapper {

    /**
     * The zone an all-day appointment was planned in: dates carry none in iCalendar, yet the CRM
     * keeps one for every appointment, and without it here each read would look like a change.
     */
    static final String ALL_DAY_ZONE = "X-KOPPEL-TIMEZONE";

    private final java.time.Clock clock;

    VEventSlots(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public String component() {
        return Component.VEVENT;
    }

    // ---- reading ----------------------------------------------------------------------------

    @Override
    public Map<String, String> read(Calendar calendar, Component master) {
        var slots = new LinkedHashMap<String, String>();
        ZoneId floating = ICalTimes.floatingZone(calendar);
        put(slots, AppointmentSlots.SUBJECT, ICalText.value(master, Property.SUMMARY));
        Span span = span(master, floating);
        if (span != null) {
            put(slots, AppointmentSlots.START, span.start().slot());
            put(slots, AppointmentSlots.END, span.end().slot());
            if (!span.start().allDay() && span.start().zone() != null) {
                put(slots, AppointmentSlots.TIME_ZONE, span.start().zone().getId());
            } else if (span.start().allDay()) {
                put(slots, AppointmentSlots.TIME_ZONE, ICalText.value(master, ALL_DAY_ZONE));
            }
        }
        put(slots, AppointmentSlots.LOCATION, ICalText.value(master, Property.LOCATION));
        put(slots, AppointmentSlots.DESCRIPTION, ICalText.value(master, Property.DESCRIPTION));
        reminder(master).map(r -> Long.toString(r.minutes())).ifPresent(m -> slots.put(AppointmentSlots.REMINDER, m));
        String clazz = ICalText.value(master, Property.CLASS);
        if (clazz != null && (clazz.equalsIgnoreCase("PRIVATE") || clazz.equalsIgnoreCase("CONFIDENTIAL"))) {
            slots.put(AppointmentSlots.PRIVATE, "true");
        }
        // One text for one series, whichever peer it came from: RuleText's shape, as Outlook gives it back.
        put(slots, AppointmentSlots.RECURRENCE, RuleText.canonical(ICalText.value(master, Property.RRULE),
                span == null ? null : firstDate(span.start())));
        if (span != null) {
            put(slots, AppointmentSlots.EXCEPTIONS, exceptions(master, span.start(), floating));
            put(slots, AppointmentSlots.OCCURRENCE_EDITS, edits(calendar, master, span.start(), floating));
        }
        put(slots, AppointmentSlots.ATTENDEES, attendees(master));
        return slots;
    }

    private record Span(ICalTimes.Moment start, ICalTimes.Moment end) {
    }

    /** The series' first date, local in its own zone (a floating or UTC start in UTC). */
    private static java.time.LocalDate firstDate(ICalTimes.Moment start) {
        if (start.allDay()) return start.date();
        return start.instant().atZone(start.zone() == null ? java.time.ZoneOffset.UTC : start.zone()).toLocalDate();
    }

    /** DTSTART to DTEND, else DTSTART plus DURATION, else RFC 5545 §3.6.1's defaults (a day; no length). */
    private static Span span(Component c, ZoneId floating) {
        ICalTimes.Moment start = ICalTimes.read(c.getProperty(Property.DTSTART).orElse(null), floating);
        if (start == null) return null;
        ICalTimes.Moment end = ICalTimes.read(c.getProperty(Property.DTEND).orElse(null), floating);
        if (end == null || end.allDay() != start.allDay()) {
            Duration d = ICalTimes.duration(ICalText.value(c, Property.DURATION));
            if (start.allDay()) {
                long days = d == null ? 1 : Math.max(1, d.toDays());
                end = new ICalTimes.Moment(start.date().plusDays(days), null, null);
            } else {
                end = new ICalTimes.Moment(null, start.instant().plus(d == null ? Duration.ZERO : d), start.zone());
            }
        }
        return new Span(start, end);
    }

    /** A moment in the form of the series' start: a date for an all-day series, else an instant. */
    private static String like(ICalTimes.Moment start, ICalTimes.Moment m) {
        if (start.allDay()) {
            return (m.allDay() ? m.date() : m.instant().atZone(ZoneOffset.UTC).toLocalDate()).toString();
        }
        if (m.allDay()) {
            ZoneId zone = start.zone() == null ? ZoneOffset.UTC : start.zone();
            return m.date().atTime(start.instant().atZone(zone).toLocalTime()).atZone(zone).toInstant().toString();
        }
        return m.instant().toString();
    }

    private static String exceptions(Component master, ICalTimes.Moment start, ZoneId floating) {
        var all = new java.util.TreeSet<String>();
        for (Property p : master.<Property>getProperties(Property.EXDATE)) {
            ICalTimes.readAll(p, floating).forEach(m -> all.add(like(start, m)));
        }
        return all.isEmpty() ? null : String.join(",", all);
    }

    private static String edits(Calendar calendar, Component master, ICalTimes.Moment start, ZoneId floating) {
        var edits = new ArrayList<OccurrenceEdits.Edit>();
        for (Component o : ICalText.overrides(calendar, Component.VEVENT, master)) {
            ICalTimes.Moment id = ICalTimes.read(o.getProperty(Property.RECURRENCE_ID).orElse(null), floating);
            if (id == null) continue;
            Span span = span(o, floating);
            edits.add(new OccurrenceEdits.Edit(like(start, id), span == null ? null : span.start().slot(),
                    span == null ? null : span.end().slot(), ICalText.value(o, Property.SUMMARY),
                    ICalText.value(o, Property.LOCATION), ICalText.value(o, Property.DESCRIPTION)));
        }
        return OccurrenceEdits.encode(edits);
    }

    private record Reminder(Component alarm, long minutes) {
    }

    /** The first DISPLAY/AUDIO alarm with a TRIGGER relative to the start, at or before it. */
    private static Optional<Reminder> reminder(Component event) {
        for (Component alarm : alarms(event)) {
            String action = ICalText.value(alarm, Property.ACTION);
            if (action == null || !(action.equalsIgnoreCase("DISPLAY") || action.equalsIgnoreCase("AUDIO"))) continue;
            Property trigger = alarm.getProperty(Property.TRIGGER).orElse(null);
            if (trigger == null) continue;
            if (ICalText.parameter(trigger, Parameter.VALUE).map(v -> v.equalsIgnoreCase("DATE-TIME")).orElse(false)
                    || ICalText.parameter(trigger, Parameter.RELATED).map(v -> v.equalsIgnoreCase("END")).orElse(false)) {
                continue;
            }
            Duration d = ICalTimes.duration(trigger.getValue());
            if (d == null || d.isPositive()) continue;
            return Optional.of(new Reminder(alarm, d.negated().toMinutes()));
        }
        return Optional.empty();
    }

    private static List<Component> alarms(Component event) {
        if (event instanceof net.fortuna.ical4j.model.ComponentContainer<?> container) {
            return container.getComponentList().getAll().stream().map(Component.class::cast)
                    .filter(c -> c.getName().equalsIgnoreCase(Component.VALARM)).toList();
        }
        return List.of();
    }

    /** ORGANIZER then ATTENDEEs as "Name <address>" lines (the address alone without a name), each address once. */
    private static String attendees(Component master) {
        var lines = new LinkedHashMap<String, String>();
        List<Property> people = new ArrayList<>(master.getProperties(Property.ORGANIZER));
        people.addAll(master.getProperties(Property.ATTENDEE));
        for (Property p : people) {
            String address = p.getValue().strip().replaceFirst("(?i)^mailto:", "");
            if (address.isEmpty()) continue;
            String name = ICalText.parameter(p, Parameter.CN).map(n -> n.replaceAll("^\"|\"$", "")).orElse(null);
            // Google names people by their address when it knows no name: then the address alone.
            boolean named = name != null && !name.isBlank() && !name.equalsIgnoreCase(address);
            lines.putIfAbsent(address.toLowerCase(Locale.ROOT), named ? name + " <" + address + ">" : address);
        }
        return lines.isEmpty() ? null : String.join("\n", lines.values());
    }


    // ---- writing ----------------------------------------------------------------------------

    @Override
    public void write(Calendar calendar, Component master, Map<String, String> current, Map<String, String> wanted) {
        if (changed(current, wanted, AppointmentSlots.SUBJECT)) {
            ICalText.setText(master, Property.SUMMARY, wanted.get(AppointmentSlots.SUBJECT));
        }
        boolean allDay = isDate(wanted.get(AppointmentSlots.START));
        ZoneId zone = allDay ? null : WindowsZones.zone(wanted.get(AppointmentSlots.TIME_ZONE)).orElse(null);
        if (changed(current, wanted, AppointmentSlots.START, AppointmentSlots.END, AppointmentSlots.TIME_ZONE)) {
            writeTimes(calendar, master, wanted, allDay, zone);
        }
        if (changed(current, wanted, AppointmentSlots.LOCATION)) {
            ICalText.setText(master, Property.LOCATION, wanted.get(AppointmentSlots.LOCATION));
        }
        if (changed(current, wanted, AppointmentSlots.DESCRIPTION)) {
            ICalText.setText(master, Property.DESCRIPTION, wanted.get(AppointmentSlots.DESCRIPTION));
        }
        if (changed(current, wanted, AppointmentSlots.REMINDER)) {
            writeReminder(master, wanted.get(AppointmentSlots.REMINDER));
        }
        if (changed(current, wanted, AppointmentSlots.PRIVATE)) {
            master.removeAll(Property.CLASS);
            if ("true".equalsIgnoreCase(wanted.get(AppointmentSlots.PRIVATE))) {
                master.add(ICalText.property(Property.CLASS, "PRIVATE"));
            }
        }
        if (changed(current, wanted, AppointmentSlots.RECURRENCE)) {
            master.removeAll(Property.RRULE);
            String rule = RecurrenceRule.normal(wanted.get(AppointmentSlots.RECURRENCE));
            if (rule != null) master.add(ICalText.property(Property.RRULE, rule));
        }
        if (changed(current, wanted, AppointmentSlots.EXCEPTIONS)) {
            master.removeAll(Property.EXDATE);
            List<ICalTimes.Moment> dates = moments(wanted.get(AppointmentSlots.EXCEPTIONS));
            if (!dates.isEmpty()) {
                if (zone != null) ensureTimeZone(calendar, zone);
                master.add(ICalTimes.write(Property.EXDATE, dates, allDay, zone));
            }
        }
        if (changed(current, wanted, AppointmentSlots.OCCURRENCE_EDITS)) {
            writeEdits(calendar, master, OccurrenceEdits.decode(wanted.get(AppointmentSlots.OCCURRENCE_EDITS)), allDay, zone);
        }
        // ATTENDEES is never written: a server would send invitations.
    }


    private static boolean isDate(String slot) {
        return slot != null && slot.length() == 10;
    }

    private void writeTimes(Calendar calendar, Component master, Map<String, String> wanted, boolean allDay, ZoneId zone) {
        master.removeAll(Property.DTSTART, Property.DTEND, Property.DURATION, ALL_DAY_ZONE);
        ICalTimes.Moment start = ICalTimes.fromSlot(wanted.get(AppointmentSlots.START));
        ICalTimes.Moment end = ICalTimes.fromSlot(wanted.get(AppointmentSlots.END));
        if (start == null) return;
        if (zone != null) ensureTimeZone(calendar, zone);
        master.add(ICalTimes.write(Property.DTSTART, List.of(start), allDay, zone));
        if (end != null && end.allDay() == allDay) master.add(ICalTimes.write(Property.DTEND, List.of(end), allDay, zone));
        if (allDay) {
            WindowsZones.zone(wanted.get(AppointmentSlots.TIME_ZONE))
                    .ifPresent(z -> master.add(ICalText.property(ALL_DAY_ZONE, z.getId())));
        }
    }

    /** RFC 5545 §3.2.19: every TZID used needs its VTIMEZONE; ical4j's zone data provides it. */
    private static void ensureTimeZone(Calendar calendar, ZoneId zone) {
        boolean present = ICalText.components(calendar, Component.VTIMEZONE).stream()
                .anyMatch(tz -> zone.getId().equals(ICalText.value(tz, Property.TZID)));
        if (present) return;
        try {
            var tz = TimeZoneRegistryFactory.getInstance().createRegistry().getTimeZone(zone.getId());
            if (tz == null) return;
            Component vtimezone = tz.getVTimeZone().copy();
            // ical4j's data may name a zone by its canonical alias (Europe/Amsterdam → Europe/Brussels).
            vtimezone.replace(ICalText.property(Property.TZID, zone.getId()));
            calendar.add((net.fortuna.ical4j.model.component.CalendarComponent) vtimezone);
        } catch (RuntimeException e) {
            // Without it the object still says its zone by name, which is what CalDAV servers use.
        }
    }

    private static List<ICalTimes.Moment> moments(String list) {
        var moments = new ArrayList<ICalTimes.Moment>();
        if (list == null) return moments;
        for (String s : list.split(",")) {
            if (!s.isBlank()) moments.add(ICalTimes.fromSlot(s.strip()));
        }
        return moments;
    }

    private static void writeReminder(Component event, String minutes) {
        Optional<Reminder> existing = reminder(event);
        if (minutes == null) {
            existing.ifPresent(r -> ((net.fortuna.ical4j.model.ComponentContainer<Component>) event).remove(r.alarm()));
            return;
        }
        long m = Long.parseLong(minutes.strip());
        Property trigger = ICalText.property(Property.TRIGGER, m == 0 ? "PT0S" : "-PT" + m + "M");
        if (existing.isPresent()) {
            existing.get().alarm().replace(trigger);
            return;
        }
        Component alarm = ICalText.component(Component.VALARM);
        alarm.add(ICalText.property(Property.ACTION, "DISPLAY"));
        alarm.add(ICalText.text(Property.DESCRIPTION, "Reminder"));
        alarm.add(trigger);
        ((net.fortuna.ical4j.model.ComponentContainer<Component>) event).add(alarm);
    }

    /** Replaces every override with one per edit (the slot changed, so it is the truth now). */
    private void writeEdits(Calendar calendar, Component master, List<OccurrenceEdits.Edit> edits, boolean allDay, ZoneId zone) {
        for (Component o : ICalText.overrides(calendar, Component.VEVENT, master)) {
            calendar.remove((net.fortuna.ical4j.model.component.CalendarComponent) o);
        }
        String uid = ICalText.value(master, Property.UID);
        if (zone != null && !edits.isEmpty()) ensureTimeZone(calendar, zone);
        for (OccurrenceEdits.Edit e : edits) {
            Component o = ICalText.component(Component.VEVENT);
            if (uid != null) o.add(ICalText.text(Property.UID, uid));
            o.add(ICalText.property(Property.DTSTAMP, ICalTimes.LOCAL.format(clock.instant().atZone(ZoneOffset.UTC)) + "Z"));
            o.add(ICalTimes.write(Property.RECURRENCE_ID, List.of(ICalTimes.fromSlot(e.recurrenceId())), allDay, zone));
            ICalTimes.Moment start = ICalTimes.fromSlot(e.start() == null ? e.recurrenceId() : e.start());
            o.add(ICalTimes.write(Property.DTSTART, List.of(start), start.allDay(), start.allDay() ? null : zone));
            if (e.end() != null) {
                ICalTimes.Moment end = ICalTimes.fromSlot(e.end());
                o.add(ICalTimes.write(Property.DTEND, List.of(end), end.allDay(), end.allDay() ? null : zone));
            }
            String subject = e.subject() != null ? e.subject() : ICalText.value(master, Property.SUMMARY);
            if (subject != null) o.add(ICalText.text(Property.SUMMARY, subject));
            if (e.location() != null) o.add(ICalText.text(Property.LOCATION, e.location()));
            if (e.description() != null) o.add(ICalText.text(Property.DESCRIPTION, e.description()));
            calendar.add((net.fortuna.ical4j.model.component.CalendarComponent) o);
        }
    }
}
