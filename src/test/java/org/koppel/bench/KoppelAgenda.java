package org.koppel.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.OccurrenceEdit;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.agenda.Visibility;
import org.koppel.crm.employee.Employee;
import org.koppel.security.KoppelUser;
import org.springframework.context.ApplicationContext;

/**
 * The Koppel side the agenda benchmarks share: one employee organising N appointments and
 * responsible for M open tasks, all inside the default sync window (7 days back, 31 ahead), created
 * untimed through {@link Appointments#create} and {@link Tasks#create}; the 1% edits made in Koppel.
 *
 * <p>The appointments are a mix an agenda holds (by position i, in blocks of 20): 2 weekly series of
 * four with one occurrence moved and renamed (and, for one of the two, one left out), 2 all-day
 * multi-day ones, 3 private ones, the rest timed meetings of 30 to 90 minutes in Europe/Amsterdam, half
 * of all with a reminder, most with a location. Tasks are due on the days ahead, with every priority
 * and notes on a third.
 */
final class KoppelAgenda {

    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private final Appointments appointments;
    private final Tasks tasks;
    private final Employee user;
    private final List<Long> appointmentIds = new ArrayList<>();
    private final List<Long> taskIds = new ArrayList<>();

    KoppelAgenda(ApplicationContext context, String login, String name, int appointmentCount, int taskCount) {
        this.appointments = context.getBean(Appointments.class);
        this.tasks = context.getBean(Tasks.class);
        this.user = BenchEmployee.create(context, login, name);
        LocalDate today = LocalDate.now(ZONE);
        long start = System.nanoTime();
        for (int i = 0; i < appointmentCount; i++) {
            appointmentIds.add(appointments.create(appointment(i, today), List.of(), Viewer.system(), Origin.system()).id());
        }
        for (int i = 0; i < taskCount; i++) {
            taskIds.add(tasks.create(task(i, today), List.of(), Origin.system()).id());
        }
        System.out.printf("bench:   %d appointments and %d tasks created in Koppel for %s in %.1f s (not timed)%n",
                appointmentCount, taskCount, login, (System.nanoTime() - start) / 1e9);
    }

    /** Whether appointment i is a weekly series (edited in Koppel: the 1% picked from offset 0 all are). */
    static boolean series(int i) {
        return i % 20 < 2;
    }

    private Appointment appointment(int i, LocalDate today) {
        LocalDate day = today.plusDays(1 + i % 27);
        String subject = switch (i % 5) {
            case 0 -> "Account review " + i;
            case 1 -> "Call about the offer " + i;
            case 2 -> "Visit " + i;
            case 3 -> "Demo " + i;
            default -> "Lunch " + i;
        };
        String location = i % 4 == 3 ? null : "Room " + (1 + i % 7);
        String description = i % 3 == 0 ? "Agenda:\n- figures\n- plans for " + i : null;
        Integer reminder = i % 2 == 0 ? 15 : null;
        Visibility visibility = i % 20 >= 4 && i % 20 < 7 ? Visibility.OWNER_ONLY : Visibility.EVERYONE;
        if (i % 20 == 2 || i % 20 == 3) {
            return new Appointment(null, null, "Trade fair " + i, true, null, null, day, day.plusDays(2 + i % 2),
                    ZONE.getId(), location, description, reminder, visibility, user.id(), List.of(), null, List.of(),
                    List.of(), List.of(), null, null, null);
        }
        Instant begin = day.atTime(LocalTime.of(8 + i % 9, (i % 4) * 15)).atZone(ZONE).toInstant();
        Instant end = begin.plus(Duration.ofMinutes(30 + 30L * (i % 3)));
        if (!series(i)) {
            return new Appointment(null, null, subject, false, begin, end, null, null, ZONE.getId(), location,
                    description, reminder, visibility, user.id(), List.of(), null, List.of(), List.of(), List.of(), null,
                    null, null);
        }
        // The second occurrence moved by an hour and renamed; the third of every other series left out.
        Instant second = day.plusWeeks(1).atTime(LocalTime.of(8 + i % 9, (i % 4) * 15)).atZone(ZONE).toInstant();
        Instant third = day.plusWeeks(2).atTime(LocalTime.of(8 + i % 9, (i % 4) * 15)).atZone(ZONE).toInstant();
        var edit = new OccurrenceEdit(second.toString(), second.plus(Duration.ofHours(1)).toString(),
                second.plus(Duration.ofHours(1)).plus(Duration.between(begin, end)).toString(), "Weekly sync " + i + " (moved)", null, null);
        return new Appointment(null, null, "Weekly sync " + i, false, begin, end, null, null, ZONE.getId(), location,
                description, reminder, visibility, user.id(), List.of(), "FREQ=WEEKLY;COUNT=4",
                i % 20 == 0 ? List.of(third) : List.of(), List.of(), List.of(edit), null, null, null);
    }

    private Task task(int i, LocalDate today) {
        TaskPriority priority = switch (i % 4) {
            case 0 -> TaskPriority.HIGH;
            case 1 -> TaskPriority.LOW;
            default -> TaskPriority.NORMAL;
        };
        return new Task(null, null, (i % 2 == 0 ? "Send the offer " : "Call back ") + i, today.plusDays(1 + i % 28),
                TaskStatus.OPEN, null, priority, i % 3 == 0 ? "Include\nthe discount of " + i : null, user.id(), null, null,
                null, null);
    }

    KoppelUser owner() {
        return BenchEmployee.owner(user);
    }

    List<Long> appointmentIds() {
        return appointmentIds;
    }

    List<Long> taskIds() {
        return taskIds;
    }

    /** Every hundredth id, from an offset: 1%, spread over the whole list. */
    static List<Long> pick(List<Long> ids, int offset) {
        var picked = new ArrayList<Long>();
        for (int i = offset; i < ids.size(); i += 100) picked.add(ids.get(i));
        return picked;
    }

    /** Gives each appointment the subject {@code prefix + id} through {@link Appointments#update}, as its organiser would. */
    void renameAppointments(List<Long> ids, String prefix) {
        for (long id : ids) {
            Appointment a = appointments.find(id, Viewer.system());
            appointments.update(id, a.version(), new Appointment(a.id(), a.version(), prefix + id, a.allDay(), a.start(),
                    a.end(), a.startDate(), a.endDate(), a.timeZone(), a.location(), a.description(), a.reminderMinutes(),
                    a.visibility(), a.organiserId(), a.relationIds(), a.recurrence(), a.exceptions(), a.exceptionDates(),
                    a.occurrenceEdits(), null, null, null), List.of(), Viewer.system(), Origin.user(user.id()));
        }
    }

    /** Gives each task the subject {@code prefix + id} through {@link Tasks#update}. */
    void renameTasks(List<Long> ids, String prefix) {
        for (long id : ids) {
            Task t = tasks.find(id);
            tasks.update(id, t.version(), new Task(t.id(), t.version(), prefix + id, t.dueDate(), t.status(), t.completedAt(),
                    t.priority(), t.notes(), t.responsibleId(), t.relationId(), null, null, null), List.of(),
                    Origin.user(user.id()));
        }
    }

    String appointmentSubject(long id) {
        return appointments.find(id, Viewer.system()).subject();
    }

    String taskSubject(long id) {
        return tasks.find(id).subject();
    }
}
