package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.microsoft.MicrosoftSignIns;
import org.koppel.microsoft.MicrosoftTokens;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.store.MicrosoftAppStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.ObjectMapper;

/** The Microsoft pages without a sign-in: the admin's app page, the Connect button before setup, the follow-up links. */
@OnH2
@AutoConfigureMockMvc
class MicrosoftPagesTest {

    private static final String SECRET = "Qx7~a-client-secret-never-shown";

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired MicrosoftAppStore appStore;
    @Autowired Connections connections;
    @Autowired ConnectionStore connectionStore;
    @Autowired ObjectMapper json;

    Employee user;

    @BeforeEach
    void setUp() {
        user = samples.employee("lotte", EmployeeRole.USER);
        appStore.write(new MicrosoftAppStore.Row(null, null, "organizations", "https://login.microsoftonline.com",
                "https://graph.microsoft.com/v1.0"), UiUsers.admin(employees).id(), Instant.now());
    }

    @Test
    void beforeAnAdminSetsUpTheAppTheConnectButtonSaysWhy() throws Exception {
        String page = mvc.perform(get("/connections").with(as(user))).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("Connect Microsoft 365", "an admin must first set up the Microsoft app")
                .containsPattern("<button type=\"button\" class=\"button\" disabled id=\"connect-microsoft-button\"")
                .doesNotContain("/settings/microsoft\"");
        assertThat(mvc.perform(get("/connections").with(as(UiUsers.admin(employees)))).andReturn().getResponse()
                .getContentAsString()).as("an admin is shown where").contains("href=\"/settings/microsoft\"");

        MvcResult pressed = mvc.perform(post("/connections/microsoft/connect").param("folder", "koppel")
                .with(as(user)).with(csrf())).andReturn();
        assertThat(pressed.getResponse().getRedirectedUrl()).isEqualTo("/connections");
        assertThat((String) pressed.getFlashMap().get("problem")).contains("an admin must first set up the Microsoft app");
        // Microsoft 365 is connected by signing in, never through the CardDAV-style form
        assertThat(page).doesNotContain("<option value=\"microsoft365\"");
    }

    @Test
    void anAdminSetsUpTheAppAndTheSecretIsNeverShown() throws Exception {
        Employee admin = UiUsers.admin(employees);
        assertThat(mvc.perform(get("/settings/sync").with(as(admin))).andReturn().getResponse().getContentAsString())
                .contains("href=\"/settings/microsoft\"");
        String blank = mvc.perform(get("/settings/microsoft").with(as(admin))).andReturn().getResponse().getContentAsString();
        assertThat(blank).contains("Not set up yet", "http://localhost/connections/microsoft/callback", "Not set");

        MockHttpServletResponse bad = mvc.perform(post("/settings/microsoft").with(as(admin)).with(csrf())
                .param("clientId", "00001111-aaaa-2222-bbbb-3333cccc4444").param("clientSecret", SECRET)
                .param("tenant", "organizations").param("authorityBaseUrl", "http://login.example.com")
                .param("graphBaseUrl", "https://graph.microsoft.com/v1.0")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString()).containsPattern("(?s)id=\"authorityBaseUrl\".*?<p class=\"problem\"[^>]*>must use https")
                .doesNotContain(SECRET);

        MockHttpServletResponse saved = mvc.perform(post("/settings/microsoft").with(as(admin)).with(csrf())
                .param("clientId", "00001111-aaaa-2222-bbbb-3333cccc4444").param("clientSecret", SECRET)
                .param("tenant", "organizations").param("authorityBaseUrl", "https://login.microsoftonline.com")
                .param("graphBaseUrl", "https://graph.microsoft.com/v1.0")).andReturn().getResponse();
        assertThat(saved.getRedirectedUrl()).isEqualTo("/settings/microsoft");
        String after = mvc.perform(get("/settings/microsoft").with(as(admin))).andReturn().getResponse().getContentAsString();
        assertThat(after).contains("Set (stored encrypted; never shown)", "00001111-aaaa-2222-bbbb-3333cccc4444")
                .doesNotContain(SECRET);
        assertThat(mvc.perform(get("/connections").with(as(user))).andReturn().getResponse().getContentAsString())
                .contains("id=\"connect-microsoft-button\">Connect Microsoft 365</button>");

        assertThat(mvc.perform(get("/settings/microsoft").with(as(user))).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aSignedInConnectionOffersItsNextStepToItsOwnerOnly() throws Exception {
        Connection waiting = microsoftConnection(user, "lotte@contoso.example");
        connectionStore.setStatus(waiting.id(), Connection.Status.PAUSED, MicrosoftSignIns.WAITING_FOR_START, Instant.now());
        Connection expired = microsoftConnection(user, "lotte.private@contoso.example");
        connectionStore.setStatus(expired.id(), Connection.Status.NEEDS_SIGN_IN, "revoked", Instant.now());

        String list = mvc.perform(get("/connections").with(as(user))).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("/connections/" + waiting.id() + "/microsoft/start", "Sign in again");
        assertThat(mvc.perform(get("/connections/" + waiting.id()).with(as(user))).andReturn().getResponse()
                .getContentAsString()).contains("Save and start initial sync", "Sign-in");
        assertThat(mvc.perform(get("/connections/" + expired.id()).with(as(user))).andReturn().getResponse()
                .getContentAsString()).contains("Microsoft no longer accepts Koppel's sign-in", "Sign in again");

        String asAdmin = mvc.perform(get("/connections/" + expired.id()).with(as(UiUsers.admin(employees)))).andReturn()
                .getResponse().getContentAsString();
        assertThat(asAdmin).contains("Only its owner").doesNotContain(">Sign in again</button>");
    }

    private Connection microsoftConnection(Employee owner, String account) {
        String tokens = new MicrosoftTokens("at-" + account, "rt-" + account, Instant.now().plusSeconds(3600), null).toJson(json);
        return connections.create("microsoft365", "Microsoft 365 (" + account + ")",
                Map.of("folder", "koppel", "account", account), tokens, principal(owner));
    }

    private static KoppelUser principal(Employee e) {
        return new KoppelUser(e.id(), e.login(), "{noop}unused", e.role(), true, false, null);
    }
}
