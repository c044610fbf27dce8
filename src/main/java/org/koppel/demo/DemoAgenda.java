package org.koppel.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.agenda.Visibility;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.relation.Person;
import org.springframework.stereotype.Component;

/**
 * Each demo employee's next weeks, around the day the demo is loaded: visits and calls with persons
 * they manage, a weekly team meeting (a series), a trade fair over several days, a private
 * appointment, and tasks, some overdue, one done. Through the real write paths, like the relations.
 */
@Component
class DemoAgenda {

    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    static final int VISITS = 6;
    static final int TASKS = 6;

    private static final List<String> VISIT_SUBJECTS = List.of("Visit", "Call", "Contract talk", "Product demo",
            "Quarterly review", "Lunch");
    private static final List<String> TASK_SUBJECTS = List.of("Send the offer to", "Call back", "Prepare the proposal for",
            "Check the invoice of", "Follow up with", "Ask for a reference from");

    private final Appointments appointments;
    private final Tasks tasks;
    private final Clock clock;

    DemoAgenda(Appointments appointments, Tasks tasks, Clock clock) {
        this.appointments = appointments;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** @return how many appointments and tasks were written */
    int[] write(List<Employee> staff, List<Person> persons, Random random) {
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        int made = 0;
        int todo = 0;
        for (Employee e : staff) {
            if (!e.active()) continue;
            List<Person> own = persons.stream().filter(p -> p.managerId().equals(e.id())).toList();
            for (int i = 0; i < VISITS && !own.isEmpty(); i++) {
                Person with = own.get(random.nextInt(own.size()));
                LocalDate day = workday(today.plusDays(1 + random.nextInt(14)));
                LocalTime at = LocalTime.of(9 + random.nextInt(8), random.nextBoolean() ? 0 : 30);
                appointment(timed(VISIT_SUBJECTS.get(i % VISIT_SUBJECTS.size()) + " " + with.firstName() + " "
                        + with.lastName(), day, at, 60, e.id(), List.of(with.id()), null, Visibility.EVERYONE, 15));
                made++;
            }
            LocalDate monday = today.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
            appointment(timed("Team meeting", monday, LocalTime.of(9, 0), 45, e.id(), List.of(), "FREQ=WEEKLY;COUNT=12",
                    Visibility.EVERYONE, 10));
            appointment(timed("Dentist", workday(today.plusDays(3)), LocalTime.of(8, 0), 30, e.id(), List.of(), null,
                    Visibility.OWNER_ONLY, 60));
            LocalDate fair = workday(today.plusDays(17));
            appointment(new Appointment(null, null, "Trade fair Gorinchem", true, null, null, fair, fair.plusDays(3),
                    ZONE.getId(), "Evenementenhal Gorinchem", null, null, Visibility.EVERYONE, e.id(), List.of(), null,
                    List.of(), List.of(), List.of(), null, null, null));
            made += 3;
            for (int i = 0; i < TASKS && !own.isEmpty(); i++) {
                Person about = own.get(random.nextInt(own.size()));
                boolean done = i == 0;
                tasks.create(new Task(null, null, TASK_SUBJECTS.get(i % TASK_SUBJECTS.size()) + " " + about.firstName() + " "
                        + about.lastName(), today.plusDays(random.nextInt(12) - 3), done ? TaskStatus.COMPLETED : TaskStatus.OPEN,
                        null, TaskPriority.values()[random.nextInt(3)], random.nextBoolean() ? "Mentioned on the phone last week." : null,
                        e.id(), about.id(), null, null, null), List.of(), Origin.system());
                todo++;
            }
        }
        return new int[] {made, todo};
    }

    private void appointment(Appointment a) {
        appointments.create(a, List.of(), Viewer.system(), Origin.system());
    }

    private static Appointment timed(String subject, LocalDate day, LocalTime at, int minutes, long organiser,
                                     List<Long> relations, String rule, Visibility visibility, Integer reminder) {
        var start = day.atTime(at).atZone(ZONE).toInstant();
        return new Appointment(null, null, subject, false, start, start.plusSeconds(minutes * 60L), null, null, ZONE.getId(),
                relations.isEmpty() ? null : "At their office", null, reminder, visibility, organiser, new ArrayList<>(relations),
                rule, List.of(), List.of(), List.of(), null, null, null);
    }

    private static LocalDate workday(LocalDate day) {
        return switch (day.getDayOfWeek()) {
            case SATURDAY -> day.plusDays(2);
            case SUNDAY -> day.plusDays(1);
            default -> day;
        };
    }
}
