package org.koppel.connector.caldav;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.DefaultComponentFactorySupplier;
import net.fortuna.ical4j.data.DefaultPropertyFactorySupplier;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ComponentBuilder;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyBuilder;
import net.fortuna.ical4j.model.PropertyContainer;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.util.CompatibilityHints;

/**
 * iCalendar text ↔ ical4j's model, with the leniency real exports need (Outlook's unknown
 * parameters, long lines folded oddly, missing DTSTAMP). Only the structure is ical4j's: values
 * (dates, zones, durations) are read from their text by {@link ICalTimes}, so a zone ical4j does not
 * know never fails a read. Properties and components Koppel does not map stay in the model as they
 * came and are written back as they were (VTIMEZONE, X- properties, ATTACH, CATEGORIES...).
 */
final class ICalText {

    static final String PRODUCT_ID = "-//Koppel//Koppel CRM//EN";
    /** Koppel's stamp: the CRM id of the record an item belongs to (DESIGN, sync rule 1). */
    static final String KOPPEL_ID = "X-KOPPEL-ID";

    static {
        // Global in ical4j; relaxed is what every reader of real-world calendars needs.
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_UNFOLDING, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_VALIDATION, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_OUTLOOK_COMPATIBILITY, true);
    }

    private ICalText() {
    }

    static Calendar parse(String text) {
        if (text == null || text.isBlank()) throw new ICalRejectedException("the calendar object is empty", null);
        try {
            return new CalendarBuilder().build(new StringReader(text.replace("\uFEFF", "")));
        } catch (ParserException | IOException | RuntimeException e) {
            throw new ICalRejectedException("not readable as iCalendar: " + e.getMessage(), e);
        }
    }

    static String print(Calendar calendar) {
        return calendar.toString();
    }

    /** A new, empty VCALENDAR as Koppel creates them. */
    static Calendar newCalendar() {
        Calendar c = new Calendar();
        c.add(property("PRODID", PRODUCT_ID));
        c.add(property("VERSION", "2.0"));
        return c;
    }

    /**
     * The master of a component type: the one without RECURRENCE-ID (RFC 4791 §4.1: one object
     * holds a series with its overrides). An object holding only overrides (an invitation to one
     * occurrence) is read by its first one.
     */
    static Optional<Component> master(Calendar calendar, String type) {
        List<Component> all = components(calendar, type);
        return all.stream().filter(c -> c.getProperty(Property.RECURRENCE_ID).isEmpty()).findFirst()
                .or(() -> all.stream().findFirst());
    }

    static List<Component> overrides(Calendar calendar, String type, Component master) {
        return components(calendar, type).stream()
                .filter(c -> c != master && c.getProperty(Property.RECURRENCE_ID).isPresent()).toList();
    }

    static List<Component> components(Calendar calendar, String type) {
        List<CalendarComponent> all = calendar.getComponents(type);
        return all.stream().map(Component.class::cast).toList();
    }

    static Component component(String name) {
        return new ComponentBuilder<>(new DefaultComponentFactorySupplier().get()).name(name).build();
    }

    /** A property from its text form as it appears after the colon (escaped as RFC 5545 writes it). */
    static Property property(String name, String rawValue, Parameter... parameters) {
        PropertyBuilder b = new PropertyBuilder(new DefaultPropertyFactorySupplier().get()).name(name).value(rawValue);
        for (Parameter p : parameters) b.parameter(p);
        return b.build();
    }

    /** A TEXT property (SUMMARY, LOCATION, DESCRIPTION) holding {@code plain}, escaped on output. */
    static Property text(String name, String plain) {
        Property p = property(name, "x");
        try {
            p.setValue(plain);
        } catch (Exception e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** The value of the first property of a name, stripped; null when absent or blank. */
    static String value(PropertyContainer c, String name) {
        return c.getProperty(name).map(Property::getValue).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    }

    static Optional<String> parameter(Property p, String name) {
        return p.getParameter(name).map(Parameter::getValue).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Sets the text property, or removes it when {@code plain} is null. */
    static void setText(Component c, String name, String plain) {
        if (plain == null) {
            c.removeAll(name);
        } else if (c.getProperty(name).isPresent()) {
            Property existing = c.getProperty(name).get();
            try {
                existing.setValue(plain); // keeps its parameters (LANGUAGE, ALTREP)
            } catch (Exception e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        } else {
            c.add(text(name, plain));
        }
    }

    /** The CRM id stamped in the object, if a Koppel record's. */
    static Long stampedCrmId(Component master) {
        String id = value(master, KOPPEL_ID);
        if (id == null) return null;
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
