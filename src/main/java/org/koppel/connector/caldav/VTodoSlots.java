package org.koppel.connector.caldav;

import static org.koppel.connector.caldav.ComponentMapper.changed;
import static org.koppel.connector.caldav.ComponentMapper.put;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.parameter.Value;
import org.koppel.sync.TaskSlots;

/**
 * VTODO ↔ {@link TaskSlots}. DUE is a date: a DUE date-time gives its date in its own zone (UTC for
 * a Z time, the local date for a floating one) and is written as VALUE=DATE. STATUS:COMPLETED is
 * completed; writing it adds a COMPLETED timestamp, reopening writes NEEDS-ACTION and drops it.
 * PRIORITY 1-4 is high, 6-9 low, 5, 0 or none normal (RFC 5545 §3.8.1.9); high is written as 1,
 * low as 9, normal removes it. DESCRIPTION holds the notes.
 */
final class VTodoSlots implements ComponentMapper {

    private final Clock clock;

    VTodoSlots(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String component() {
        return Component.VTODO;
    }

    @Override
    public Map<String, String> read(Calendar calendar, Component todo) {
        var slots = new LinkedHashMap<String, String>();
        put(slots, TaskSlots.SUBJECT, ICalText.value(todo, Property.SUMMARY));
        LocalDate due = due(todo);
        if (due != null) slots.put(TaskSlots.DUE, due.toString());
        if ("COMPLETED".equalsIgnoreCase(ICalText.value(todo, Property.STATUS))) {
            slots.put(TaskSlots.STATUS, TaskSlots.COMPLETED);
        }
        put(slots, TaskSlots.PRIORITY, priority(ICalText.value(todo, Property.PRIORITY)));
        put(slots, TaskSlots.NOTES, ICalText.value(todo, Property.DESCRIPTION));
        return slots;
    }

    private static LocalDate due(Component todo) {
        Property p = todo.getProperty(Property.DUE).orElse(null);
        if (p == null) return null;
        // Read as local: a floating DUE keeps its own date; a zoned one is its date in that zone.
        ICalTimes.Moment m = ICalTimes.read(p, ZoneOffset.UTC);
        if (m == null) return null;
        if (m.allDay()) return m.date();
        ZoneId zone = m.zone() != null ? m.zone() : ZoneOffset.UTC;
        return m.instant().atZone(zone).toLocalDate();
    }

    private static String priority(String value) {
        if (value == null) return null;
        try {
            int p = Integer.parseInt(value.strip());
            if (p >= 1 && p <= 4) return TaskSlots.HIGH;
            if (p >= 6 && p <= 9) return TaskSlots.LOW;
            return null;
        } catch (NumberFormatException e) {
            return null;
        }
    }


    @Override
    public void write(Calendar calendar, Component todo, Map<String, String> current, Map<String, String> wanted) {
        if (changed(current, wanted, TaskSlots.SUBJECT)) {
            ICalText.setText(todo, Property.SUMMARY, wanted.get(TaskSlots.SUBJECT));
        }
        if (changed(current, wanted, TaskSlots.DUE)) {
            todo.removeAll(Property.DUE);
            String due = wanted.get(TaskSlots.DUE);
            if (due != null) {
                todo.add(ICalText.property(Property.DUE, ICalTimes.DATE.format(LocalDate.parse(due)), Value.DATE));
            }
        }
        if (changed(current, wanted, TaskSlots.STATUS)) {
            todo.removeAll(Property.STATUS, Property.COMPLETED);
            if (TaskSlots.COMPLETED.equals(wanted.get(TaskSlots.STATUS))) {
                todo.add(ICalText.property(Property.STATUS, "COMPLETED"));
                // RFC 5545 §3.8.2.1: COMPLETED is a UTC date-time.
                todo.add(ICalText.property(Property.COMPLETED,
                        ICalTimes.LOCAL.format(clock.instant().atZone(ZoneOffset.UTC)) + "Z"));
            } else {
                todo.add(ICalText.property(Property.STATUS, "NEEDS-ACTION"));
            }
        }
        if (changed(current, wanted, TaskSlots.PRIORITY)) {
            todo.removeAll(Property.PRIORITY);
            String p = wanted.get(TaskSlots.PRIORITY);
            if (TaskSlots.HIGH.equals(p)) todo.add(ICalText.property(Property.PRIORITY, "1"));
            else if (TaskSlots.LOW.equals(p)) todo.add(ICalText.property(Property.PRIORITY, "9"));
        }
        if (changed(current, wanted, TaskSlots.NOTES)) {
            ICalText.setText(todo, Property.DESCRIPTION, wanted.get(TaskSlots.NOTES));
        }
    }

}
