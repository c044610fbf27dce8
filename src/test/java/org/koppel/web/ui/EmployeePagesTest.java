package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.security.EmployeeLogins;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@OnH2
@AutoConfigureMockMvc
class EmployeePagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired EmployeeLogins logins;
    @Autowired PasswordEncoder passwords;

    @Test
    void listShowsEveryEmployee() throws Exception {
        Employee user = samples.employee("vera", EmployeeRole.USER);

        String page = perform(get("/employees")).getContentAsString();

        assertThat(page).contains(user.login(), user.emails().getFirst(), "Administrator", "Add an employee");
    }

    @Test
    void addingAnEmployeeStoresItWithAPasswordToChange() throws Exception {
        MockHttpServletResponse response = perform(post("/employees").param("login", "Wim.Nieuw")
                .param("displayName", "Wim Nieuw").param("emails", "wim@koppel.test, w.nieuw@koppel.test")
                .param("role", "USER").param("password", "een-lang-wachtwoord"));

        assertThat(response.getRedirectedUrl()).isEqualTo("/employees");
        Employee added = employees.all().stream().filter(e -> e.login().equals("wim.nieuw")).findFirst().orElseThrow();
        assertThat(added.emails()).containsExactly("wim@koppel.test", "w.nieuw@koppel.test");
        assertThat(added.active()).isTrue();
        var login = logins.loadUserByUsername("wim.nieuw");
        assertThat(passwords.matches("een-lang-wachtwoord", login.getPassword())).isTrue();
        assertThat(login.mustChangePassword()).isTrue();
    }

    @Test
    void invalidInputIsShownPerFieldAndNothingIsStored() throws Exception {
        MockHttpServletResponse response = perform(post("/employees").param("login", "xandra")
                .param("displayName", "").param("emails", "xandra-at-work").param("role", "USER")
                .param("password", "kort"));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString())
                .containsPattern("(?s)id=\"displayName\".*?<p class=\"problem\"[^>]*>is required")
                .containsPattern("(?s)id=\"emails\".*?<p class=\"problem\"[^>]*>&#39;xandra-at-work&#39; is not an e-mail address")
                .containsPattern("(?s)id=\"password\".*?<p class=\"problem\"[^>]*>must be at least 10 characters long")
                .contains("value=\"xandra\"", "value=\"xandra-at-work\"")
                .doesNotContain("value=\"kort\"");
        assertThat(employees.all()).noneMatch(e -> e.login().equals("xandra"));
    }

    @Test
    void aTakenLoginIsExplained() throws Exception {
        Employee existing = samples.employee("yara", EmployeeRole.USER);

        MockHttpServletResponse response = perform(post("/employees").param("login", existing.login())
                .param("displayName", "Another Yara").param("role", "USER"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentAsString()).contains("login &#39;" + existing.login() + "&#39; is already taken");
    }

    @Test
    void roleAndActiveCanBeChanged() throws Exception {
        Employee user = samples.employee("zeno", EmployeeRole.USER);

        perform(post("/employees/" + user.id()).param("version", user.version().toString()).param("role", "ADMIN")
                .param("active", "true"));
        Employee promoted = employees.find(user.id());
        perform(post("/employees/" + user.id()).param("version", promoted.version().toString()).param("role", "ADMIN"));

        Employee stored = employees.find(user.id());
        assertThat(stored.role()).isEqualTo(EmployeeRole.ADMIN);
        assertThat(stored.active()).isFalse();
        assertThat(stored.emails()).isEqualTo(user.emails());
    }

    @Test
    void theLastAdminCannotBeDemotedAndTheReasonIsShown() throws Exception {
        List<Employee> admins = employees.all().stream().filter(e -> e.role() == EmployeeRole.ADMIN && e.active()).toList();
        assertThat(admins).as("this test needs the bootstrap admin to be the only admin").hasSize(1);
        Employee admin = admins.getFirst();

        MockHttpServletResponse response = perform(post("/employees/" + admin.id())
                .param("version", admin.version().toString()).param("role", "USER").param("active", "true"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentAsString()).contains("is the last active admin");
        assertThat(employees.find(admin.id()).role()).isEqualTo(EmployeeRole.ADMIN);
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(UiUsers.admin(employees))).with(csrf())).andReturn().getResponse();
    }
}
