package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
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
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.runtime.Connection.Status;
import org.koppel.store.ConnectionStore;
import org.koppel.store.ImportQueueStore;
import org.koppel.sync.DataType;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The home page: each thing needing attention appears when its cause exists and links where it is dealt with. */
@OnH2
@AutoConfigureMockMvc
class HomePagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired ConnectionStore connections;
    @Autowired ImportQueueStore queue;
    @Autowired JdbcClient jdbc;
    @Autowired Appointments appointments;
    @Autowired Tasks tasks;

    @Test
    void aNewEmployeeWithNothingWaitingOrPlannedGetsAFriendlyEmptyState() throws Exception {
        Employee user = employee();

        String page = page(user, "en");

        assertThat(page).contains("<h1>Hello, " + user.displayName() + "</h1>", "id=\"all-clear\"",
                "Nothing needs your attention.", "No open tasks.").doesNotContain("id=\"attention-");
    }

    @Test
    void eachCauseOfAttentionAppearsWithItsCountAndLinksToWhereItIsDealtWith() throws Exception {
        Employee user = employee();
        long signIn = connection(user, "Outlook", Status.NEEDS_SIGN_IN);
        long failing = connection(user, "Nextcloud", Status.FAILING);
        long stopped = connection(user, "iCloud", Status.NEEDS_CONFIRMATION);
        long phone = connection(user, "Telefoon", Status.ACTIVE);
        queue.queue(phone, DataType.CONTACTS, "p-1", "1", "{}", "Anna", Instant.now());
        queue.queue(phone, DataType.CONTACTS, "p-2", "1", "{}", "Bram", Instant.now());
        long person = samples.person("Kees", null, "Review", user.id()).id();
        jdbc.sql("""
                INSERT INTO contact_review (connection_id, crm_id, peer_id, base_values, peer_values, reason, status, created_at)
                VALUES (?, ?, 'p-3', '{}', '{}', 'merged by Outlook', 'OPEN', ?)""")
                .params(phone, person, Timestamp.from(Instant.now())).update();
        conflict(phone, person, Instant.now().minus(Duration.ofDays(1)));
        conflict(phone, person, Instant.now().minus(Duration.ofDays(30)));

        String page = page(user, "en");

        assertThat(attention(page, "signIn")).contains("A connection needs signing in again", "href=\"/connections/" + signIn + "\"");
        assertThat(attention(page, "failing")).contains("A connection keeps failing", "href=\"/connections/" + failing + "\"");
        assertThat(attention(page, "safetyStop")).contains("href=\"/connections/" + stopped + "\"");
        assertThat(attention(page, "queue")).contains("2 contacts wait in the import queue",
                "href=\"/connections/" + phone + "/import-queue\"");
        assertThat(attention(page, "reviews")).contains("One change from an address book waits for a decision",
                "href=\"/connections/" + phone + "/reviews\"");
        assertThat(attention(page, "conflicts")).as("the one of a month ago is history")
                .contains("One conflict in the last 7 days", "href=\"/connections/" + phone + "/conflicts\"");
        assertThat(page).doesNotContain("id=\"all-clear\"");
    }

    @Test
    void anAdminSeesEveryonesConnectionsWithTheirOwnersWhileAnEmployeeSeesOnlyTheirs() throws Exception {
        Employee owner = employee();
        Employee other = employee();
        long failing = connection(owner, "Gmail van " + owner.login(), Status.FAILING);

        String asAdmin = page(UiUsers.admin(employees), "en");
        String asOther = page(other, "en");

        assertThat(attention(asAdmin, "failing")).contains("href=\"/connections/" + failing + "\"", owner.displayName());
        assertThat(asAdmin).contains("For the whole organisation");
        assertThat(asOther).doesNotContain("/connections/" + failing);
    }

    @Test
    void myAgendaShowsTodaysAppointmentsAndMyOpenTasksOverdueFirstInTheUsersLanguage() throws Exception {
        Employee user = employee();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        appointments.create(new Appointment(null, null, "Lunch met Iris", true, null, null, today, today.plusDays(1),
                "Europe/Amsterdam", "Utrecht", null, null, Visibility.EVERYONE, user.id(), List.of(), null, List.of(),
                List.of(), List.of(), null, null, null), List.of(), Viewer.system(), Origin.system());
        tasks.create(task("Offerte nabellen", today.minusDays(3), user.id()), List.of(), Origin.system());
        tasks.create(task("Later eens", null, user.id()), List.of(), Origin.system());

        String en = page(user, "en");
        String nl = page(user, "nl");
        String it = page(user, "it");

        assertThat(section(en, "my-agenda")).contains("Lunch met Iris", "All day");
        assertThat(section(en, "my-tasks")).contains("Offerte nabellen", "overdue", "Later eens");
        assertThat(section(en, "my-tasks").indexOf("Offerte nabellen")).isLessThan(section(en, "my-tasks").indexOf("Later eens"));
        assertThat(nl).contains("Mijn agenda", "Hele dag", "te laat", "Wat aandacht nodig heeft");
        assertThat(it).contains("La mia agenda", "Tutto il giorno", "scaduta", "Cosa richiede attenzione");
    }

    private Employee employee() {
        return samples.employee("home-" + UUID.randomUUID().toString().substring(0, 8), EmployeeRole.USER);
    }

    private long connection(Employee owner, String name, Status status) {
        long id = connections.insert("memory", name, owner.id(), Map.of(), null, Instant.now());
        connections.setStatus(id, status, status == Status.ACTIVE ? null : "test", Instant.now());
        return id;
    }

    private void conflict(long connection, long crmId, Instant at) {
        jdbc.sql("""
                INSERT INTO sync_conflict (connection_id, data_type, crm_id, field, crm_value, peer_value, winner, created_at)
                VALUES (?, 'CONTACTS', ?, 'givenName', 'Kees', 'Cees', 'CRM', ?)""")
                .params(connection, crmId, Timestamp.from(at)).update();
    }

    private static Task task(String subject, LocalDate due, long responsible) {
        return new Task(null, null, subject, due, TaskStatus.OPEN, null, TaskPriority.NORMAL, null, responsible, null,
                null, null, null);
    }

    private String page(Employee user, String language) throws Exception {
        var response = mvc.perform(get("/").with(as(user)).header("Accept-Language", language)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString();
    }

    private static String attention(String page, String key) {
        int at = page.indexOf("id=\"attention-" + key + "\"");
        assertThat(at).as("attention item " + key).isGreaterThan(0);
        return page.substring(at, page.indexOf("</li>", at));
    }

    private static String section(String page, String id) {
        int at = page.indexOf("id=\"" + id + "\"");
        assertThat(at).as("section " + id).isGreaterThan(0);
        return page.substring(at, page.indexOf("</section>", at));
    }
}
