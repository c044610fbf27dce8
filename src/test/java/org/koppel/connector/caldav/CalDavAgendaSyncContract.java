package org.koppel.connector.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Appointments and tasks end to end against a real Radicale (CalDAV): what a person sees in their
 * calendar and task list after edits in Koppel and in the calendar app, and that a second run finds
 * nothing to do (no echo: every slot reads back from iCalendar in the form Koppel wrote it).
 */
abstract class CalDavAgendaSyncContract {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Autowired Connections connections;
    @Autowired SyncRunner runner;
    @Autowired Appointments appointments;
    @Autowired Tasks tasks;
    @Autowired Relations relations;
    @Autowired Samples samples;

    Radicale radicale;
    Employee user;
    URI calendar;
    URI taskList;
    long connection;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @BeforeEach
    void setUp() {
        radicale = Radicale.shared();
        user = samples.employee("agenda", EmployeeRole.USER);
        String id = UUID.randomUUID().toString();
        URI book = radicale.createAddressBook(Radicale.ALICE, "book-" + id, "Contacts");
        calendar = radicale.createCalendar(Radicale.ALICE, "cal-" + id, "Work", "VEVENT");
        taskList = radicale.createCalendar(Radicale.ALICE, "todo-" + id, "Tasks", "VTODO");
        var owner = new KoppelUser(user.id(), user.login(), null, user.role(), true, false, null);
        connection = connections.create("carddav", "Phone", Map.of("url", book.toString(), "username", Radicale.ALICE,
                "calendar", calendar.getPath(), "taskList", taskList.getPath(), "appointments.direction", "BOTH",
                "tasks.direction", "BOTH"), radicale.password(Radicale.ALICE), owner).id();
    }

    @Test
    void aKoppelAppointmentArrivesWithEverySlotAndASecondRunFindsNothingToDo() {
        Instant start = now.plus(Duration.ofDays(2));
        Appointment series = appointments.create(new Appointment(null, null, "Weekly review", false, start,
                start.plus(Duration.ofMinutes(45)), null, null, "Europe/Amsterdam", "Room 3", "Agenda:\r\n- figures\r\n- plans",
                15, Visibility.OWNER_ONLY, user.id(), List.of(), "FREQ=WEEKLY;COUNT=6",
                List.of(start.plus(Duration.ofDays(14))), List.of(), List.of(new OccurrenceEdit(
                start.plus(Duration.ofDays(7)).toString(), start.plus(Duration.ofDays(8)).toString(), null, "Review (moved)",
                null, null)), null, null, null), List.of(), Viewer.system(), Origin.system());

        RunReport first = sync();

        assertThat(first.totals().get(DataType.APPOINTMENTS).created()).isEqualTo(1);
        String ics = object("koppel-appointment-" + series.id() + ".ics");
        assertThat(ics).contains("SUMMARY:Weekly review", "LOCATION:Room 3", "CLASS:PRIVATE", "RRULE:FREQ=WEEKLY;COUNT=6",
                "DTSTART;TZID=Europe/Amsterdam:", "X-KOPPEL-ID:" + series.id(), "TRIGGER:-PT15M",
                "EXDATE", "RECURRENCE-ID", "SUMMARY:Review (moved)");
        assertThat(ics.indexOf("BEGIN:VEVENT")).as("one object holds the series and its edited occurrence")
                .isNotEqualTo(ics.lastIndexOf("BEGIN:VEVENT"));
        RunReport second = sync();
        assertThat(second.items()).as("no echo of Koppel's own writes").isEmpty();
    }

