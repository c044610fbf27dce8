package org.koppel.connector.caldav;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;

/**
 * One calendar object's text ↔ the slots of its master component, through a {@link ComponentMapper}.
 * Pure: text in, text out. Writing stamps the CRM id ({@code X-KOPPEL-ID}), keeps the object's UID
 * (a new object gets the one derived from the CRM id) and changes only the slots that differ, so a
 * read of what Koppel wrote gives back exactly the slots written (no echo, DESIGN rule 3).
 */
final class CalendarObjects {

    private final ComponentMapper mapper;
    private final Clock clock;

    CalendarObjects(ComponentMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** What Koppel reads of one object. */
    record Read(Map<String, String> slots, Long stampedCrmId, Set<String> categories, Instant modifiedAt) {
    }

    /**
     * @throws NotThisComponent     no component of this mapper's type
     * @throws ICalRejectedException not iCalendar
     */
    Read read(String text) {
        Calendar calendar = ICalText.parse(text);
        Component master = master(calendar);
        Map<String, String> slots = new TreeMap<>(mapper.read(calendar, master));
        var categories = new LinkedHashSet<String>();
        for (Property p : master.<Property>getProperties(Property.CATEGORIES)) {
            for (String c : p.getValue().split(",")) {
                if (!c.isBlank()) categories.add(c.strip());
            }
        }
        ICalTimes.Moment modified = ICalTimes.read(master.getProperty(Property.LAST_MODIFIED).orElse(null), ZoneOffset.UTC);
        return new Read(Collections.unmodifiableMap(slots), ICalText.stampedCrmId(master), Set.copyOf(categories),
                modified == null || modified.allDay() ? null : modified.instant());
    }

    /**
     * The object with {@code wanted} written into its master: a new VCALENDAR when {@code existing}
     * is null. Stamps X-KOPPEL-ID; keeps the UID, or sets {@code uid} when there is none.
     */
    String write(String existing, Map<String, String> wanted, String uid, long crmId) {
        Calendar calendar;
        Component master;
        Map<String, String> current;
        if (existing == null) {
            calendar = ICalText.newCalendar();
            master = ICalText.component(mapper.component());
            master.add(ICalText.text(Property.UID, uid));
            master.add(ICalText.property(Property.DTSTAMP, utc(clock.instant())));
            calendar.add((net.fortuna.ical4j.model.component.CalendarComponent) master);
            current = Map.of();
        } else {
            calendar = ICalText.parse(existing);
            master = master(calendar);
            current = mapper.read(calendar, master);
            if (master.getProperty(Property.UID).isEmpty()) master.add(ICalText.text(Property.UID, uid));
        }
        mapper.write(calendar, master, current, clean(wanted));
        if (!String.valueOf(crmId).equals(ICalText.value(master, ICalText.KOPPEL_ID))) {
            master.replace(ICalText.property(ICalText.KOPPEL_ID, Long.toString(crmId)));
        }
        if (existing != null) {
            // RFC 5545 §3.8.7.3: clients compare LAST-MODIFIED; an old one would hide the change.
            master.replace(ICalText.property(Property.LAST_MODIFIED, utc(clock.instant())));
        }
        return ICalText.print(calendar);
    }

    /** The UID of an object, or null. */
    String uid(String text) {
        return ICalText.value(master(ICalText.parse(text)), Property.UID);
    }

    private Component master(Calendar calendar) {
        return ICalText.master(calendar, mapper.component()).orElseThrow(() -> new NotThisComponent(
                "the calendar object holds no " + mapper.component()));
    }

    /** A readable object without this mapper's component: another peer's item in a shared calendar. */
    static final class NotThisComponent extends ICalRejectedException {
        NotThisComponent(String message) {
            super(message, null);
        }
    }

    private static Map<String, String> clean(Map<String, String> values) {
        var clean = new TreeMap<String, String>();
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) clean.put(k, v.strip());
        });
        return clean;
    }

    private static String utc(Instant at) {
        return ICalTimes.LOCAL.format(at.atZone(ZoneOffset.UTC)) + "Z";
    }
}
