package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.AppointmentQuery;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.agenda.Visibility;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The agenda page, the appointments and tasks on a relation's page, and their forms. */
@OnH2
@AutoConfigureMockMvc
class AgendaPagesTest {

    private static final String ZONE = "Europe/Amsterdam";
    /** A Monday. */
    private static final String WEEK = "2026-12-07";

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Appointments appointments;
    @Autowired Tasks tasks;
    @Autowired Clock clock;

    private Employee user;

    @BeforeEach
    void signIn() {
        user = samples.employee("roos", EmployeeRole.USER);
    }

    @Test
    void relationPageListsUpcomingThenRecentAppointmentsAndOpenTasksWithACountOfCompleted() throws Exception {
        Organisation relation = samples.organisation("Kwekerij Agendaveld", user.id());
        Instant now = clock.instant();
        Appointment past = appointments.create(timed("Terugblik oogst", now.minus(Duration.ofDays(20)),
                now.minus(Duration.ofDays(20)).plus(Duration.ofHours(1)), user.id(), List.of(relation.id())),
                List.of(), Viewer.system(), Origin.system());
        Appointment coming = appointments.create(timed("Rondleiding kassen", now.plus(Duration.ofDays(9)),
                now.plus(Duration.ofDays(9)).plus(Duration.ofHours(2)), user.id(), List.of(relation.id())),
                List.of(), Viewer.system(), Origin.system());
        Task open = tasks.create(task("Offerte sturen", LocalDate.of(2026, 12, 1), user.id(), relation.id()), List.of(),
                Origin.system());
        tasks.create(completed(task("Monsters ophalen", null, user.id(), relation.id())), List.of(), Origin.system());

        String page = perform(get("/relations/" + relation.id())).getContentAsString();

        assertThat(page).contains("href=\"/appointments/" + coming.id() + "/edit\">Rondleiding kassen</a>",
                "href=\"/appointments/" + past.id() + "/edit\">Terugblik oogst</a>",
                "href=\"/tasks/" + open.id() + "/edit\">Offerte sturen</a>", "1 completed task.")
                .doesNotContain("Monsters ophalen");
        assertThat(page.indexOf("Rondleiding kassen")).as("upcoming before the recent past")
                .isLessThan(page.indexOf("Terugblik oogst"));
    }

    @Test
    void agendaShowsAMultiDayAppointmentOnEachDayItCoversAndAnAllDayOneOnItsDay() throws Exception {
        appointments.create(timed("Vakbeurs Gorinchem", Instant.parse("2026-12-08T14:00:00Z"),
                Instant.parse("2026-12-10T10:00:00Z"), user.id(), List.of()), List.of(), Viewer.system(), Origin.system());
        appointments.create(allDay("Inventarisatie", LocalDate.of(2026, 12, 11), LocalDate.of(2026, 12, 12), user.id()),
                List.of(), Viewer.system(), Origin.system());

        String page = perform(get("/agenda").param("week", "2026-12-09")).getContentAsString();

        assertThat(page).contains("My agenda", "7 December 2026 – 13 December 2026");
        assertThat(day(page, "2026-12-07")).doesNotContain("Vakbeurs");
        assertThat(day(page, "2026-12-08")).contains("From 15:00", "Vakbeurs Gorinchem", ZONE);
        assertThat(day(page, "2026-12-09")).contains("All day", "Vakbeurs Gorinchem");
        assertThat(day(page, "2026-12-10")).contains("Until 11:00", "Vakbeurs Gorinchem");
        assertThat(day(page, "2026-12-11")).contains("All day", "Inventarisatie").doesNotContain("Vakbeurs");
        assertThat(day(page, "2026-12-12")).doesNotContain("Inventarisatie");
        assertThat(page).contains("href=\"/agenda?employee=" + user.id() + "&amp;week=2026-11-30\"",
                "href=\"/agenda?employee=" + user.id() + "&amp;week=2026-12-14\"");
    }