    @Test
    void anEventPlannedInTheCalendarAppComesInLinkedToTheRelationItsAttendeeIs() {
        var org = samples.organisation("Kwekerij De Kas", user.id());
        Person anna = (Person) relations.create(withRole(Samples.person("Anna", null, "Kas", user.id(), List.of()),
                new ContactRole(org.id(), "anna@dekas.example", null, null, null)), Origin.system());
        Instant start = now.plus(Duration.ofDays(3));
        radicale.putCalendarObject(Radicale.ALICE, calendar.resolve("phone-made.ics"), """
                BEGIN:VCALENDAR\r
                VERSION:2.0\r
                PRODID:-//Apple Inc.//iPhone OS 18.1//EN\r
                BEGIN:VEVENT\r
                UID:7F3A-PHONE-MADE\r
                DTSTAMP:20261201T090000Z\r
                DTSTART:%s\r
                DTEND:%s\r
                SUMMARY:Visit the greenhouse\r
                ORGANIZER;CN=Alice:mailto:alice@koppel.example\r
                ATTENDEE;CN=Anna Kas;PARTSTAT=ACCEPTED:mailto:anna@dekas.example\r
                END:VEVENT\r
                END:VCALENDAR\r
                """.formatted(UTC.format(start), UTC.format(start.plus(Duration.ofHours(1)))));

        RunReport first = sync();

        RunReport.Item made = first.items().stream().filter(i -> i.dataType() == DataType.APPOINTMENTS).findFirst()
                .orElseThrow();
        assertThat(first.items()).filteredOn(i -> i.dataType() == DataType.APPOINTMENTS).containsExactly(made);
        assertThat(made.outcome()).isEqualTo(Outcome.CREATED_IN_CRM);
        Long id = made.crmId();
        Appointment imported = appointments.find(id, Viewer.system());
        assertThat(imported.subject()).isEqualTo("Visit the greenhouse");
        assertThat(imported.relationIds()).containsExactly(anna.id());
        assertThat(imported.start()).isEqualTo(start);
        assertThat(object("phone-made.ics")).as("stamped, so a lost link is found again").contains("X-KOPPEL-ID:" + id);
        assertThat(sync().items()).as("no echo").isEmpty();
    }

    @Test
    void editsOnEitherSideMeetAndDeletesStayOnTheirOwnSide() {
        Appointment a = appointment("Lunch", now.plus(Duration.ofDays(1)));
        Appointment b = appointment("Dinner", now.plus(Duration.ofDays(2)));
        sync();
        String href = "koppel-appointment-" + a.id() + ".ics";
        radicale.putCalendarObject(Radicale.ALICE, calendar.resolve(href), object(href).replace("SUMMARY:Lunch", "SUMMARY:Lunch with Anna"));
        Appointment current = appointments.find(a.id(), Viewer.system());
        appointments.update(a.id(), current.version(), withLocation(current, "De Kas"), List.of(), Viewer.system(),
                Origin.system());

        sync();

        assertThat(appointments.find(a.id(), Viewer.system()).subject()).isEqualTo("Lunch with Anna");
        assertThat(object(href)).contains("LOCATION:De Kas", "SUMMARY:Lunch with Anna");

        appointments.delete(b.id(), appointments.find(b.id(), Viewer.system()).version(), Viewer.system(), Origin.system());
        radicale.send(Radicale.ALICE, "DELETE", calendar.resolve(href), null);
        sync();

        assertThat(object("koppel-appointment-" + b.id() + ".ics")).as("kept in the calendar").contains("SUMMARY:Dinner");
        assertThat(appointments.find(a.id(), Viewer.system()).deletedAt()).as("kept in Koppel").isNull();
    }

