package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@OnH2
@AutoConfigureMockMvc
class SignInPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;

    @Test
    void pagesSendAnonymousVisitorsToTheSignInPage() throws Exception {
        MvcResult result = mvc.perform(get("/relations")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(302);
        assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login");
    }

    @Test
    void signInPageHasAFormWithCsrfToken() throws Exception {
        String page = mvc.perform(get("/login")).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("action=\"/login\"", "name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
        assertThat(page).doesNotContain("Wrong login or password", "Sign out");
    }

    @Test
    void wrongPasswordComesBackToTheSignInPageWithAReason() throws Exception {
        MvcResult result = mvc.perform(post("/login").with(csrf())
                .param("username", TestUsers.ADMIN).param("password", "not-the-password")).andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");

        String page = mvc.perform(get("/login").param("error", "")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Wrong login or password");
    }

    @Test
    void rightPasswordLeadsToTheHomePage() throws Exception {
        MvcResult result = mvc.perform(post("/login").with(csrf())
                .param("username", TestUsers.ADMIN).param("password", TestUsers.ADMIN_PASSWORD)).andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void signOutIsAPostWithCsrfTokenAndIsConfirmed() throws Exception {
        String relations = mvc.perform(get("/relations").with(as(UiUsers.admin(employees)))).andReturn().getResponse()
                .getContentAsString();
        assertThat(relations).containsPattern("<form class=\"inline\" method=\"post\" action=\"/logout\">"
                + "<input type=\"hidden\" name=\"_csrf\"");

        MvcResult signOut = mvc.perform(post("/logout").with(as(UiUsers.admin(employees))).with(csrf())).andReturn();
        assertThat(signOut.getResponse().getRedirectedUrl()).isEqualTo("/login?logout");

        String page = mvc.perform(get("/login").param("logout", "")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("You are signed out.");
    }

    @Test
    void aOneTimePasswordLeadsOnlyToChoosingANewOne() throws Exception {
        var user = samples.employee("nina", EmployeeRole.USER);
        employees.setPassword(user.id(), "handed-out-1234", true);
        var session = (MockHttpSession) mvc.perform(post("/login").with(csrf())
                .param("username", user.login()).param("password", "handed-out-1234")).andReturn().getRequest().getSession();

        MvcResult elsewhere = mvc.perform(get("/relations").session(session)).andReturn();
        assertThat(elsewhere.getResponse().getRedirectedUrl()).isEqualTo("/account/password");
        String form = mvc.perform(get("/account/password").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("Choose your own before you go on");

        MvcResult mismatch = mvc.perform(post("/account/password").session(session).with(csrf())
                .param("currentPassword", "handed-out-1234").param("newPassword", "my-own-secret-42")
                .param("repeatPassword", "my-own-secret-43")).andReturn();
        assertThat(mismatch.getResponse().getStatus()).isEqualTo(422);
        assertThat(mismatch.getResponse().getContentAsString()).contains("is not the same as the new password");

        MvcResult changed = mvc.perform(post("/account/password").session(session).with(csrf())
                .param("currentPassword", "handed-out-1234").param("newPassword", "my-own-secret-42")
                .param("repeatPassword", "my-own-secret-42")).andReturn();
        assertThat(changed.getResponse().getRedirectedUrl()).isEqualTo("/relations?passwordChanged");
        assertThat(mvc.perform(get("/relations").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(post("/login").with(csrf()).param("username", user.login())
                .param("password", "my-own-secret-42")).andReturn().getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void rootIsTheHomePage() throws Exception {
        MvcResult result = mvc.perform(get("/").with(as(UiUsers.admin(employees)))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentAsString()).contains("What needs attention");
    }

    @Test
    void employeesAreForAdminsOnly() throws Exception {
        var user = samples.employee("lotte", EmployeeRole.USER);

        assertThat(mvc.perform(get("/employees").with(as(user))).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post("/employees").with(as(user)).with(csrf()).param("login", "sneaky")
                .param("displayName", "Sneaky").param("role", "ADMIN")).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(employees.all()).noneMatch(e -> e.login().equals("sneaky"));
    }

    @Test
    void navigationShowsEmployeesToAdminsOnly() throws Exception {
        var user = samples.employee("mark", EmployeeRole.USER);

        String forUser = mvc.perform(get("/relations").with(as(user))).andReturn().getResponse().getContentAsString();
        String forAdmin = mvc.perform(get("/relations").with(as(UiUsers.admin(employees)))).andReturn().getResponse()
                .getContentAsString();

        assertThat(forUser).contains("Signed in as", "mark").doesNotContain("href=\"/employees\"");
        assertThat(forAdmin).contains("href=\"/employees\"", "Administrator");
    }

    @Test
    void htmxThatPagesReferToIsServed() throws Exception {
        String page = mvc.perform(get("/login")).andReturn().getResponse().getContentAsString();
        Matcher src = Pattern.compile("<script src=\"(/webjars/htmx\\.org/[^\"]+)\"").matcher(page);
        assertThat(src.find()).as("the layout loads htmx").isTrue();

        MvcResult script = mvc.perform(get(src.group(1))).andReturn();
        assertThat(script.getResponse().getStatus()).isEqualTo(200);
        assertThat(script.getResponse().getContentAsString()).contains("htmx");
    }
}
