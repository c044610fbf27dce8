package org.koppel.connector.caldav;

import java.util.Map;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;

/**
 * One component type's slots (VEVENT ↔ AppointmentSlots, VTODO ↔ TaskSlots). Reading a master
 * component gives the slot values in their one text form; writing changes only the slots whose value
 * differs from what the object holds, so everything else in it (unknown properties, other alarms,
 * VTIMEZONEs, overrides) stays as it was.
 */
interface ComponentMapper {

    /** "VEVENT" or "VTODO": what the collection holds and the calendar-query filters on. */
    String component();

    /** The slot values of an object's master component; blank ones absent. */
    Map<String, String> read(Calendar calendar, Component master);

    /**
     * Writes {@code wanted} into the master, given what it holds now ({@code current}); a slot absent
     * from {@code wanted} removes what the master holds for it.
     */
    void write(Calendar calendar, Component master, Map<String, String> current, Map<String, String> wanted);

    /** Puts a slot value, leaving blank ones absent as {@code Snapshot} does. */
    static void put(Map<String, String> slots, String slot, String value) {
        if (value != null && !value.isBlank()) slots.put(slot, value.strip());
    }

    /** Whether any of these slots differs between what the object holds and what is wanted. */
    static boolean changed(Map<String, String> current, Map<String, String> wanted, String... slots) {
        for (String slot : slots) {
            if (!java.util.Objects.equals(current.get(slot), wanted.get(slot))) return true;
        }
        return false;
    }
}
