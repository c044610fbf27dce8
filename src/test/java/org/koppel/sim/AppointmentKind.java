package org.koppel.sim;

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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.agenda.Visibility;
import org.koppel.sync.DataType;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncWindow;

/**
 * Appointments: timed ones, all-day ones over several days, private ones, with reminders, weekly and
 * daily series with left-out occurrences (EXDATE); some planned outside the window, some moved out of
 * it and back. A move shifts start and end together; a series is not moved (its left-out occurrences
 * would then lie before its start, which Koppel rightly refuses), its occurrences are left out or
 * edited on their own instead.
 */
final class AppointmentKind extends AgendaKind<Appointment> {

    static final String ZONE = "Europe/Amsterdam";
    private static final ZoneId AMSTERDAM = ZoneId.of(ZONE);

    private final Koppel koppel;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    AppointmentKind(Koppel koppel) {
        this.koppel = koppel;
    }

    @Override
    DataType type() {
        return DataType.APPOINTMENTS;
    }

    @Override
    String noun() {
        return "appointment";
    }

    @Override
    long owner(Appointment a) {
        return a.organiserId();
    }

    @Override
    List<String> editedSlots() {
        return List.of(SUBJECT, START, END, LOCATION, DESCRIPTION, REMINDER, PRIVATE, EXCEPTIONS, OCCURRENCE_EDITS);
    }

    /** None: edited occurrences sync both ways since Koppel keeps them (V12), under the conflict rule like the rest. */
    @Override
    List<String> peerOnlySlots() {
        return List.of();
    }

    @Override
    Appointment create(long organiser, Random random, int n) {
        int roll = random.nextInt(100);
        Appointment a;
        if (roll < 45) a = timed(n, now.plus(Duration.ofHours(random.nextInt(24 * 25) - 24 * 3)), random, organiser, null);
        else if (roll < 55) a = timed(n, outside(random), random, organiser, null);
        else if (roll < 70) a = allDay(n, today.plusDays(random.nextInt(20) - 2), 1 + random.nextInt(4), random, organiser, null);
        else if (roll < 92) a = timed(n, now.plus(Duration.ofHours(random.nextInt(24 * 20) - 24 * 3)), random, organiser,
                random.nextBoolean() ? "FREQ=WEEKLY;COUNT=" + (4 + random.nextInt(7)) : "FREQ=DAILY;COUNT=" + (3 + random.nextInt(10)));
        else a = allDay(n, today.plusDays(random.nextInt(15)), 1, random, organiser, "FREQ=WEEKLY;COUNT=" + (3 + random.nextInt(5)));
        a = withExceptions(a, random);
        return koppel.appointments.create(a, List.of(), Viewer.system(), Origin.system());
    }

    private Instant outside(Random random) {
        return random.nextBoolean() ? now.plus(Duration.ofDays(40 + random.nextInt(30)))
                : now.minus(Duration.ofDays(15 + random.nextInt(20)));
    }

    private Appointment timed(int n, Instant start, Random random, long organiser, String rule) {
        Instant end = start.plus(Duration.ofMinutes(30L * (1 + random.nextInt(4))));
        return new Appointment(null, null, "Appointment " + n, false, start, end, null, null, ZONE,
                random.nextBoolean() ? "Room " + n : null, random.nextInt(3) == 0 ? "Agenda " + n : null,
                random.nextInt(5) < 2 ? 5 + random.nextInt(60) : null,
                random.nextInt(5) == 0 ? Visibility.OWNER_ONLY : Visibility.EVERYONE, organiser, List.of(), rule,
                List.of(), List.of(), List.of(), null, null, null);
    }

    private Appointment allDay(int n, LocalDate first, int days, Random random, long organiser, String rule) {
        return new Appointment(null, null, "Days " + n, true, null, null, first, first.plusDays(days), ZONE,
                random.nextBoolean() ? "Venue " + n : null, null, random.nextInt(4) == 0 ? 60 * 12 : null,
                random.nextInt(6) == 0 ? Visibility.OWNER_ONLY : Visibility.EVERYONE, organiser, List.of(), rule,
                List.of(), List.of(), List.of(), null, null, null);
    }

    /** A series made with some occurrences left out already. */
    private Appointment withExceptions(Appointment a, Random random) {
        if (a.recurrence() == null || random.nextBoolean()) return a;
        List<String> occurrences = occurrences(project(a).values());
        String left = occurrences.get(1 + random.nextInt(occurrences.size() - 1));
        return apply(a, Map.of(EXCEPTIONS, left));
    }

    @Override
    Appointment find(long id) {
        return koppel.appointmentStore.load(List.of(id)).getFirst(); // deleted ones too
    }

    @Override
    long id(Appointment a) {
        return a.id();
    }

    @Override
    long version(Appointment a) {
        return a.version();
    }

    @Override
    boolean deleted(Appointment a) {
        return a.deletedAt() != null;
    }

    @Override
    Appointment update(Appointment current, Map<String, String> changes) {
        return koppel.appointments.update(current.id(), current.version(), apply(current, changes), List.of(),
                Viewer.system(), Origin.user(current.organiserId()));
    }

