package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.testkit.LoggedMails.PNG;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.mail.MailLog;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.SyncRunner;
import org.koppel.runtime.SyncSettings;
import org.koppel.store.ConnectionStore;
import org.koppel.sync.RunReport;
import org.koppel.testkit.LoggedMails;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestMails;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Logged mail in the web UI: a relation's timeline, a mail's page and body, deleting, and mail in run reports. */
@OnH2
@AutoConfigureMockMvc
class MailPagesTest {


    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired LoggedMails mails;
    @Autowired MailLog mailLog;
    @Autowired SyncSettings settings;
    @Autowired Relations relations;
    @Autowired ConnectionStore connections;
    @Autowired MemoryPeers peers;
    @Autowired SyncRunner runner;

    Employee seller;
    long anna;

    @BeforeEach
    void setUp() {
        seller = samples.employee("seller", EmployeeRole.USER);
        anna = samples.person("Anna", "de", "Wit", seller.id()).id();
    }

    /** The database is shared with other tests, which expect the built-in defaults. */
    @AfterEach
    void backToDefaults() {
        settings.replace("ORGANISATION", 0, Map.of());
    }

    @Test
    void aRelationsPageListsItsMailNewestFirstAndMoreFetchesTheOlderOnes() throws Exception {
        for (int day = 1; day <= 12; day++) {
            mails.mail().subject("Mail of day " + day).sentAt(Instant.parse("2026-11-%02dT09:00:00Z".formatted(day)))
                    .under(anna).log();
        }
        mails.mail().subject("The newest, sent by us").outbound().sentAt(Instant.parse("2026-11-20T09:00:00Z"))
                .to("bram@client.example", "Bram").to("cor@client.example", null).cc("dirk@client.example")
                .cc("eva@client.example").cc("fien@client.example")
                .attachment("a.pdf", "application/pdf", new byte[] {1}).attachment("b.pdf", "application/pdf", new byte[] {1})
                .text("Dear Anna,\n\n   here is   the offer we discussed.").under(anna).log();

        String page = perform(seller, get("/relations/" + anna)).getContentAsString();

        assertThat(page).contains("id=\"mails\"", "The newest, sent by us", "↗ Out", "↘ In", "Nov 20, 2026, 10:00",
                "to Bram, cor@client.example, dirk@client.example and 2 more", "· 2 attachments",
                "Dear Anna, here is the offer we discussed.", "Mail of day 4", "More mail (3 older)");
        assertThat(page).doesNotContain("Mail of day 3<");
        assertThat(page.indexOf("The newest, sent by us")).isLessThan(page.indexOf("Mail of day 12"));
        assertThat(page).contains("hx-get=\"/relations/" + anna + "/mails?offset=10\"");

        String more = perform(seller, get("/relations/" + anna + "/mails").param("offset", "10")).getContentAsString();
        assertThat(more).contains("Mail of day 3", "Mail of day 2", "Mail of day 1").doesNotContain("Mail of day 4", "More mail");
    }

    @Test
    void aRelationWithoutMailSaysHowMailGetsThere() throws Exception {
        assertThat(perform(seller, get("/relations/" + anna)).getContentAsString()).contains("No mail logged. Mark a mail");
    }

