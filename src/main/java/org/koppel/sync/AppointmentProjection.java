package org.koppel.sync;

import static org.koppel.sync.AppointmentSlots.END;
import static org.koppel.sync.AppointmentSlots.START;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.OccurrenceEdit;
import org.koppel.crm.agenda.Visibility;
import org.koppel.sync.FieldMap.Row;

/**
 * An appointment as {@link AppointmentSlots}, and slot values written back into an appointment,
 * following the field map. Start and end are one group: their form (instant or date) says whether
 * the appointment is timed or all-day, so they are read and written together.
 */
public final class AppointmentProjection {

    private AppointmentProjection() {
    }

    public static Snapshot project(Appointment a, FieldMap map) {
        return FieldMap.project(map.rows(), field -> read(a, field));
    }

    /** The appointment with the given slots taken from {@code peer}; fields the map does not name stay as they are. */
    public static Appointment apply(Appointment a, Snapshot peer, Set<String> slots, FieldMap map) {
        var fields = new ArrayList<String>();
        for (Row row : map.rows()) {
            if (slots.contains(row.slot()) && row.peerToCrm()) fields.add(row.crmField());
        }
        var e = new Editable(a);
        if (fields.contains("start") || fields.contains("end")) e.span(slotOf(map, "start", peer), slotOf(map, "end", peer));
        for (String field : fields) e.set(field, peer.get(slotName(map, field)));
        return e.build();
    }

    /** A new appointment from a peer item: what the map takes from the peer, the organiser, the relations it concerns. */
    public static Appointment fromPeer(Snapshot peer, FieldMap map, long organiserId, List<Long> relationIds,
                                       String defaultZone) {
        var blank = new Appointment(null, null, "(no subject)", false, null, null, null, null, defaultZone, null, null,
                null, Visibility.EVERYONE, organiserId, relationIds, null, List.of(), List.of(), List.of(), null, null, null);
        Set<String> all = new java.util.HashSet<>(peer.values().keySet());
        return apply(blank, peer, all, map);
    }

    private static String slotName(FieldMap map, String field) {
        return map.rows().stream().filter(r -> r.crmField().equals(field)).map(Row::slot).findFirst().orElse(field);
    }

    private static String slotOf(FieldMap map, String field, Snapshot peer) {
        return peer.get(slotName(map, field));
    }

    private static String read(Appointment a, String field) {
        return switch (field) {
            case "subject" -> a.subject();
            case "start" -> a.allDay() ? text(a.startDate()) : text(a.start());
            case "end" -> a.allDay() ? text(a.endDate()) : text(a.end());
            case "timeZone" -> a.timeZone();
            case "location" -> a.location();
            case "description" -> a.description();
            case "reminderMinutes" -> a.reminderMinutes() == null ? null : a.reminderMinutes().toString();
            case "visibility" -> a.visibility() == Visibility.OWNER_ONLY ? "true" : null;
            case "recurrence" -> RuleText.canonical(a.recurrence(), firstDate(a));
            case "exceptions" -> a.allDay() ? joined(a.exceptionDates()) : joined(a.exceptions());
            case "occurrenceEdits" -> OccurrenceEdits.encode(a.occurrenceEdits().stream().map(e -> new OccurrenceEdits.Edit(
                    e.occurrence(), e.start(), e.end(), e.subject(), e.location(), e.description())).toList());
            default -> throw new IllegalArgumentException("the field map names an unknown appointment field: " + field);
        };
    }

