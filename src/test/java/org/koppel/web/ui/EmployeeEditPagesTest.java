package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.store.EmployeeStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** An admin editing one employee and setting their password. */
@OnH2
@AutoConfigureMockMvc
class EmployeeEditPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired EmployeeStore store;
    @Autowired PasswordEncoder passwords;

    @Test
    void anAdminChangesNameEmailsAndRoleOfAnEmployee() throws Exception {
        Employee e = samples.employee("rita", EmployeeRole.USER);

        MockHttpServletResponse response = perform(edit(e).param("displayName", "Rita de Ruiter")
                .param("emails", "rita@koppel.test, r.ruiter@koppel.test").param("role", "ADMIN").param("active", "true"));

        assertThat(response.getRedirectedUrl()).isEqualTo("/employees/" + e.id());
        Employee stored = employees.find(e.id());
        assertThat(stored.displayName()).isEqualTo("Rita de Ruiter");
        assertThat(stored.emails()).containsExactly("rita@koppel.test", "r.ruiter@koppel.test");
        assertThat(stored.role()).isEqualTo(EmployeeRole.ADMIN);
        assertThat(perform(get("/employees")).getContentAsString()).contains("href=\"/employees/" + e.id() + "\"");
    }

    @Test
    void rejectedInputIsShownAtItsFieldAndNothingIsStored() throws Exception {
        Employee e = samples.employee("sjaak", EmployeeRole.USER);

        MockHttpServletResponse response = perform(edit(e).param("displayName", "").param("emails", "sjaak-at-work")
                .param("role", "USER").param("active", "true"));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString())
                .containsPattern("(?s)id=\"displayName\".*?<p class=\"problem\"[^>]*>is required")
                .containsPattern("(?s)id=\"emails\".*?<p class=\"problem\"[^>]*>&#39;sjaak-at-work&#39; is not an e-mail address")
                .contains("value=\"sjaak-at-work\"");
        assertThat(employees.find(e.id()).version()).isEqualTo(e.version());
    }

    @Test
    void aStaleVersionSaysSomeoneChangedItAndStoresNothing() throws Exception {
        Employee e = samples.employee("truus", EmployeeRole.USER);
        employees.update(e.id(), e.version(), new Employee(e.id(), e.version(), e.login(), "Truus Eerder", e.emails(),
                e.role(), true, null, null, null), Origin.system());

        MockHttpServletResponse response = perform(edit(e).param("displayName", "Truus Later").param("role", "USER")
                .param("active", "true"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentAsString()).contains("Someone else changed this employee meanwhile",
                "Reload this employee");
        assertThat(employees.find(e.id()).displayName()).isEqualTo("Truus Eerder");
    }

    @Test
    void aLeaverWhoStillManagesRelationsIsRefusedWithTheReason() throws Exception {
        Employee e = samples.employee("vertrekker", EmployeeRole.USER);
        samples.person("Beheerde", null, "Relatie", e.id());

        MockHttpServletResponse response = perform(edit(e).param("displayName", e.displayName()).param("role", "USER"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentAsString()).contains("give them another manager before deactivating");
        assertThat(employees.find(e.id()).active()).isTrue();
    }

    @Test
    void aOneTimePasswordIsSetNeverShownAndMustBeChanged() throws Exception {
        Employee e = samples.employee("vergeetachtig", EmployeeRole.USER);

        MockHttpServletResponse response = perform(post("/employees/" + e.id() + "/password")
                .param("password", "tijdelijk-wachtwoord-1").param("repeatPassword", "tijdelijk-wachtwoord-1")
                .param("mustChange", "true"));

        assertThat(response.getRedirectedUrl()).isEqualTo("/employees/" + e.id());
        var credentials = store.credentials(e.login()).orElseThrow();
        assertThat(passwords.matches("tijdelijk-wachtwoord-1", credentials.passwordHash())).isTrue();
        assertThat(credentials.mustChangePassword()).isTrue();
        assertThat(perform(get("/employees/" + e.id())).getContentAsString()).doesNotContain("tijdelijk-wachtwoord-1");
    }

    @Test
    void aRefusedPasswordShowsTheReasonAtTheFieldWithoutTheTypedPassword() throws Exception {
        Employee e = samples.employee("kortwachtwoord", EmployeeRole.USER);
        String before = store.credentials(e.login()).orElseThrow().passwordHash();

        MockHttpServletResponse tooShort = perform(post("/employees/" + e.id() + "/password")
                .param("password", "kort").param("repeatPassword", "kort").param("mustChange", "true"));
        MockHttpServletResponse different = perform(post("/employees/" + e.id() + "/password")
                .param("password", "een-lang-wachtwoord").param("repeatPassword", "een-ander-wachtwoord"));

        assertThat(tooShort.getStatus()).isEqualTo(422);
        assertThat(tooShort.getContentAsString()).containsPattern(
                "(?s)id=\"password\".*?<p class=\"problem\"[^>]*>must be at least 10 characters long").doesNotContain("value=\"kort\"");
        assertThat(different.getContentAsString()).containsPattern(
                "(?s)id=\"repeatPassword\".*?<p class=\"problem\"[^>]*>is not the same as the new password")
                .doesNotContain("een-lang-wachtwoord");
        assertThat(store.credentials(e.login()).orElseThrow().passwordHash()).isEqualTo(before);
    }

    private static MockHttpServletRequestBuilder edit(Employee e) {
        return post("/employees/" + e.id() + "/edit").param("version", e.version().toString()).param("login", e.login());
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(UiUsers.admin(employees))).with(csrf())).andReturn().getResponse();
    }
}
