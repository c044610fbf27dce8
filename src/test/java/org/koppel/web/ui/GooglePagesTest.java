package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.google.GoogleApp;
import org.koppel.store.GoogleAppStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The Google pages without a sign-in: the admin's app page, the Connect Google button before and after setup. */
@OnH2
@AutoConfigureMockMvc
class GooglePagesTest {

    private static final String CLIENT_ID = "1234-abcdef.apps.googleusercontent.com";
    private static final String SECRET = "GOCSPX-a-client-secret-never-shown";

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired GoogleAppStore appStore;

    Employee user;

    @BeforeEach
    void setUp() {
        user = samples.employee("gerrit", EmployeeRole.USER);
        appStore.write(new GoogleAppStore.Row(null, null, GoogleApp.DEFAULT_AUTHORIZATION, GoogleApp.DEFAULT_TOKEN,
                GoogleApp.DEFAULT_REVOCATION, GoogleApp.DEFAULT_PEOPLE, GoogleApp.DEFAULT_CALENDAR, GoogleApp.DEFAULT_TASKS),
                UiUsers.admin(employees).id(), Instant.now());
    }

    @Test
    void beforeAnAdminSetsUpTheAppTheConnectGoogleButtonSaysWhy() throws Exception {
        String page = mvc.perform(get("/connections").with(as(user))).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("Connect Google", "an admin must first set up the Google app")
                .containsPattern("<button type=\"button\" class=\"button\" disabled id=\"connect-google-button\"")
                .doesNotContain("/settings/google\"")
                // Google is connected by signing in, never through the CardDAV-style form
                .doesNotContain("<option value=\"google\"");
        assertThat(mvc.perform(get("/integrations").with(as(user))).andReturn().getResponse().getContentAsString())
                .contains("Google (Contacts, Calendar, Tasks)", "An admin must set up the Google app first.");

        MvcResult pressed = mvc.perform(post("/connections/google/connect").with(as(user)).with(csrf())).andReturn();
        assertThat(pressed.getResponse().getRedirectedUrl()).isEqualTo("/connections");
        assertThat((String) pressed.getFlashMap().get("problem")).contains("an admin must first set up the Google app");
    }

    @Test
    void anAdminSetsUpTheAppAndTheSecretIsNeverShown() throws Exception {
        Employee admin = UiUsers.admin(employees);
        assertThat(mvc.perform(get("/settings/sync").with(as(admin))).andReturn().getResponse().getContentAsString())
                .contains("href=\"/settings/google\"");
        String blank = mvc.perform(get("/settings/google").with(as(admin))).andReturn().getResponse().getContentAsString();
        assertThat(blank).contains("Not set up yet", "http://localhost/connections/google/callback", "Not set");

        MockHttpServletResponse bad = mvc.perform(post("/settings/google").with(as(admin)).with(csrf())
                .param("clientId", "not-a-client-id").param("clientSecret", SECRET)
                .param("tokenUrl", "http://oauth2.example.com/token")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString()).containsPattern("(?s)id=\"tokenUrl\".*?<p class=\"problem\"[^>]*>must use https")
                .contains(".apps.googleusercontent.com").doesNotContain(SECRET);

        MockHttpServletResponse saved = mvc.perform(post("/settings/google").with(as(admin)).with(csrf())
                .param("clientId", CLIENT_ID).param("clientSecret", SECRET)).andReturn().getResponse();
        assertThat(saved.getRedirectedUrl()).isEqualTo("/settings/google");
        String after = mvc.perform(get("/settings/google").with(as(admin))).andReturn().getResponse().getContentAsString();
        assertThat(after).contains("Set (stored encrypted; never shown)", CLIENT_ID, GoogleApp.DEFAULT_TOKEN)
                .doesNotContain(SECRET);
        assertThat(mvc.perform(get("/connections").with(as(user))).andReturn().getResponse().getContentAsString())
                .contains("id=\"connect-google-button\">Connect Google</button>");
        assertThat(mvc.perform(get("/integrations").with(as(user))).andReturn().getResponse().getContentAsString())
                .contains("/connections#connect-google");

        assertThat(mvc.perform(get("/settings/google").with(as(user))).andReturn().getResponse().getStatus()).isEqualTo(403);
    }
}
