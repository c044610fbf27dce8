package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
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
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.SyncRunner;
import org.koppel.runtime.SyncSettings;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Outcome;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * Appointments and tasks with Microsoft 365 end to end: a real sign-in, the engine and the connectors
 * against the Graph fake (Outlook calendar, Microsoft To Do). What a person sees in Outlook after edits
 * on either side, that a second run finds nothing to do, and that a sign-in made before calendars and
 * tasks were synced is asked to sign in again while its contacts go on syncing.
 */
abstract class MicrosoftAgendaSyncContract extends MicrosoftSignInFixture {

    private static final Set<String> CONTACTS_ONLY = Set.of("openid", "profile", "offline_access", "Contacts.ReadWrite");

    @Autowired SyncRunner runner;
    @Autowired SyncSettings settings;
    @Autowired Appointments appointments;
    @Autowired Tasks tasks;
    @Autowired Relations relations;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @BeforeEach
    void turnAppointmentsAndTasksOn() {
        settings.replace("ORGANISATION", 0, Map.of("appointments.direction", "BOTH", "tasks.direction", "BOTH"));
    }

    /** The database is shared with other tests, which expect the built-in defaults. */
    @AfterEach
    void backToDefaults() {
        settings.replace("ORGANISATION", 0, Map.of());
    }

    @Test
    void aKoppelSeriesIsOneOutlookEventWithItsEditedAndCancelledOccurrencesAndNoInvitation() {
        Instant start = now.plus(Duration.ofDays(2));
        Appointment series = appointments.create(new Appointment(null, null, "Sales meeting", false, start,
                start.plus(Duration.ofMinutes(45)), null, null, "Europe/Amsterdam", "Room 3", "Figures\nPlans", 15,
                Visibility.OWNER_ONLY, employee.id(), List.of(), "FREQ=WEEKLY;COUNT=6", List.of(start.plus(Duration.ofDays(14))),
                List.of(), List.of(new OccurrenceEdit(start.plus(Duration.ofDays(7)).toString(), null, null,
                "Sales meeting (guest)", null, null)), null, null, null), List.of(), Viewer.system(), Origin.system());
        long connection = connectAndStart(browser()).id();

        RunReport first = sync(connection);

        RunReport.Item made = only(first, DataType.APPOINTMENTS);
        assertThat(made.outcome()).isEqualTo(Outcome.CREATED_IN_PEER);
        JsonNode event = graph.calendar().event(mailbox, made.peerId()).orElseThrow();
        assertThat(event.path("subject").asString()).isEqualTo("Sales meeting");
        assertThat(event.path("sensitivity").asString()).isEqualTo("private");
        assertThat(event.path("reminderMinutesBeforeStart").asInt()).isEqualTo(15);
        assertThat(event.path("type").asString()).isEqualTo("seriesMaster");
        assertThat(graph.calendar().events(mailbox)).as("the series is one event, not one per occurrence")
                .filteredOn(e -> e.path("type").asString().equals("seriesMaster") || e.path("type").asString().equals("singleInstance"))
                .hasSize(1);
        assertThat(graph.calendar().invitationsSent(mailbox)).isZero();
        assertThat(sync(connection).items()).as("no echo").isEmpty();

        graph.calendar().outlookCancelOccurrence(mailbox, made.peerId(), start.plus(Duration.ofDays(21)));
        sync(connection);

        assertThat(appointments.find(series.id(), Viewer.system()).exceptions())
                .containsExactlyInAnyOrder(start.plus(Duration.ofDays(14)), start.plus(Duration.ofDays(21)));
    }