    /** The edit as Koppel's appointment form makes it: field by field. */
    private static Appointment apply(Appointment a, Map<String, String> changes) {
        boolean allDay = a.allDay();
        Instant start = a.start();
        Instant end = a.end();
        LocalDate startDate = a.startDate();
        LocalDate endDate = a.endDate();
        if (changes.containsKey(START)) {
            if (allDay) {
                startDate = LocalDate.parse(changes.get(START));
                endDate = LocalDate.parse(changes.get(END));
            } else {
                start = Instant.parse(changes.get(START));
                end = Instant.parse(changes.get(END));
            }
        }
        String subject = changes.containsKey(SUBJECT) ? changes.get(SUBJECT) : a.subject();
        String location = changes.containsKey(LOCATION) ? changes.get(LOCATION) : a.location();
        String description = changes.containsKey(DESCRIPTION) ? changes.get(DESCRIPTION) : a.description();
        Integer reminder = !changes.containsKey(REMINDER) ? a.reminderMinutes()
                : changes.get(REMINDER) == null ? null : Integer.valueOf(changes.get(REMINDER));
        Visibility visibility = !changes.containsKey(PRIVATE) ? a.visibility()
                : "true".equals(changes.get(PRIVATE)) ? Visibility.OWNER_ONLY : Visibility.EVERYONE;
        List<Instant> exceptions = a.exceptions();
        List<LocalDate> exceptionDates = a.exceptionDates();
        if (changes.containsKey(EXCEPTIONS)) {
            List<String> parts = changes.get(EXCEPTIONS) == null ? List.of() : Arrays.asList(changes.get(EXCEPTIONS).split(","));
            exceptions = allDay ? List.of() : parts.stream().map(Instant::parse).toList();
            exceptionDates = allDay ? parts.stream().map(LocalDate::parse).toList() : List.of();
        }
        return new Appointment(a.id(), a.version(), subject, allDay, start, end, startDate, endDate, a.timeZone(), location,
                description, reminder, visibility, a.organiserId(), a.relationIds(), a.recurrence(), exceptions,
                exceptionDates, !changes.containsKey(OCCURRENCE_EDITS) ? a.occurrenceEdits()
                : OccurrenceEdits.decode(changes.get(OCCURRENCE_EDITS)).stream().map(e -> new org.koppel.crm.agenda.OccurrenceEdit(
                        e.recurrenceId(), e.start(), e.end(), e.subject(), e.location(), e.description())).toList(),
                null, null, null);
    }

    @Override
    void delete(Appointment a) {
        koppel.appointments.delete(a.id(), a.version(), Viewer.system(), Origin.user(a.organiserId()));
    }

    @Override
    Appointment handTo(Appointment a, long employee) {
        return koppel.appointments.update(a.id(), a.version(), new Appointment(a.id(), a.version(), a.subject(), a.allDay(),
                a.start(), a.end(), a.startDate(), a.endDate(), a.timeZone(), a.location(), a.description(),
                a.reminderMinutes(), a.visibility(), employee, a.relationIds(), a.recurrence(), a.exceptions(),
                a.exceptionDates(), a.occurrenceEdits(), null, null, null), List.of(), Viewer.system(), Origin.user(a.organiserId()));
    }

    @Override
    Snapshot project(Appointment a) {
        return org.koppel.sync.AppointmentProjection.project(a, koppel.config.fieldMap(DataType.APPOINTMENTS));
    }

    @Override
    Set<Long> scope(long user, SyncWindow window) {
        return koppel.appointmentStore.idsOfOrganiserIn(user, window.from(), window.to());
    }