    @Test
    void agendaShowsAWeeklySeriesOnItsWeekdayInTheShownWeekButNotOnALeftOutDate() throws Exception {
        // Tuesdays 09:00-10:00 from 10 November (CET), the one of 15 December left out.
        Appointment series = appointments.create(series(timed("Teamoverleg", Instant.parse("2026-11-10T08:00:00Z"),
                        Instant.parse("2026-11-10T09:00:00Z"), user.id(), List.of()), "FREQ=WEEKLY;BYDAY=TU",
                List.of(Instant.parse("2026-12-15T08:00:00Z"))), List.of(), Viewer.system(), Origin.system());

        String page = perform(get("/agenda").param("week", WEEK)).getContentAsString();

        assertThat(day(page, "2026-12-08")).contains("09:00–10:00",
                "href=\"/appointments/" + series.id() + "/edit\">Teamoverleg</a>", "part of a series");
        assertThat(List.of("2026-12-07", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"))
                .allSatisfy(date -> assertThat(day(page, date)).doesNotContain("Teamoverleg"));
        assertThat(page).doesNotContain("Recurring appointments");

        String weekWithException = perform(get("/agenda").param("week", "2026-12-14")).getContentAsString();
        assertThat(weekWithException).doesNotContain("Teamoverleg");
    }

    @Test
    void anotherEmployeesPrivateAppointmentShowsOnlyItsTimeAndItsFormIsAFriendly403() throws Exception {
        Employee other = samples.employee("bram", EmployeeRole.USER);
        Appointment secret = timed("Sollicitatie Geheimhof", Instant.parse("2026-12-09T09:00:00Z"),
                Instant.parse("2026-12-09T10:00:00Z"), other.id(), List.of());
        Appointment stored = appointments.create(withVisibility(secret, Visibility.OWNER_ONLY), List.of(),
                Viewer.system(), Origin.system());

        String seenByUser = perform(get("/agenda").param("employee", other.id().toString()).param("week", WEEK))
                .getContentAsString();
        String seenByOrganiser = mvc.perform(get("/agenda").param("week", WEEK).with(as(other))).andReturn()
                .getResponse().getContentAsString();
        MockHttpServletResponse form = perform(get("/appointments/" + stored.id() + "/edit"));

        assertThat(day(seenByUser, "2026-12-09")).contains("Private appointment", "10:00–11:00")
                .doesNotContain("Sollicitatie", "Geheimhof", "Kamer 12", "/appointments/" + stored.id());
        assertThat(day(seenByOrganiser, "2026-12-09")).contains("Sollicitatie Geheimhof", "Kamer 12");
        assertThat(form.getStatus()).isEqualTo(403);
        assertThat(form.getContentAsString()).contains("private to its organiser").doesNotContain("Geheimhof");
    }

    @Test
    void formRefusesAnEndBeforeTheStartAndShowsTheProblemByTheEndField() throws Exception {
        String subject = "Omgekeerd overleg " + user.id();

        MockHttpServletResponse refused = perform(appointmentPost(subject, "2026-12-09T11:00", "2026-12-09T10:00"));
        MockHttpServletResponse saved = perform(appointmentPost(subject, "2026-12-09T10:00", "2026-12-09T11:00"));

        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString()).containsPattern(
                "(?s)<div class=\"field has-problem\">\\s*<label for=\"end\"[^<]*</label>\\s*<input id=\"end\"[^>]*>\\s*"
                        + "<p class=\"problem\"[^>]*>lies before start</p>")
                .contains("value=\"2026-12-09T11:00\"", "Nothing was saved");
        assertThat(saved.getStatus()).isEqualTo(302);
        List<Appointment> stored = appointments.search(new AppointmentQuery(null, null, user.id(), null, false, null,
                true, 0, 10), Viewer.system()).items();
        assertThat(stored).singleElement().satisfies(a -> {
            assertThat(a.subject()).isEqualTo(subject);
            assertThat(a.start()).as("typed in the appointment's zone").isEqualTo(Instant.parse("2026-12-09T09:00:00Z"));
        });
    }

    @Test
    void formRefusesAnAllDayAppointmentWhoseLastDayLiesBeforeItsFirstInTheFormsOwnTerms() throws Exception {
        MockHttpServletResponse refused = perform(post("/appointments").param("subject", "Achterstevoren")
                .param("allDay", "true").param("startDate", "2026-12-10").param("endDate", "2026-12-08")
                .param("timeZone", ZONE).param("organiserId", user.id().toString()));

        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString()).containsPattern(
                "(?s)<label for=\"endDate\"[^<]*</label>\\s*<input id=\"endDate\"[^>]*value=\"2026-12-08\"[^>]*>\\s*"
                        + "<p class=\"problem\"[^>]*>the last day lies before the first day</p>\\s*</div>")
                .doesNotContain("exclusive");
    }