    @Test
    void tasksGoWithNotesAndPriorityComeBackCompletedAndAreCompletedNotDeletedWhenDeletedInKoppel() {
        Task offer = tasks.create(new Task(null, null, "Send the offer", LocalDate.now().plusDays(2), TaskStatus.OPEN, null,
                TaskPriority.HIGH, "Include\r\nthe discount", user.id(), null, null, null, null), List.of(), Origin.system());
        Task call = tasks.create(new Task(null, null, "Call back", LocalDate.now().plusDays(1), TaskStatus.OPEN, null,
                TaskPriority.NORMAL, null, user.id(), null, null, null, null), List.of(), Origin.system());
        sync();
        String offerHref = "koppel-task-" + offer.id() + ".ics";
        assertThat(object(offerHref)).contains("SUMMARY:Send the offer", "PRIORITY:1", "DESCRIPTION:Include\\nthe discount",
                "DUE;VALUE=DATE:" + LocalDate.now().plusDays(2).toString().replace("-", ""));
        assertThat(sync().items()).as("no echo").isEmpty();
        radicale.putCalendarObject(Radicale.ALICE, taskList.resolve(offerHref), object(offerHref)
                .replace("SUMMARY:Send the offer", "SUMMARY:Send the offer today"));
        assertThat(sync().items()).singleElement().satisfies(i -> assertThat(i.reason())
                .as("the notes typed with CRLF read back from the peer as the same notes").isEqualTo("to Koppel: subject"));

        String callHref = "koppel-task-" + call.id() + ".ics";
        radicale.putCalendarObject(Radicale.ALICE, taskList.resolve(callHref), object(callHref)
                .replace("END:VTODO", "STATUS:COMPLETED\r\nCOMPLETED:20261203T100000Z\r\nEND:VTODO"));
        tasks.delete(offer.id(), tasks.find(offer.id()).version(), Origin.system());
        sync();

        assertThat(tasks.find(call.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(object(offerHref)).as("marked completed, never deleted").contains("STATUS:COMPLETED");
    }

    @Test
    void aMultiDayAllDayAppointmentStaysMultiDay() {
        LocalDate first = LocalDate.now(ZoneOffset.UTC).plusDays(4);
        Appointment fair = appointments.create(new Appointment(null, null, "Trade fair", true, null, null, first,
                first.plusDays(3), "Europe/Amsterdam", null, null, null, Visibility.EVERYONE, user.id(), List.of(), null,
                List.of(), List.of(), List.of(), null, null, null), List.of(), Viewer.system(), Origin.system());

        sync();

        assertThat(object("koppel-appointment-" + fair.id() + ".ics")).contains(
                "DTSTART;VALUE=DATE:" + first.toString().replace("-", ""),
                "DTEND;VALUE=DATE:" + first.plusDays(3).toString().replace("-", ""));
        assertThat(sync().items()).isEmpty();
    }

    @Test
    void aConnectionWithoutACalendarMayGainOneButNeverSwapsTheOneItHas() {
        var owner = new KoppelUser(user.id(), user.login(), null, user.role(), true, false, null);
        URI book = radicale.createAddressBook(Radicale.ALICE, "book-" + UUID.randomUUID(), "Contacts");
        URI other = radicale.createCalendar(Radicale.ALICE, "cal-" + UUID.randomUUID(), "Private", "VEVENT");
        // with several calendars and none named, setup chooses none rather than guess
        long older = connections.create("carddav", "Old phone", Map.of("url", book.toString(), "username", Radicale.ALICE),
                radicale.password(Radicale.ALICE), owner).id();
        assertThat(connections.find(older, owner).settings()).doesNotContainKey("calendar");

        var gained = connections.updateAccess(older, Map.of("calendar", calendar.getPath()), radicale.password(Radicale.ALICE), owner);
        assertThat(gained.settings()).containsEntry("calendar", calendar.toString());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connections.updateAccess(older,
                        Map.of("calendar", other.getPath()), radicale.password(Radicale.ALICE), owner))
                .isInstanceOfSatisfying(org.koppel.crm.InvalidInputException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.field()).isEqualTo("settings.calendar");
                            assertThat(p.reason()).contains("stays with its calendar");
                        }));
    }

    // --- helpers

    private RunReport sync() {
        RunReport report = runner.run(connection, "test");
        assertThat(report.status()).as(report.errorKind() + " " + report.errorMessage()).isEqualTo(RunReport.Status.SUCCEEDED);
        return report;
    }

    /** An object as the server holds it, lines unfolded. */
    private String object(String name) {
        URI collection = name.startsWith("koppel-task-") ? taskList : calendar;
        var answer = radicale.send(Radicale.ALICE, "GET", collection.resolve(name), null);
        assertThat(answer.statusCode()).as("GET " + name).isEqualTo(200);
        return answer.body().replace("\r\n ", "").replace("\r\n\t", "");
    }

    private Appointment appointment(String subject, Instant start) {
        return appointments.create(new Appointment(null, null, subject, false, start, start.plus(Duration.ofHours(1)), null,
                null, "Europe/Amsterdam", null, null, null, Visibility.EVERYONE, user.id(), List.of(), null, List.of(),
                List.of(), List.of(), null, null, null), List.of(), Viewer.system(), Origin.system());
    }

    private static Appointment withLocation(Appointment a, String location) {
        return new Appointment(a.id(), a.version(), a.subject(), a.allDay(), a.start(), a.end(), a.startDate(),
                a.endDate(), a.timeZone(), location, a.description(), a.reminderMinutes(), a.visibility(), a.organiserId(),
                a.relationIds(), a.recurrence(), a.exceptions(), a.exceptionDates(), a.occurrenceEdits(), null, null, null);
    }

    private static Person withRole(Person p, ContactRole role) {
        return new Person(null, null, p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                List.of(role), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(), p.addresses(),
                p.comment(), p.customFields(), null, null, null);
    }
}
