package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.runtime.SyncSettings;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncPolicy.ConflictRule;
import org.koppel.sync.SyncPolicy.Creation;
import org.koppel.sync.SyncPolicy.Direction;
import org.koppel.sync.SyncPolicy.ScopeRule;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@OnH2
@AutoConfigureMockMvc
class SyncSettingsPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired SyncSettings settings;

    /** The database is shared with other tests, which expect the built-in defaults. */
    @AfterEach
    void backToDefaults() {
        settings.replace("ORGANISATION", 0, Map.of());
    }

    @Test
    void onlyAdminsReachTheSyncSettings() throws Exception {
        Employee user = samples.employee("rik", EmployeeRole.USER);

        assertThat(perform(user, get("/settings/sync")).getStatus()).isEqualTo(403);
        assertThat(perform(user, post("/settings/sync").param("direction", "OFF")).getStatus()).isEqualTo(403);
        assertThat(perform(user, post("/settings/sync/employees/" + user.id()).param("direction", "OFF")).getStatus())
                .isEqualTo(403);
        assertThat(settings.policyFor(user.id(), DataType.CONTACTS).direction()).isEqualTo(Direction.BOTH);
    }

    @Test
    void theBuiltInDefaultsAreShownWithAHintPerOption() throws Exception {
        String page = perform(admin(), get("/settings/sync")).getContentAsString();

        assertThat(page).containsPattern("<input type=\"radio\" name=\"direction\" id=\"org-direction-BOTH\" value=\"BOTH\" checked")
                .containsPattern("name=\"scope\" id=\"org-scope-MANAGER\" value=\"MANAGER\" checked")
                .containsPattern("name=\"scope\" id=\"org-scope-ALL\" value=\"ALL\">")
                .contains("value=\"20\"", "value=\"10\"", "Changes on either side reach the other.",
                        "every person in Koppel", "Import queue", "Koppel wins");
    }

    @Test
    void anAdminTurnsAppointmentsAndTasksOnWithTheirWindowsAndContactSettingsStay() throws Exception {
        settings.replace("ORGANISATION", 0, Map.of("contacts.direction", "CRM_TO_PEER"));
        Employee someone = samples.employee("ilse", EmployeeRole.USER);
        String page = perform(admin(), get("/settings/sync")).getContentAsString();
        assertThat(page).contains("id=\"appointments.windowDays\"").containsPattern("value=\"OFF\" selected");

        MockHttpServletResponse saved = perform(admin(), post("/settings/sync/agenda")
                .param("appointments.direction", "BOTH").param("appointments.windowDays", "45")
                .param("appointments.windowPastDays", "3").param("tasks.direction", "CRM_TO_PEER")
                .param("tasks.windowDays", "7").param("tasks.creation", "NEVER"));

        assertThat(saved.getRedirectedUrl()).isEqualTo("/settings/sync#agenda-settings");
        var appointments = settings.policyFor(someone.id(), DataType.APPOINTMENTS);
        assertThat(appointments.direction()).isEqualTo(Direction.BOTH);
        assertThat(appointments.windowDays()).isEqualTo(45);
        assertThat(appointments.windowPastDays()).isEqualTo(3);
        var tasks = settings.policyFor(someone.id(), DataType.TASKS);
        assertThat(tasks.direction()).isEqualTo(Direction.CRM_TO_PEER);
        assertThat(tasks.creation()).isEqualTo(org.koppel.sync.SyncPolicy.Creation.NEVER);
        assertThat(settings.policyFor(someone.id(), DataType.CONTACTS).direction()).isEqualTo(Direction.CRM_TO_PEER);
    }

    @Test
    void aWindowThatIsNoNumberIsRefusedAtItsInputAndNothingSaved() throws Exception {
        MockHttpServletResponse refused = perform(admin(), post("/settings/sync/agenda")
                .param("appointments.direction", "BOTH").param("appointments.windowDays", "a month"));

        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString()).contains("is not a valid value")
                .as("at its input, not at the top with its name (FormProblems took the dot for a path)")
                .doesNotContain("appointments.windowDays: ");
        assertThat(settings.get("ORGANISATION", 0)).doesNotContainKey("appointments.direction");
    }

    @Test
    void organisationSettingsAreSavedAndSettingsOfOtherDataTypesKept() throws Exception {
        settings.replace("ORGANISATION", 0, Map.of("appointments.direction", "OFF"));
        Employee someone = samples.employee("sanne", EmployeeRole.USER);

        MockHttpServletResponse saved = perform(admin(), post("/settings/sync").param("direction", "CRM_TO_PEER")
                .param("ownScope", "true").param("scope", "MANAGER", "SYNC_FLAG").param("scopeMainGroup", "")
                .param("creation", "QUEUE").param("removeFromPeerWhenOutOfScope", "true").param("conflictRule", "PEER_WINS")
                .param("massChangeShare", "25 %").param("massChangeMinimum", "5"));

        assertThat(saved.getRedirectedUrl()).isEqualTo("/settings/sync");
        assertThat(settings.get("ORGANISATION", 0)).containsAllEntriesOf(Map.of("appointments.direction", "OFF",
                "contacts.direction", "CRM_TO_PEER", "contacts.scope", "MANAGER,SYNC_FLAG", "contacts.creation", "QUEUE",
                "contacts.removeFromPeerWhenOutOfScope", "true", "contacts.conflictRule", "PEER_WINS",
                "contacts.massChangeShare", "0.25", "contacts.massChangeMinimum", "5"));
        SyncPolicy policy = settings.policyFor(someone.id(), DataType.CONTACTS);
        assertThat(policy.scope()).isEqualTo(Set.of(ScopeRule.MANAGER, ScopeRule.SYNC_FLAG));
        assertThat(policy.massChangeShare()).isEqualTo(0.25);

        String page = perform(admin(), get("/settings/sync")).getContentAsString();
        assertThat(page).containsPattern("id=\"org-direction-CRM_TO_PEER\" value=\"CRM_TO_PEER\" checked")
                .containsPattern("id=\"org-scope-SYNC_FLAG\" value=\"SYNC_FLAG\" checked")
                .containsPattern("id=\"org-removeFromPeerWhenOutOfScope\"[^>]*checked")
                .contains("value=\"25\"");

        // an unticked box sends nothing, which on the organisation layer means "no"
        perform(admin(), post("/settings/sync").param("direction", "BOTH").param("ownScope", "true")
                .param("creation", "NEVER").param("conflictRule", "CRM_WINS").param("massChangeShare", "20")
                .param("massChangeMinimum", "10"));
        assertThat(settings.get("ORGANISATION", 0)).containsEntry("contacts.removeFromPeerWhenOutOfScope", "false")
                .containsEntry("contacts.scope", "");
    }

    @Test
    void aBadValueIsShownNextToItsInputAndNothingIsSaved() throws Exception {
        MockHttpServletResponse response = perform(admin(), post("/settings/sync").param("direction", "SIDEWAYS")
                .param("ownScope", "true").param("scope", "MANAGER").param("creation", "NEVER")
                .param("conflictRule", "CRM_WINS").param("massChangeShare", "150").param("massChangeMinimum", "many"));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString())
                .contains("Nothing was saved")
                .containsPattern("(?s)<legend>Direction</legend>.*?<p class=\"problem\"[^>]*>&#39;SIDEWAYS&#39; is not a valid value")
                .containsPattern("(?s)id=\"org-massChangeShare\".*?<p class=\"problem\"[^>]*>must be above 0 and at most 100 per cent")
                .containsPattern("(?s)id=\"org-massChangeMinimum\".*?<p class=\"problem\"[^>]*>&#39;many&#39; is not a valid value")
                .contains("value=\"150\"", "value=\"many\"");
        assertThat(settings.get("ORGANISATION", 0)).isEmpty();
    }

    @Test
    void anEmployeeGetsOverridesAndLeavesTheRestToTheOrganisation() throws Exception {
        Employee tom = samples.employee("tom", EmployeeRole.USER);

        String empty = perform(admin(), get("/settings/sync").param("employee", tom.id().toString())).getContentAsString();
        assertThat(empty).contains("Settings of tom", "As the organisation: Both ways", "As the organisation: Koppel wins");

        MockHttpServletResponse saved = perform(admin(), post("/settings/sync/employees/" + tom.id())
                .param("direction", "PEER_TO_CRM").param("creation", "").param("conflictRule", "")
                .param("removeFromPeerWhenOutOfScope", "").param("scope", "ALL").param("scopeMainGroup", "")
                .param("massChangeShare", "").param("massChangeMinimum", ""));

        assertThat(saved.getRedirectedUrl()).isEqualTo("/settings/sync?employee=" + tom.id() + "#employee-settings");
        // the scope boxes only count with "a scope of their own" ticked
        assertThat(settings.get("EMPLOYEE", tom.id())).containsExactlyEntriesOf(Map.of("contacts.direction", "PEER_TO_CRM"));
        SyncPolicy policy = settings.policyFor(tom.id(), DataType.CONTACTS);
        assertThat(policy.direction()).isEqualTo(Direction.PEER_TO_CRM);
        assertThat(policy.scope()).isEqualTo(SyncPolicy.defaults().scope());
        assertThat(policy.creation()).isEqualTo(Creation.NEVER);

        perform(admin(), post("/settings/sync/employees/" + tom.id()).param("ownScope", "true").param("scope", "ALL")
                .param("conflictRule", "NEWEST_WINS"));
        assertThat(settings.policyFor(tom.id(), DataType.CONTACTS).scope()).containsExactly(ScopeRule.ALL);
        assertThat(settings.policyFor(tom.id(), DataType.CONTACTS).conflictRule()).isEqualTo(ConflictRule.NEWEST_WINS);
        String page = perform(admin(), get("/settings/sync").param("employee", tom.id().toString())).getContentAsString();
        assertThat(page).containsPattern("Employees with settings of their own:\\s*<a[^>]*>tom</a>")
                .containsPattern("id=\"emp-ownScope\" name=\"ownScope\" value=\"true\" checked")
                .containsPattern("<option value=\"NEWEST_WINS\" selected");

        MockHttpServletResponse bad = perform(admin(), post("/settings/sync/employees/" + tom.id())
                .param("massChangeMinimum", "several"));
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString())
                .containsPattern("(?s)id=\"emp-massChangeMinimum\".*?<p class=\"problem\"[^>]*>&#39;several&#39; is not a valid value");
        assertThat(settings.policyFor(tom.id(), DataType.CONTACTS).conflictRule()).isEqualTo(ConflictRule.NEWEST_WINS);
    }

    private Employee admin() {
        return UiUsers.admin(employees);
    }

    private MockHttpServletResponse perform(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }
}
