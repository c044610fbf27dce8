package org.koppel.connector.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
import org.koppel.runtime.SyncRunner;
import org.koppel.runtime.SyncSettings;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.store.LinkStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.testkit.Samples;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * Appointments and tasks with Google end to end: a connection of type {@code google} (its secret the fake user,
 * its tokens from {@link FakeGoogleAccounts}), the real runner and engine, and the Google fake's Calendar and
 * Tasks. What the user sees in Google after edits on either side, that a second run finds nothing to do, the
 * window and creation rules, and a sign-in without calendar access. Runs on H2 and on PostgreSQL.
 */
abstract class GoogleAgendaSyncContract {

    private static final Set<String> ALL_SCOPES = Set.of(FakeGoogleAccounts.contactsScope(), FakeGoogleAccounts.calendarScope(),
            FakeGoogleAccounts.tasksScope());

    @Autowired SyncRunner runner;
    @Autowired SyncSettings settings;
    @Autowired ConnectionStore connections;
    @Autowired Appointments appointments;
    @Autowired Tasks tasks;
    @Autowired Relations relations;
    @Autowired LinkStore links;
    @Autowired Samples samples;
    @Autowired SecretBox secrets;
    @Autowired FakeGoogleAccounts accounts;

    FakeGoogle google;
    final String googleUser = "planner-" + UUID.randomUUID() + "@example.com";
    final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    long user;
    long connection;

    @BeforeEach
    void connect() {
        google = FakeGoogle.start();
        accounts.use(google);
        accounts.scopes(ALL_SCOPES);
        settings.replace("ORGANISATION", 0, Map.of("appointments.direction", "BOTH", "tasks.direction", "BOTH"));
        user = samples.employee("google-planner");
        connection = connections.insert(GooglePeers.TYPE, "Google", user, Map.of(), secrets.seal(googleUser), Instant.now());
    }

    /** The database and the accounts bean are shared with other tests, which expect the defaults. */
    @AfterEach
    void stop() {
        settings.replace("ORGANISATION", 0, Map.of());
        accounts.scopes(Set.of(FakeGoogleAccounts.contactsScope()));
        google.close();
    }

    @Test
    void aKoppelSeriesIsOneGoogleEventWithItsLeftOutAndEditedOccurrencesAndComesBackWithAnOccurrenceDeletedInGoogle() {
        Instant start = now.plus(Duration.ofDays(2));
        Appointment series = appointments.create(new Appointment(null, null, "Sales meeting", false, start,
                start.plus(Duration.ofMinutes(45)), null, null, "Europe/Amsterdam", "Room 3", "Figures\nPlans", 15,
                Visibility.OWNER_ONLY, user, List.of(), "FREQ=WEEKLY;COUNT=6", List.of(start.plus(Duration.ofDays(14))),
                List.of(), List.of(new OccurrenceEdit(start.plus(Duration.ofDays(7)).toString(), null, null,
                "Sales meeting (guest)", null, null)), null, null, null), List.of(), Viewer.system(), Origin.system());

        RunReport first = sync();

        RunReport.Item made = only(first, DataType.APPOINTMENTS);
        assertThat(made.outcome()).isEqualTo(Outcome.CREATED_IN_PEER);
        JsonNode event = google.agenda().event(googleUser, made.peerId()).orElseThrow();
        assertThat(event.path("summary").asString()).isEqualTo("Sales meeting");
        assertThat(event.path("visibility").asString()).isEqualTo("private");
        assertThat(event.at("/start/timeZone").asString()).isEqualTo("Europe/Amsterdam");
        assertThat(event.at("/extendedProperties/private/koppelId").asString()).isEqualTo(Long.toString(series.id()));
        assertThat(event.get("recurrence").get(0).asString()).isEqualTo("RRULE:FREQ=WEEKLY;COUNT=6");
        assertThat(google.agenda().events(googleUser)).as("the series and its one edited occurrence, not one event per occurrence")
                .hasSize(2);
        assertThat(sync().items()).as("no echo").isEmpty();

        google.agenda().userCancelsOccurrence(googleUser, made.peerId(), start.plus(Duration.ofDays(21)));
        sync();

        assertThat(appointments.find(series.id(), Viewer.system()).exceptions())
                .containsExactlyInAnyOrder(start.plus(Duration.ofDays(14)), start.plus(Duration.ofDays(21)));
        assertThat(sync().items()).as("no echo").isEmpty();
    }