    @Test
    void formRefusesToMakeAnAppointmentPrivateToAnotherEmployeeAndSaysWhy() throws Exception {
        Employee other = samples.employee("joost", EmployeeRole.USER);

        MockHttpServletResponse refused = perform(appointmentPost("Stiekem overleg", "2026-12-09T10:00", "2026-12-09T11:00",
                other.id(), "OWNER_ONLY"));

        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("only admins may make an appointment private to another employee",
                "value=\"Stiekem overleg\"");
        assertThat(appointments.search(new AppointmentQuery(null, null, other.id(), null, false, null, true, 0, 10),
                Viewer.system()).items()).isEmpty();
    }

    @Test
    void aTaskIsCompletedFromTheListWithOneHtmxPost() throws Exception {
        Task task = tasks.create(task("Contract tekenen", LocalDate.of(2020, 1, 6), user.id(), null), List.of(),
                Origin.system());
        assertThat(perform(get("/agenda")).getContentAsString())
                .contains("Contract tekenen", "overdue", "hx-post=\"/tasks/" + task.id() + "/complete\"");

        MockHttpServletResponse row = perform(post("/tasks/" + task.id() + "/complete")
                .param("version", task.version().toString()).header("HX-Request", "true"));
        MockHttpServletResponse again = perform(post("/tasks/" + task.id() + "/complete")
                .param("version", task.version().toString()).header("HX-Request", "true"));

        assertThat(row.getContentAsString()).startsWith("<tr id=\"task-" + task.id() + "\"").contains("Completed")
                .doesNotContain("<html", "Mark completed");
        assertThat(tasks.find(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(again.getStatus()).as("a stale version overwrites nothing").isEqualTo(409);
        assertThat(perform(get("/agenda")).getContentAsString()).doesNotContain("Contract tekenen");
    }

    /** The part of the agenda page under one day's heading. */
    @Test
    void anAppointmentIsDeletedAndRestoredFromItsPageWhichShowsItsHistoryByName() throws Exception {
        Appointment a = appointments.create(timed("Kwartaaloverleg", Instant.parse("2026-12-09T09:00:00Z"),
                Instant.parse("2026-12-09T10:00:00Z"), user.id(), List.of()), List.of(), Viewer.system(), Origin.user(user.id()));

        MockHttpServletResponse deleted = perform(post("/appointments/" + a.id() + "/delete").param("version", "1"));
        assertThat(deleted.getRedirectedUrl()).isEqualTo("/appointments/" + a.id() + "/edit");
        assertThat(appointments.find(a.id(), Viewer.system()).deletedAt()).isNotNull();
        String page = perform(get("/appointments/" + a.id() + "/edit")).getContentAsString();
        assertThat(page).contains("This appointment is deleted", "id=\"restore-appointment\"");
        assertThat(page).containsPattern("Created</span>\\s*by <span>" + user.displayName());

        perform(post("/appointments/" + a.id() + "/restore"));
        assertThat(appointments.find(a.id(), Viewer.system()).deletedAt()).isNull();
        assertThat(perform(post("/appointments/" + a.id() + "/delete").param("version", "1")).getStatus())
                .as("a stale delete is refused").isEqualTo(409);
    }

    @Test
    void aTaskIsDeletedAndRestoredFromItsPage() throws Exception {
        Task task = tasks.create(task("Offerte nalopen", LocalDate.of(2026, 12, 10), user.id(), null), List.of(),
                Origin.system());

        perform(post("/tasks/" + task.id() + "/delete").param("version", task.version().toString()));
        assertThat(tasks.find(task.id()).deletedAt()).isNotNull();
        assertThat(perform(get("/tasks/" + task.id() + "/edit")).getContentAsString()).contains("This task is deleted");

        perform(post("/tasks/" + task.id() + "/restore"));
        assertThat(tasks.find(task.id()).deletedAt()).isNull();
    }

    private static String day(String page, String date) {
        int start = page.indexOf("data-date=\"" + date + "\"");
        assertThat(start).as("the page has a heading for " + date).isPositive();
        int end = page.indexOf("data-date=", start + 1);
        return page.substring(start, end < 0 ? page.indexOf("Open tasks", start) : end);
    }

    private MockHttpServletRequestBuilder appointmentPost(String subject, String start, String end) {
        return appointmentPost(subject, start, end, user.id(), "EVERYONE");
    }

    private static MockHttpServletRequestBuilder appointmentPost(String subject, String start, String end, long organiser,
                                                                 String visibility) {
        return post("/appointments").param("subject", subject).param("start", start).param("end", end)
                .param("timeZone", ZONE).param("visibility", visibility).param("organiserId", String.valueOf(organiser));
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(user)).with(csrf())).andReturn().getResponse();
    }

