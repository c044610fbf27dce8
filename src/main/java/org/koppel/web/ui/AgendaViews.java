package org.koppel.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.AppointmentQuery;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Occurrences;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskQuery;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.agenda.Viewer;
import org.springframework.stereotype.Component;

/**
 * Appointments and tasks arranged for the agenda and relation pages, always read through the
 * services, so a private appointment of someone else arrives (or stays away) as they decide.
 */
@Component
class AgendaViews {

    /** More than any one week or relation page can show; the rest is a later page of the API. */
    static final int MOST = 500;
    static final int RELATION_APPOINTMENTS = 10;
    /** Zones lie between UTC-12 and UTC+14: a day in any of them lies inside the UTC day widened by this. */
    private static final Duration ZONE_SLACK = Duration.ofHours(14);

    private final Appointments appointments;
    private final Tasks tasks;
    private final EmployeeDirectory employees;
    private final Clock clock;
    private final AgendaTexts texts;

    AgendaViews(Appointments appointments, Tasks tasks, EmployeeDirectory employees, Clock clock, AgendaTexts texts) {
        this.texts = texts;
        this.appointments = appointments;
        this.tasks = tasks;
        this.employees = employees;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * The seven days from {@code first}, each with the appointments covering it in their own zone: a
     * multi-day or all-day one appears on every day it covers, a series as its occurrences (each one
     * the series with that occurrence's times, so it links to the series' form and shows its rule).
     */
    List<AgendaDay> week(long employeeId, LocalDate first, Viewer viewer) {
        Map<Long, String> names = employees.names();
        AgendaEntry.Words words = texts.words();
        // the day's name and month as the page's language writes them ("dinsdag 8 december", "martedì 8 dicembre")
        DateTimeFormatter dayName = DateTimeFormatter.ofPattern("EEEE d MMMM", texts.locale());
        List<Appointment> found = inWindow(employeeId, first, first.plusDays(7), viewer).stream()
                .flatMap(a -> a.recurrence() == null ? Stream.of(a) : occurrences(a, first)).toList();
        var days = new ArrayList<AgendaDay>();
        for (int i = 0; i < 7; i++) {
            LocalDate day = first.plusDays(i);
            List<AgendaEntry> entries = found.stream()
                    .filter(a -> !AgendaEntry.firstDay(a).isAfter(day) && !AgendaEntry.lastDay(a).isBefore(day))
                    .sorted(Comparator.comparing((Appointment a) -> !a.allDay()).thenComparing(AgendaViews::startsAt))
                    .map(a -> AgendaEntry.onDay(a, day, names.get(a.organiserId()), hidden(a, viewer), words))
                    .toList();
            days.add(new AgendaDay(day, dayName.format(day), day.equals(today()), entries));
        }
        return days;
    }

    /** The occurrences of a series touching the week in any zone; the days then place them in the series' own. */
    private static Stream<Appointment> occurrences(Appointment series, LocalDate first) {
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant().minus(ZONE_SLACK);
        Instant to = first.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant().plus(ZONE_SLACK);
        return Occurrences.within(series, from, to).stream().map(o -> o.of(series));
    }

    /** A relation's appointments: the ones still to come or under way, then the recent past, latest first. */
    RelationAgenda forRelation(long relationId, Viewer viewer) {
        Map<Long, String> names = employees.names();
        AgendaEntry.Words words = texts.words();
        Instant now = clock.instant();
        List<Appointment> upcoming = appointments.search(new AppointmentQuery(now, null, null, relationId, false,
                viewer.employeeId(), viewer.admin(), 0, RELATION_APPOINTMENTS), viewer).items();
        List<Long> upcomingIds = upcoming.stream().map(Appointment::id).toList();
        List<Appointment> earlier = appointments.search(new AppointmentQuery(now.minus(Duration.ofDays(366)), now, null,
                relationId, false, viewer.employeeId(), viewer.admin(), 0, MOST), viewer).items().stream()
                .filter(a -> !upcomingIds.contains(a.id())).toList();
        List<Appointment> recent = new ArrayList<>(earlier.subList(Math.max(0, earlier.size() - RELATION_APPOINTMENTS),
                earlier.size()));
        java.util.Collections.reverse(recent);
        List<Task> all = tasks.search(new TaskQuery(null, null, null, relationId, false, 0, MOST)).items();
        return new RelationAgenda(
                upcoming.stream().map(a -> AgendaEntry.of(a, names.get(a.organiserId()), hidden(a, viewer), words)).toList(),
                recent.stream().map(a -> AgendaEntry.of(a, names.get(a.organiserId()), hidden(a, viewer), words)).toList(),
                taskRows(all.stream().filter(t -> t.status() == TaskStatus.OPEN).toList()),
                all.stream().filter(t -> t.status() == TaskStatus.COMPLETED).count());
    }

    /** An employee's open tasks by due date, undated last. */
    List<TaskRow> openTasks(long employeeId) {
        return taskRows(tasks.search(new TaskQuery(employeeId, TaskStatus.OPEN, null, null, false, 0, MOST)).items());
    }

    List<TaskRow> taskRows(List<Task> list) {
        Map<Long, String> names = employees.names();
        LocalDate today = today();
        DateTimeFormatter dates = texts.date();
        return list.stream().map(t -> TaskRow.of(t, names.get(t.responsibleId()), today, dates)).toList();
    }

    private List<Appointment> inWindow(long employeeId, LocalDate first, LocalDate end, Viewer viewer) {
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant().minus(ZONE_SLACK);
        Instant to = end.atStartOfDay(ZoneOffset.UTC).toInstant().plus(ZONE_SLACK);
        return appointments.search(new AppointmentQuery(from, to, employeeId, null, false, viewer.employeeId(),
                viewer.admin(), 0, MOST), viewer).items();
    }

    private static Instant startsAt(Appointment a) {
        return a.allDay() ? a.startDate().atStartOfDay(java.time.ZoneId.of(a.timeZone())).toInstant() : a.start();
    }

    private static boolean hidden(Appointment a, Viewer viewer) {
        return !a.visibleTo(viewer.employeeId(), viewer.admin());
    }

    record RelationAgenda(List<AgendaEntry> upcoming, List<AgendaEntry> recent, List<TaskRow> openTasks,
                          long completedTasks) {
    }
}