    @Test
    void onlyAppointmentsInsideTheWindowReachGoogle() {
        Appointment soon = appointment("Intake", now.plus(Duration.ofDays(3)));
        appointment("Far ahead", now.plus(Duration.ofDays(40)));
        appointment("Long ago", now.minus(Duration.ofDays(20)));

        sync();

        assertThat(google.agenda().events(googleUser)).extracting(e -> e.path("summary").asString()).containsExactly("Intake");
        assertThat(google.agenda().events(googleUser).getFirst().path("id").asString()).isEqualTo("koppel" + soon.id());
    }

    @Test
    void aGoogleEventComesInAsTheOwnersAppointmentLinkedByItsAttendeeAndOneThatEndedBeforeTheWindowDoesNot() {
        var org = samples.organisation("Bakkerij de Vries " + UUID.randomUUID(), user);
        String anna = "anna-" + UUID.randomUUID() + "@bakkerij.example";
        var person = relations.create(new org.koppel.crm.relation.Person(null, null, null, "Anna", null, null, "Vries", null,
                null, null, null, null, null, List.of(new org.koppel.crm.relation.ContactRole(org.id(), anna,
                null, null, null)), null, user, List.of(), false, List.of(), List.of(), null, Map.of(), null, null,
                null), Origin.system());
        Instant start = now.plus(Duration.ofDays(3));
        google.agenda().userCreatesEvent(googleUser, """
                {"summary": "Tasting", "start": {"dateTime": "%s", "timeZone": "Europe/Amsterdam"},
                 "end": {"dateTime": "%s", "timeZone": "Europe/Amsterdam"},
                 "attendees": [{"email": "%s", "displayName": "Anna de Vries"}]}""".formatted(start,
                start.plus(Duration.ofHours(1)), anna));
        Instant past = now.minus(Duration.ofDays(30));
        google.agenda().userCreatesEvent(googleUser, """
                {"summary": "History", "start": {"dateTime": "%s", "timeZone": "Europe/Amsterdam"},
                 "end": {"dateTime": "%s", "timeZone": "Europe/Amsterdam"}}""".formatted(past, past.plus(Duration.ofHours(1))));

        RunReport first = sync();

        RunReport.Item imported = only(first, DataType.APPOINTMENTS);
        assertThat(imported.outcome()).isEqualTo(Outcome.CREATED_IN_CRM);
        Appointment a = appointments.find(imported.crmId(), Viewer.system());
        assertThat(a.subject()).isEqualTo("Tasting");
        assertThat(a.organiserId()).isEqualTo(user);
        assertThat(a.relationIds()).containsExactly(person.id());
        assertThat(a.start()).isEqualTo(start);
        assertThat(a.timeZone()).isEqualTo("Europe/Amsterdam");
        assertThat(sync().items()).as("no echo").isEmpty();
    }

    @Test
    void anExpiredSyncTokenListsEverythingAgainWithoutDuplicates() {
        Appointment a = appointment("Intake", now.plus(Duration.ofDays(3)));
        sync();
        google.agenda().expireCalendarSyncTokens(googleUser);

        RunReport again = sync();

        assertThat(again.items()).filteredOn(i -> i.dataType() == DataType.APPOINTMENTS).isEmpty();
        assertThat(google.agenda().events(googleUser)).hasSize(1);
        assertThat(links.all(connection, DataType.APPOINTMENTS)).extracting(org.koppel.sync.Link::crmId).containsExactly(a.id());
    }