    @Override
    Map<String, String> change(String slot, Map<String, String> now, Random random, String label, int n) {
        boolean series = now.get(RECURRENCE) != null;
        var changes = new HashMap<String, String>();
        switch (slot) {
            case SUBJECT -> changes.put(SUBJECT, label + " subject " + n);
            case LOCATION -> changes.put(LOCATION, clear(now, LOCATION, random) ? null : label + " room " + n);
            case DESCRIPTION -> changes.put(DESCRIPTION, clear(now, DESCRIPTION, random) ? null : label + " notes " + n + "\nline two");
            case REMINDER -> changes.put(REMINDER, clear(now, REMINDER, random) ? null : Integer.toString(n % 40_000));
            case PRIVATE -> changes.put(PRIVATE, now.get(PRIVATE) == null ? "true" : null);
            case START, END -> {
                if (series) return null;
                int days = random.nextInt(5) == 0 ? 35 + random.nextInt(20) : random.nextInt(21) - 10;
                if (days == 0) days = 1;
                // Out of the window: half the time back in.
                if (isDate(now.get(START)) ? LocalDate.parse(now.get(START)).isAfter(today.plusDays(31))
                        : Instant.parse(now.get(START)).isAfter(this.now.plus(Duration.ofDays(31)))) {
                    days = random.nextBoolean() ? -(35 + random.nextInt(10)) : days;
                }
                changes.put(START, shift(now.get(START), days));
                changes.put(END, shift(now.get(END), days));
            }
            case EXCEPTIONS -> {
                if (!series) return null;
                var left = new TreeSet<String>();
                if (now.get(EXCEPTIONS) != null) left.addAll(Arrays.asList(now.get(EXCEPTIONS).split(",")));
                List<String> open = occurrences(now).stream().skip(1).filter(o -> !left.contains(o)).toList();
                if (open.isEmpty()) return null;
                left.add(open.get(random.nextInt(open.size())));
                changes.put(EXCEPTIONS, String.join(",", left));
            }
            case OCCURRENCE_EDITS -> {
                if (!series || isDate(now.get(START))) return null;
                var edits = new ArrayList<>(OccurrenceEdits.decode(now.get(OCCURRENCE_EDITS)));
                var taken = edits.stream().map(OccurrenceEdits.Edit::recurrenceId).toList();
                List<String> open = occurrences(now).stream().skip(1).filter(o -> !taken.contains(o)).toList();
                if (open.isEmpty()) return null;
                String occurrence = open.get(random.nextInt(open.size()));
                Instant moved = Instant.parse(occurrence).plus(Duration.ofHours(1));
                edits.add(new OccurrenceEdits.Edit(occurrence, moved.toString(), moved.plus(Duration.ofMinutes(30)).toString(),
                        label + " moved occurrence " + n, null, null));
                changes.put(OCCURRENCE_EDITS, OccurrenceEdits.encode(edits));
            }
            default -> throw new IllegalArgumentException(slot);
        }
        return changes;
    }

    /** A slot is sometimes cleared instead; {@link AgendaMoves} refuses a value the slot held before. */
    private static boolean clear(Map<String, String> now, String slot, Random random) {
        return now.get(slot) != null && random.nextInt(5) == 0;
    }

    private static String shift(String value, int days) {
        return isDate(value) ? LocalDate.parse(value).plusDays(days).toString()
                : Instant.parse(value).plus(Duration.ofDays(days)).toString();
    }

    private static boolean isDate(String value) {
        return value.length() == 10;
    }

    /** The starts of a series' occurrences, in slot form, in its zone's local time (a weekly 9:00 stays 9:00 across DST). */
    static List<String> occurrences(Map<String, String> slots) {
        String rule = slots.get(RECURRENCE);
        String start = slots.get(START);
        int count = Integer.parseInt(rule.replaceAll(".*COUNT=(\\d+).*", "$1"));
        boolean weekly = rule.contains("WEEKLY");
        var starts = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            if (isDate(start)) {
                LocalDate first = LocalDate.parse(start);
                starts.add((weekly ? first.plusWeeks(i) : first.plusDays(i)).toString());
            } else {
                ZonedDateTime first = Instant.parse(start).atZone(AMSTERDAM);
                starts.add((weekly ? first.plusWeeks(i) : first.plusDays(i)).toInstant().toString());
            }
        }
        return starts;
    }

    @Override
    Map<String, String> peerMade(Random random, int n) {
        var slots = new TreeMap<String, String>();
        slots.put(SUBJECT, "Planned on the phone " + n);
        slots.put(TIME_ZONE, ZONE);
        int roll = random.nextInt(100);
        if (roll < 15) {
            LocalDate first = today.plusDays(random.nextInt(20));
            slots.put(START, first.toString());
            slots.put(END, first.plusDays(1 + random.nextInt(3)).toString());
        } else {
            // A sixth of them ended before the window: a calendar's history stays out of Koppel.
            Instant start = roll < 30 ? now.minus(Duration.ofDays(20 + random.nextInt(10)))
                    : now.plus(Duration.ofHours(random.nextInt(24 * 25)));
            slots.put(START, start.toString());
            slots.put(END, start.plus(Duration.ofMinutes(45)).toString());
            if (roll >= 30 && roll < 40) slots.put(RECURRENCE, "FREQ=WEEKLY;COUNT=" + (3 + random.nextInt(5)));
        }
        if (random.nextBoolean()) slots.put(LOCATION, "Phone room " + n);
        if (random.nextInt(3) == 0) slots.put(REMINDER, "15");
        if (random.nextInt(6) == 0) slots.put(PRIVATE, "true");
        return slots;
    }

    @Override
    boolean importable(Map<String, String> slots, SyncWindow window) {
        if (slots.get(RECURRENCE) != null) return true;
        String end = slots.get(END);
        Instant at = isDate(end) ? LocalDate.parse(end).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(end);
        return at.isAfter(window.from());
    }

    /** Outside the window by a day or more: timed and all-day appointments alike, whatever zone places them. */
    @Override
    String refusedCreate(Snapshot sent, SyncWindow window) {
        Instant start = instant(sent.get(START));
        Instant end = sent.get(END) == null ? start : instant(sent.get(END));
        if (!start.isBefore(window.to().plus(Duration.ofDays(1)))) return "it starts after the window";
        if (sent.get(RECURRENCE) == null && !end.isAfter(window.from().minus(Duration.ofDays(1)))) return "it ended before the window";
        return null;
    }

    private static Instant instant(String value) {
        return isDate(value) ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
    }
}
