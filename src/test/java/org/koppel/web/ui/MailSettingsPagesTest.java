package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.mail.MailDirection;
import org.koppel.runtime.MailPolicy;
import org.koppel.runtime.SyncSettings;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The e-mail logging section of the sync settings page. */
@OnH2
@AutoConfigureMockMvc
class MailSettingsPagesTest {

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
    void theDefaultsAreShownWithWhatThePersonAndKoppelMark() throws Exception {
        String page = perform(admin(), get("/settings/sync")).getContentAsString();

        assertThat(page).contains("id=\"email-settings\"", "The employee marks a mail “Koppel”",
                "Koppel then marks it “Processed” when it logged it, or “Not found” when no relation has any of its addresses",
                "name=\"email.perRun\" type=\"number\" value=\"150\"", "name=\"email.attachmentMaxMb\" type=\"number\" value=\"10\"")
                .containsPattern("id=\"email.direction\" name=\"email.direction\" value=\"PEER_TO_CRM\">")
                .containsPattern("id=\"email.attachments\" name=\"email.attachments\" value=\"true\" checked");
    }

    @Test
    void anAdminTurnsMailLoggingOnAndEverySettingReachesTheMailboxesAndOtherSettingsStay() throws Exception {
        settings.replace("ORGANISATION", 0, Map.of("contacts.direction", "CRM_TO_PEER"));
        Employee someone = samples.employee("ilse", EmployeeRole.USER);

        MockHttpServletResponse saved = perform(admin(), post("/settings/sync/email").param("email.direction", "PEER_TO_CRM")
                .param("email.mark", "CRM").param("email.processedMark", "In CRM").param("email.notFoundMark", "No relation")
                .param("email.perRun", "50").param("email.notOlderThan", "2026-01-01").param("email.log", "INBOUND")
                .param("email.ambiguous", "REPORT").param("email.attachmentMaxMb", "5").param("email.remoteImages", "true"));

        assertThat(saved.getRedirectedUrl()).isEqualTo("/settings/sync#email-settings");
        MailPolicy policy = settings.mailPolicyFor(someone.id(), Map.of());
        assertThat(policy.on()).isTrue();
        assertThat(policy.marks().mark()).isEqualTo("CRM");
        assertThat(policy.marks().processed()).isEqualTo("In CRM");
        assertThat(policy.marks().notFound()).isEqualTo("No relation");
        assertThat(policy.perRun()).isEqualTo(50);
        assertThat(policy.notOlderThan()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(policy.logged()).isEqualTo(EnumSet.of(MailDirection.INBOUND));
        assertThat(policy.underEveryMatch()).isFalse();
        assertThat(policy.attachmentLimit()).as("keep attachments unticked: none kept").isZero();
        assertThat(policy.remoteImages()).isTrue();
        assertThat(settings.get("ORGANISATION", 0)).containsEntry("contacts.direction", "CRM_TO_PEER");

        String page = perform(admin(), get("/settings/sync")).getContentAsString();
        assertThat(page).contains("value=\"2026-01-01\"", "The employee marks a mail “CRM”")
                .containsPattern("id=\"email.direction\" name=\"email.direction\" value=\"PEER_TO_CRM\" checked");
    }

    @Test
    void untickingTheOnBoxTurnsLoggingOffAndBlankTextsFallBackToTheDefaults() throws Exception {
        settings.replace("ORGANISATION", 0, Map.of("email.direction", "PEER_TO_CRM", "email.mark", "CRM"));

        perform(admin(), post("/settings/sync/email").param("email.mark", "").param("email.log", "BOTH")
                .param("email.ambiguous", "ALL").param("email.attachments", "true"));

        MailPolicy policy = settings.mailPolicyFor(admin().id(), Map.of());
        assertThat(policy.on()).isFalse();
        assertThat(policy.marks().mark()).isEqualTo("Koppel");
        assertThat(policy.attachmentLimit()).isEqualTo(MailPolicy.DEFAULT_ATTACHMENT_MB * 1024 * 1024);
    }

    @Test
    void wrongValuesAreRefusedEachAtItsInputAndNothingIsSaved() throws Exception {
        MockHttpServletResponse refused = perform(admin(), post("/settings/sync/email").param("email.direction", "PEER_TO_CRM")
                .param("email.perRun", "lots").param("email.attachmentMaxMb", "500").param("email.notOlderThan", "31-01-2026")
                .param("email.mark", "x".repeat(101)));

        assertThat(refused.getStatus()).isEqualTo(422);
        String page = refused.getContentAsString();
        assertThat(page).contains("Nothing was saved");
        assertThat(problemAt(page, "email.perRun")).contains("&#39;lots&#39; is not a whole number");
        assertThat(problemAt(page, "email.attachmentMaxMb")).contains("must be between 1 and 100");
        assertThat(problemAt(page, "email.notOlderThan")).contains("is not a date");
        assertThat(problemAt(page, "email.mark")).isNotBlank();
        assertThat(problemAt(page, "email.processedMark")).isEmpty();
        assertThat(page).as("the input typed is shown again").contains("value=\"lots\"", "value=\"31-01-2026\"");
        assertThat(settings.get("ORGANISATION", 0)).doesNotContainKey("email.direction");
    }

    @Test
    void onlyAdminsChangeTheEmailSettings() throws Exception {
        Employee user = samples.employee("rik", EmployeeRole.USER);

        assertThat(perform(user, post("/settings/sync/email").param("email.direction", "PEER_TO_CRM")).getStatus()).isEqualTo(403);
        assertThat(settings.get("ORGANISATION", 0)).doesNotContainKey("email.direction");
    }

    /** The problems shown in the field that holds this input, from its label to the field's end. */
    private static String problemAt(String page, String input) {
        int label = page.indexOf("<label for=\"" + input + "\"");
        assertThat(label).as("input " + input + " on the page").isPositive();
        int fieldStart = page.lastIndexOf("<div class=\"field", label);
        assertThat(page.substring(fieldStart, label)).as("field of " + input).isNotEmpty();
        int end = page.indexOf("</div>", label);
        String field = page.substring(fieldStart, end);
        var problems = new StringBuilder();
        var m = java.util.regex.Pattern.compile("<p class=\"problem\"[^>]*>([^<]*)</p>").matcher(field);
        while (m.find()) problems.append(m.group(1));
        if (!problems.isEmpty()) assertThat(page.substring(fieldStart, label)).contains("has-problem");
        return problems.toString();
    }

    private Employee admin() {
        return UiUsers.admin(employees);
    }

    private MockHttpServletResponse perform(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }
}