    private static Appointment timed(String subject, Instant start, Instant end, long organiser, List<Long> relations) {
        return new Appointment(null, null, subject, false, start, end, null, null, ZONE, "Kamer 12", null, null,
                Visibility.EVERYONE, organiser, relations, null, List.of(), List.of(), List.of(), null, null, null);
    }

    private static Appointment allDay(String subject, LocalDate first, LocalDate endExclusive, long organiser) {
        return new Appointment(null, null, subject, true, null, null, first, endExclusive, ZONE, null, null, null,
                Visibility.EVERYONE, organiser, List.of(), null, List.of(), List.of(), List.of(), null, null, null);
    }

    private static Appointment series(Appointment a, String rule, List<Instant> exceptions) {
        return new Appointment(null, null, a.subject(), a.allDay(), a.start(), a.end(), a.startDate(), a.endDate(),
                a.timeZone(), a.location(), a.description(), a.reminderMinutes(), a.visibility(), a.organiserId(),
                a.relationIds(), rule, exceptions, a.exceptionDates(), a.occurrenceEdits(), null, null, null);
    }

    private static Appointment withVisibility(Appointment a, Visibility visibility) {
        return new Appointment(null, null, a.subject(), a.allDay(), a.start(), a.end(), a.startDate(), a.endDate(),
                a.timeZone(), a.location(), a.description(), a.reminderMinutes(), visibility, a.organiserId(),
                a.relationIds(), a.recurrence(), a.exceptions(), a.exceptionDates(), a.occurrenceEdits(), null, null, null);
    }

    private static Task task(String subject, LocalDate due, long responsible, Long relation) {
        return new Task(null, null, subject, due, TaskStatus.OPEN, null, TaskPriority.NORMAL, null, responsible,
                relation, null, null, null);
    }

    private static Task completed(Task t) {
        return new Task(null, null, t.subject(), t.dueDate(), TaskStatus.COMPLETED, null, t.priority(), t.notes(),
                t.responsibleId(), t.relationId(), null, null, null);
    }
}