    /** The date of the series' first occurrence, local in its zone, as a rule's parts refer to it. */
    private static LocalDate firstDate(Appointment a) {
        if (a.allDay()) return a.startDate();
        if (a.start() == null) return null;
        try {
            return a.start().atZone(java.time.ZoneId.of(a.timeZone())).toLocalDate();
        } catch (java.time.DateTimeException e) {
            return a.start().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
    }

    private static String text(Object value) {
        if (value == null) return null;
        return value instanceof Instant i ? i.truncatedTo(ChronoUnit.SECONDS).toString() : value.toString();
    }

    private static String joined(List<?> values) {
        if (values.isEmpty()) return null;
        return String.join(",", values.stream().map(AppointmentProjection::text).sorted().toList());
    }

    /** The fields of an appointment being rewritten from slot values. */
    private static final class Editable {
        private final Appointment a;
        private String subject;
        private boolean allDay;
        private Instant start;
        private Instant end;
        private LocalDate startDate;
        private LocalDate endDate;
        private String timeZone;
        private String location;
        private String description;
        private Integer reminder;
        private Visibility visibility;
        private String recurrence;
        private List<Instant> exceptions;
        private List<LocalDate> exceptionDates;
        private List<OccurrenceEdit> edits;

        Editable(Appointment a) {
            this.a = a;
            subject = a.subject();
            allDay = a.allDay();
            start = a.start();
            end = a.end();
            startDate = a.startDate();
            endDate = a.endDate();
            timeZone = a.timeZone();
            location = a.location();
            description = a.description();
            reminder = a.reminderMinutes();
            visibility = a.visibility();
            recurrence = a.recurrence();
            exceptions = a.exceptions();
            exceptionDates = a.exceptionDates();
            edits = a.occurrenceEdits();
        }

        /** Start and end as the peer has them; the start's form says timed or all-day. */
        void span(String startText, String endText) {
            if (startText == null) return;
            if (isDate(startText)) {
                allDay = true;
                startDate = date("startDate", startText);
                endDate = endText == null ? startDate.plusDays(1) : date("endDate", endText);
                start = null;
                end = null;
            } else {
                allDay = false;
                start = instant("start", startText);
                end = endText == null ? start : instant("end", endText);
                startDate = null;
                endDate = null;
            }
        }

        void set(String field, String v) {
            switch (field) {
                case "subject" -> subject = v == null ? a.subject() : v;
                case "timeZone" -> timeZone = v == null ? timeZone : v;
                case "location" -> location = v;
                case "description" -> description = v;
                case "reminderMinutes" -> reminder = minutes(v);
                case "visibility" -> visibility = "true".equals(v) ? Visibility.OWNER_ONLY : Visibility.EVERYONE;
                case "recurrence" -> recurrence = v;
                case "exceptions" -> exceptions(v);
                case "occurrenceEdits" -> edits = OccurrenceEdits.decode(v).stream().map(e -> new OccurrenceEdit(
                        e.recurrenceId(), e.start(), e.end(), e.subject(), e.location(), e.description())).toList();
                default -> { }
            }
        }

        private void exceptions(String v) {
            exceptions = new ArrayList<>();
            exceptionDates = new ArrayList<>();
            if (v == null) return;
            for (String part : v.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) continue;
                if (isDate(p)) exceptionDates.add(date("exceptionDates", p));
                else exceptions.add(instant("exceptions", p));
            }
            exceptions.sort(Comparator.naturalOrder());
            exceptionDates.sort(Comparator.naturalOrder());
        }

        Appointment build() {
            // An all-day series leaves out dates, a timed one instants: a peer that switched kinds keeps the fitting ones.
            List<Instant> keptExceptions = allDay ? List.of() : exceptions;
            List<LocalDate> keptDates = allDay ? exceptionDates : List.of();
            List<OccurrenceEdit> keptEdits = edits.stream().filter(e -> e.occurrence() != null
                    && isDate(e.occurrence()) == allDay).toList();
            return new Appointment(a.id(), a.version(), subject, allDay, start, end, startDate, endDate, timeZone,
                    location, description, reminder, visibility, a.organiserId(), a.relationIds(), recurrence,
                    keptExceptions, keptDates, keptEdits, a.createdAt(), a.updatedAt(), a.deletedAt());
        }
    }

    private static boolean isDate(String text) {
        return text.length() == 10 && text.charAt(4) == '-';
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + text + "' from the peer is not a date");
        }
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + text + "' from the peer is not a time");
        }
    }

    private static Integer minutes(String text) {
        if (text == null) return null;
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("reminderMinutes", "'" + text + "' from the peer is not a number of minutes");
        }
    }
}