    @Test
    void aMailsPageShowsItsHeaderRelationsAndAttachmentsAndFramesItsBodyWithoutScriptOrOrigin() throws Exception {
        long acme = samples.organisation("Acme", seller.id()).id();
        long id = mails.mail().subject("Offer 2027").to("bram@client.example", "Bram").html("<p>Hello</p>")
                .attachment("offer.pdf", "application/pdf", new byte[] {1})
                .leftOut("huge.zip", 150_000_000, "larger than the 10 MB kept").loggedBy(seller.id()).under(anna, acme).log();

        String page = perform(seller, get("/mails/" + id)).getContentAsString();

        assertThat(page).contains("Offer 2027", "Anna de Wit", "&lt;anna@client.example&gt;", "bram@client.example",
                "href=\"/relations/" + anna + "#mails\"", "href=\"/relations/" + acme + "#mails\"",
                "href=\"/mails/" + id + "/attachments/0\"", "huge.zip", "not kept: larger than the 10 MB kept",
                "Show as plain text", "Yes, delete this mail");
        assertThat(page).containsPattern("<details class=\"recipients\" open");
        String frame = page.substring(page.indexOf("<iframe"), page.indexOf("</iframe>"));
        assertThat(frame).contains("src=\"/mails/" + id + "/body\"", "sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
                .doesNotContain("allow-scripts", "allow-same-origin");
    }

    @Test
    void manyRecipientsAreFoldedAway() throws Exception {
        var mail = mails.mail();
        for (int i = 0; i < 40; i++) mail.cc("list" + i + "@client.example");
        long id = mail.under(anna).log();

        String page = perform(seller, get("/mails/" + id)).getContentAsString();

        assertThat(page).contains("40 recipients", "list39@client.example").doesNotContainPattern("<details class=\"recipients\" open");
    }

    @Test
    void theBodyIsADocumentOfItsOwnUnderAPolicyThatAllowsNoScriptAndNoLoadButItsInlineImagesAsData() throws Exception {
        long id = mails.mail().inlineImage("logo@acme", "image/png", PNG)
                .html("<p><img src=\"cid:logo@acme\"><img src=\"CID:missing@acme\"><img src=\"https://tracker.example/t.gif\">"
                        + "<a href=\"https://acme.example\">site</a><base href=\"https://evil.example/\"></p>")
                .under(anna).log();

        MockHttpServletResponse body = perform(seller, get("/mails/" + id + "/body"));

        String policy = body.getHeader("Content-Security-Policy");
        assertThat(policy).isEqualTo("default-src 'none'; img-src data:; "
                + "style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; "
                + "sandbox allow-popups allow-popups-to-escape-sandbox");
        assertThat(body.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(body.getHeaders("X-Frame-Options")).containsExactly("SAMEORIGIN");
        assertThat(perform(seller, get("/mails/" + id)).getHeaders("X-Frame-Options")).as("its page is framed by no one")
                .containsExactly("DENY");
        assertThat(body.getContentType()).startsWith("text/html");
        String html = body.getContentAsString();
        assertThat(html).contains("src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(PNG) + "\"",
                "<meta name=\"referrer\" content=\"no-referrer\">", "target=\"_blank\"")
                .doesNotContain("cid:", "CID:", "<base", "missing@acme");

    }

    @Test
    void remoteImagesAreAllowedByTheBodysPolicyOnlyWhenTheSettingsSaySo() throws Exception {
        long id = mails.mail().html("<img src=\"https://acme.example/logo.png\">").under(anna).log();
        assertThat(perform(seller, get("/mails/" + id + "/body")).getHeader("Content-Security-Policy")).doesNotContain("https:");

        settings.replace("ORGANISATION", 0, Map.of("email.remoteImages", "true"));

        assertThat(perform(seller, get("/mails/" + id + "/body")).getHeader("Content-Security-Policy"))
                .contains("img-src data: https:;");
    }

    @Test
    void thePlainTextViewShowsTheTextEscaped() throws Exception {
        long id = mails.mail().text("Price <script>alert(1)</script> & more").html("<p>Price</p>").under(anna).log();

        String page = perform(seller, get("/mails/" + id).param("as", "text")).getContentAsString();

        assertThat(page).contains("Price &lt;script&gt;alert(1)&lt;/script&gt; &amp; more", "Show as sent")
                .doesNotContain("<script>alert", "<iframe");
    }

    @Test
    void aMailIsDeletedByWhoLoggedItOrAnAdminAndOthersAreToldWhyNot() throws Exception {
        Employee other = samples.employee("other", EmployeeRole.USER);
        long id = mails.mail().subject("Wrong one").loggedBy(seller.id()).under(anna).log();

        assertThat(perform(other, get("/mails/" + id)).getContentAsString()).doesNotContain("Yes, delete this mail");
        MockHttpServletResponse refused = perform(other, post("/mails/" + id + "/delete"));
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("Only the employee who logged mail " + id + " and admins may delete it");

        MockHttpServletResponse deleted = perform(seller, post("/mails/" + id + "/delete"));
        assertThat(deleted.getRedirectedUrl()).isEqualTo("/relations/" + anna + "#mails");
        assertThat(perform(seller, get("/mails/" + id)).getStatus()).isEqualTo(404);

        long another = mails.mail().loggedBy(other.id()).under(anna).log();
        assertThat(perform(UiUsers.admin(employees), post("/mails/" + another + "/delete")).getStatus()).isEqualTo(302);
        assertThat(mailLog.countUnder(anna)).isZero();
    }

    @Test
    void anAttachmentFromThePageIsADownloadAndOneThatCouldRunIsPlainBytes() throws Exception {
        long id = mails.mail().attachment("page.html", "text/html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))
                .under(anna).log();

        MockHttpServletResponse download = perform(seller, get("/mails/" + id + "/attachments/0"));

        assertThat(download.getContentType()).isEqualTo("application/octet-stream");
        assertThat(download.getHeader("Content-Disposition")).startsWith("attachment;");
        assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(perform(seller, get("/mails/987654321")).getStatus()).isEqualTo(404);
    }

    @Test
    void aRunReportCountsMailInWordsAndLinksEachLoggedMailToItsPage() throws Exception {
        String domain = "r" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        Person nora = (Person) relations.create(new Person(null, null, null, "Nora", null, null, "Smit", null, null, null,
                "nora@" + domain, null, null, List.of(), null, seller.id(), List.of(), false, List.of(), List.of(), null,
                Map.of(), null, null, null), Origin.system());
        long connection = connections.insert("memory", "mailbox", seller.id(), Map.of("email.direction", "PEER_TO_CRM"), null,
                Instant.now());
        Instant received = Instant.now().minusSeconds(3600);
        peers.mailbox(connection).deliver("INBOX", received, TestMails.mail().from("nora@" + domain).subject("Logged one")
                .messageId("<" + UUID.randomUUID() + "@test>").bytes(), "Koppel");
        peers.mailbox(connection).deliver("INBOX", received, TestMails.mail().from("nobody@" + domain).subject("Unknown one")
                .messageId("<" + UUID.randomUUID() + "@test>").bytes(), "Koppel");

        RunReport report = runner.run(connection, "test");
        long mailId = mailLog.loggedUnder(nora.id(), 1, 0).getFirst().id();

        String page = perform(seller, get("/connections/" + connection + "/runs/" + report.id())).getContentAsString();
        assertThat(page).contains("Mail: 1 logged, 1 not logged (the reasons are below), 0 already logged, 0 errors",
                "href=\"/mails/" + mailId + "\"", "Logged mail " + mailId, "Unknown one");
    }

    private MockHttpServletResponse perform(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }
}