    @Test
    void anOutlookAppointmentComesInAsTheOwnersAppointmentLinkedByItsAttendee() {
        var org = samples.organisation("Bakkerij de Vries", employee.id());
        var anna = relations.create(new org.koppel.crm.relation.Person(null, null, null, "Anna", null, null, "Vries", null,
                null, null, null, null, null, List.of(new org.koppel.crm.relation.ContactRole(org.id(), "anna@bakkerij.example",
                null, null, null)), null, employee.id(), List.of(), false, List.of(), List.of(), null, Map.of(), null, null,
                null), Origin.system());
        long connection = connectAndStart(browser()).id();
        Instant start = now.plus(Duration.ofDays(3));
        graph.calendar().outlookCreate(mailbox, """
                {"subject": "Tasting", "start": {"dateTime": "%s", "timeZone": "UTC"},
                 "end": {"dateTime": "%s", "timeZone": "UTC"},
                 "attendees": [{"emailAddress": {"address": "anna@bakkerij.example", "name": "Anna de Vries"},
                                "type": "required"}]}""".formatted(start.toString().replace("Z", ""),
                start.plus(Duration.ofHours(1)).toString().replace("Z", "")));

        RunReport first = sync(connection);

        RunReport.Item imported = only(first, DataType.APPOINTMENTS);
        assertThat(imported.outcome()).isEqualTo(Outcome.CREATED_IN_CRM);
        Appointment a = appointments.find(imported.crmId(), Viewer.system());
        assertThat(a.subject()).isEqualTo("Tasting");
        assertThat(a.organiserId()).isEqualTo(employee.id());
        assertThat(a.relationIds()).containsExactly(anna.id());
        assertThat(a.start()).isEqualTo(start);
        assertThat(sync(connection).items()).as("no echo").isEmpty();
    }

    @Test
    void tasksGoToTheKoppelListWithNotesComeBackCompletedAndAreCompletedNotDeletedWhenDeletedInKoppel() {
        Task offer = tasks.create(new Task(null, null, "Send the offer", LocalDate.now().plusDays(2), TaskStatus.OPEN, null,
                TaskPriority.HIGH, "Include the discount", employee.id(), null, null, null, null), List.of(), Origin.system());
        Task call = tasks.create(new Task(null, null, "Call back", LocalDate.now().plusDays(1), TaskStatus.OPEN, null,
                TaskPriority.NORMAL, null, employee.id(), null, null, null, null), List.of(), Origin.system());
        long connection = connectAndStart(browser()).id();

        RunReport first = sync(connection);

        assertThat(first.totals().get(DataType.TASKS).created()).isEqualTo(2);
        String list = graph.todo().listNamed(mailbox, "Koppel").orElseThrow();
        JsonNode sent = graph.todo().tasks(mailbox, list).stream()
                .filter(t -> t.path("title").asString().equals("Send the offer")).findFirst().orElseThrow();
        assertThat(sent.path("importance").asString()).isEqualTo("high");
        assertThat(sent.path("body").path("content").asString()).contains("Include the discount");
        assertThat(sync(connection).items()).as("no echo").isEmpty();

        String callId = first.items().stream().filter(i -> i.crmId() != null && i.crmId().equals(call.id()))
                .findFirst().orElseThrow().peerId();
        graph.todo().userComplete(mailbox, callId);
        tasks.delete(offer.id(), tasks.find(offer.id()).version(), Origin.system());
        sync(connection);

        assertThat(tasks.find(call.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(graph.todo().task(mailbox, sent.path("id").asString()).orElseThrow().path("status").asString())
                .as("marked completed, never deleted").isEqualTo("completed");
    }

    @Test
    void aSignInMadeBeforeCalendarsAndTasksIsAskedToSignInAgainWhileItsContactsGoOnSyncing() {
        microsoft.grantOnly(CONTACTS_ONLY);
        Connection connection = connectAndStart(browser());
        samples.person("Kees", null, "Contact", employee.id());
        appointments.create(new Appointment(null, null, "Waits", false, now.plus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), null, null, "Europe/Amsterdam", null, null, null,
                Visibility.EVERYONE, employee.id(), List.of(), null, List.of(), List.of(), List.of(), null, null, null),
                List.of(), Viewer.system(), Origin.system());

        RunReport run = runner.run(connection.id(), "test");

        assertThat(run.errorKind()).isEqualTo("PERMISSION");
        assertThat(run.errorMessage()).contains("sign in to Microsoft 365 again to allow calendar access");
        assertThat(run.totals().get(DataType.CONTACTS).created()).isEqualTo(1);
        Connection after = connections.find(connection.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(Connection.Status.FAILING);
        assertThat(graph.calendar().events(mailbox)).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private RunReport sync(long connection) {
        RunReport report = runner.run(connection, "test");
        assertThat(report.status()).as(report.errorKind() + " " + report.errorMessage()).isEqualTo(RunReport.Status.SUCCEEDED);
        return report;
    }

    private static RunReport.Item only(RunReport report, DataType type) {
        var items = report.items().stream().filter(i -> i.dataType() == type && i.outcome() != Outcome.CONFLICT).toList();
        assertThat(items).hasSize(1);
        return items.getFirst();
    }
}