    @Test
    void tasksGoToGoogleWithNotesKeepTheirPriorityComeBackCompletedAndAreCompletedNotDeletedWhenDeletedInKoppel() {
        Task offer = tasks.create(new Task(null, null, "Send the offer", LocalDate.now().plusDays(2), TaskStatus.OPEN, null,
                TaskPriority.HIGH, "Include the discount", user, null, null, null, null), List.of(), Origin.system());
        Task call = tasks.create(new Task(null, null, "Call back", LocalDate.now().plusDays(1), TaskStatus.OPEN, null,
                TaskPriority.NORMAL, null, user, null, null, null, null), List.of(), Origin.system());

        RunReport first = sync();

        assertThat(first.totals().get(DataType.TASKS).created()).isEqualTo(2);
        JsonNode sent = google.agenda().tasks(googleUser).stream()
                .filter(t -> t.path("title").asString().equals("Send the offer")).findFirst().orElseThrow();
        assertThat(sent.path("notes").asString()).isEqualTo("Include the discount");
        assertThat(sent.path("due").asString()).isEqualTo(LocalDate.now().plusDays(2) + "T00:00:00.000Z");
        assertThat(sync().items()).as("no echo, though Google holds no priority").isEmpty();
        assertThat(tasks.find(offer.id()).priority()).as("kept in Koppel").isEqualTo(TaskPriority.HIGH);

        String callId = first.items().stream().filter(i -> i.crmId() != null && i.crmId().equals(call.id()))
                .findFirst().orElseThrow().peerId();
        google.agenda().userCompletesTask(googleUser, callId);
        tasks.delete(offer.id(), tasks.find(offer.id()).version(), Origin.system());
        sync();

        assertThat(tasks.find(call.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(google.agenda().task(googleUser, sent.path("id").asString()).orElseThrow().path("status").asString())
                .as("marked completed, never deleted").isEqualTo("completed");
    }

    @Test
    void aTaskMadeInGoogleComesInUnlessTheCreationRuleSaysNever() {
        String otherUser = "other-" + UUID.randomUUID() + "@example.com";
        long otherEmployee = samples.employee("google-other");
        google.agenda().userCreatesTask(otherUser, "{\"title\": \"Stays in Google\"}");
        long never = connections.insert(GooglePeers.TYPE, "Google (never)", otherEmployee, Map.of("tasks.creation", "NEVER"),
                secrets.seal(otherUser), Instant.now());
        google.agenda().userCreatesTask(googleUser, "{\"title\": \"Order paper\"}");

        RunReport refused = runner.run(never, "test");
        RunReport imported = sync();

        assertThat(refused.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(refused.items()).filteredOn(i -> i.dataType() == DataType.TASKS).extracting(RunReport.Item::outcome)
                .as("reported, not imported").containsExactly(Outcome.SKIPPED);
        assertThat(links.all(never, DataType.TASKS)).isEmpty();
        RunReport.Item item = only(imported, DataType.TASKS);
        assertThat(item.outcome()).isEqualTo(Outcome.CREATED_IN_CRM);
        assertThat(tasks.find(item.crmId()).subject()).isEqualTo("Order paper");
        assertThat(tasks.find(item.crmId()).responsibleId()).isEqualTo(user);
        assertThat(sync().items()).as("no echo").isEmpty();
    }

    @Test
    void aSignInWithoutCalendarAccessIsAskedToSignInAgainWhileItsContactsGoOnSyncing() {
        accounts.scopes(Set.of(FakeGoogleAccounts.contactsScope()));
        samples.person("Kees", null, "Contact", user);
        appointment("Waits", now.plus(Duration.ofDays(1)));

        RunReport run = runner.run(connection, "test");

        assertThat(run.errorKind()).isEqualTo("PERMISSION");
        assertThat(run.errorMessage()).contains("sign in to Google again");
        assertThat(run.totals().get(DataType.CONTACTS).created()).isEqualTo(1);
        assertThat(google.agenda().events(googleUser)).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Appointment appointment(String subject, Instant start) {
        return appointments.create(new Appointment(null, null, subject, false, start, start.plus(Duration.ofHours(1)), null, null,
                "Europe/Amsterdam", null, null, null, Visibility.EVERYONE, user, List.of(), null, List.of(), List.of(), List.of(),
                null, null, null), List.of(), Viewer.system(), Origin.system());
    }

    private RunReport sync() {
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
