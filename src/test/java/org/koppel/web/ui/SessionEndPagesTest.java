package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.testkit.Api;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.WebSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** A UI session ends at its next request once what it was granted at sign-in is no longer true. */
@OnH2
@AutoConfigureMockMvc
class SessionEndPagesTest {

    private static final String ENDED = "Your session has ended because your account was";

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired MockMvc mvc;

    @Test
    void aDeactivatedEmployeesSessionIsSentToTheSignInPage() {
        Employee user = samples.employee("leaver", EmployeeRole.USER);
        WebSession session = signIn(user);
        assertThat(session.get("/relations").status()).isEqualTo(200);

        employees.update(user.id(), user.version(), changed(user, EmployeeRole.USER, false), Origin.system());

        WebSession.Page page = session.get("/relations");
        assertThat(page.uri()).hasPath("/login").hasQuery("ended");
        assertThat(page.body()).contains(ENDED).doesNotContain("Sign out");
        assertThat(session.get("/relations").uri()).as("the session is gone, not only refused once").hasPath("/login")
                .hasNoQuery();
    }

    @Test
    void aDemotedAdminIsSignedOutAndCannotGiveHimselfTheAdminRoleBack() {
        Employee boss = samples.employee("boss", EmployeeRole.ADMIN);
        WebSession session = signIn(boss);
        WebSession.Page employeesPage = session.get("/employees");
        assertThat(employeesPage.status()).isEqualTo(200);

        Employee demoted = employees.update(boss.id(), boss.version(), changed(boss, EmployeeRole.USER, true), Origin.system());
        WebSession.Page restore = session.post(employeesPage, "/employees/" + boss.id(),
                Map.of("version", demoted.version().toString(), "role", "ADMIN", "active", "true"));

        assertThat(restore.uri()).hasPath("/login").hasQuery("ended");
        assertThat(employees.find(boss.id()).role()).isEqualTo(EmployeeRole.USER);
        assertThat(employees.find(boss.id()).version()).isEqualTo(demoted.version());
    }

    @Test
    void aPasswordSetByAnAdminEndsTheEmployeesSessions() {
        Employee user = samples.employee("forgetful", EmployeeRole.USER);
        WebSession session = signIn(user);

        employees.setPassword(user.id(), "handed-out-5678", true);

        assertThat(session.get("/relations").uri()).hasPath("/login").hasQuery("ended");
    }

    @Test
    void choosingANewPasswordKeepsThisSessionAndEndsTheOthers() {
        Employee user = samples.employee("careful", EmployeeRole.USER);
        WebSession here = signIn(user);
        WebSession elsewhere = signIn(user);

        WebSession.Page form = here.get("/account/password");
        WebSession.Page changed = here.post(form, "/account/password", Map.of("currentPassword",
                Samples.password(user.login()), "newPassword", "a-brand-new-secret", "repeatPassword", "a-brand-new-secret"));

        assertThat(changed.uri()).hasPath("/relations");
        assertThat(here.get("/relations").status()).isEqualTo(200);
        assertThat(elsewhere.get("/relations").uri()).hasPath("/login").hasQuery("ended");
    }

    @Test
    void aPasswordChangedThroughTheApiEndsTheWebSessions() {
        Employee user = samples.employee("scripted", EmployeeRole.USER);
        WebSession session = signIn(user);

        var changed = Api.basic(port, user.login(), Samples.password(user.login())).put("/api/v1/me/password", """
                {"currentPassword": "%s", "newPassword": "changed-by-script-1"}""".formatted(Samples.password(user.login())),
                h -> { });

        assertThat(changed.status()).isEqualTo(204);
        assertThat(session.get("/relations").uri()).hasPath("/login").hasQuery("ended");
    }

    @Test
    void anHtmxRequestOfAnEndedSessionIsToldToLoadTheSignInPage() throws Exception {
        Employee user = samples.employee("htmx", EmployeeRole.USER);
        var session = (MockHttpSession) mvc.perform(post("/login").with(csrf()).param("username", user.login())
                .param("password", Samples.password(user.login()))).andReturn().getRequest().getSession();
        employees.update(user.id(), user.version(), changed(user, EmployeeRole.USER, false), Origin.system());

        var response = mvc.perform(get("/relations").session(session).header("HX-Request", "true")).andReturn().getResponse();

        assertThat(response.getHeader("HX-Redirect")).isEqualTo("/login?ended");
        assertThat(response.getContentAsString()).isEmpty();
        assertThat(session.isInvalid()).isTrue();
    }

    private WebSession signIn(Employee employee) {
        return WebSession.signIn(port, employee.login(), Samples.password(employee.login()));
    }

    private static Employee changed(Employee e, EmployeeRole role, boolean active) {
        return new Employee(e.id(), e.version(), e.login(), e.displayName(), e.emails(), role, active, e.personId(), null, null);
    }
}
