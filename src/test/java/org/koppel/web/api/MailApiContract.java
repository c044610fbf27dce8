package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.testkit.LoggedMails.PNG;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.testkit.Api;
import org.koppel.testkit.LoggedMails;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The logged-mail API (issue 12). Runs on H2 and on PostgreSQL through its subclasses. */
abstract class MailApiContract {


    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired LoggedMails mails;
    Api admin;
    Employee seller;
    Api asSeller;
    long anna;
    long acme;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        seller = samples.employee("seller", EmployeeRole.USER);
        asSeller = Api.basic(port, seller.login(), Samples.password(seller.login()));
        anna = samples.person("Anna", "de", "Wit", seller.id()).id();
        acme = samples.organisation("Acme", seller.id()).id();
    }

    @Test
    void aLoggedMailReadsWholeWithTheRelationsItIsLoggedUnderNamed() {
        long id = mails.mail().subject("Offer 2027").to("bram@acme.example", "Bram").cc("cor@acme.example")
                .html("<p>Here is <b>the offer</b></p>").loggedBy(seller.id()).under(anna, acme)
                .attachment("offer.pdf", "application/pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII)).log();

        var mail = asSeller.get("/api/v1/mails/" + id);

        assertThat(mail.status()).isEqualTo(200);
        assertThat(mail.body().get("subject").asString()).isEqualTo("Offer 2027");
        assertThat(mail.body().get("direction").asString()).isEqualTo("INBOUND");
        assertThat(mail.body().get("fromAddress").asString()).isEqualTo("anna@client.example");
        assertThat(mail.body().get("html").asString()).contains("<b>the offer</b>");
        assertThat(mail.body().get("recipients").values()).extracting(r -> r.get("role").asString() + " " + r.get("address").asString())
                .containsExactly("TO bram@acme.example", "CC cor@acme.example");
        assertThat(mail.body().get("relations").values()).extracting(r -> r.get("name").asString())
                .containsExactlyInAnyOrder("Anna de Wit", "Acme");
        var attachment = mail.body().get("attachments").get(0);
        assertThat(attachment.get("fileName").asString()).isEqualTo("offer.pdf");
        assertThat(attachment.get("kept").asBoolean()).isTrue();
        assertThat(asSeller.get("/api/v1/mails/987654321").status()).isEqualTo(404);
    }

    @Test
    void aRelationsMailsArePagedNewestFirstAndBadPagingNamesTheField() {
        long oldest = mails.mail().subject("first").sentAt(Instant.parse("2026-01-01T09:00:00Z")).under(anna).log();
        long newest = mails.mail().subject("third").sentAt(Instant.parse("2026-03-01T09:00:00Z")).under(anna).log();
        long middle = mails.mail().subject("second").sentAt(Instant.parse("2026-02-01T09:00:00Z")).under(anna).log();
        mails.mail().subject("not Anna's").under(acme).log();

        var first = asSeller.get("/api/v1/mails?relation=" + anna + "&size=2");
        var second = asSeller.get("/api/v1/mails?relation=" + anna + "&size=2&page=1");

        assertThat(first.body().get("total").asLong()).isEqualTo(3);
        assertThat(ids(first)).containsExactly(newest, middle);
        assertThat(ids(second)).containsExactly(oldest);
        assertThat(first.body().get("items").get(0).get("preview").asString()).isEqualTo("Here is the offer.");
        assertThat(asSeller.get("/api/v1/mails?relation=" + anna + "&page=-1").reasonsFor("page")).isNotEmpty();
        assertThat(asSeller.get("/api/v1/mails?relation=" + anna + "&size=0").reasonsFor("size")).isNotEmpty();
        assertThat(asSeller.get("/api/v1/mails?relation=" + anna + "&size=many").reasonsFor("size")).isNotEmpty();
        assertThat(asSeller.get("/api/v1/mails").reasonsFor("relation")).isNotEmpty();
        assertThat(asSeller.get("/api/v1/mails?relation=987654321").status()).isEqualTo(404);
    }

    @Test
    void anAttachmentKeepsItsTypeOnlyWhenNoBrowserRunsItAndAlwaysDownloads() {
        long id = mails.mail().under(anna)
                .attachment("offer.pdf", "application/pdf; name=offer.pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII))
                .attachment("page.html", "text/html; charset=utf-8", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))
                .attachment("logo.svg", "image/svg+xml", "<svg onload=alert(1)/>".getBytes(StandardCharsets.UTF_8))
                .attachment("page.xhtml", "application/xhtml+xml", "<html/>".getBytes(StandardCharsets.UTF_8))
                .attachment("data.xml", "text/xml", "<a/>".getBytes(StandardCharsets.UTF_8))
                .attachment("run.js", "text/javascript", "alert(1)".getBytes(StandardCharsets.UTF_8))
                .attachment("odd", "not a type", "?".getBytes(StandardCharsets.UTF_8))
                .log();

        var pdf = asSeller.get("/api/v1/mails/" + id + "/attachments/0");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().getContentType()).hasToString("application/pdf");
        assertThat(pdf.headers().getFirst("Content-Disposition")).startsWith("attachment;").contains("filename*=UTF-8''offer.pdf");
        for (int position = 1; position <= 6; position++) {
            var risky = asSeller.get("/api/v1/mails/" + id + "/attachments/" + position);
            assertThat(risky.status()).isEqualTo(200);
            assertThat(risky.headers().getContentType()).as("attachment " + position).hasToString("application/octet-stream");
            assertThat(risky.headers().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(risky.headers().getFirst("Content-Disposition")).startsWith("attachment;");
            assertThat(risky.headers().getFirst("Content-Security-Policy")).contains("default-src 'none'").contains("sandbox");
        }
        assertThat(asSeller.get("/api/v1/mails/" + id + "/attachments/7").status()).isEqualTo(404);
    }

    @Test
    void aSendersFileNameCannotSplitTheHeaderOrNameAPathAndKeepsItsOwnCharacters() {
        long id = mails.mail().under(anna)
                .attachment("../../etc/evil\"\r\nSet-Cookie: x=1;.pdf", "application/pdf", new byte[] {1})
                .attachment("Offerte € 2027.pdf", "application/pdf", new byte[] {1})
                .log();

        String evil = asSeller.get("/api/v1/mails/" + id + "/attachments/0").headers().getFirst("Content-Disposition");
        String euro = asSeller.get("/api/v1/mails/" + id + "/attachments/1").headers().getFirst("Content-Disposition");

        assertThat(evil).doesNotContain("\r", "\n", "/", "..").startsWith("attachment; filename=\"evil'Set-Cookie: x=1;.pdf\"; ")
                .contains("filename*=UTF-8''evil%27Set-Cookie%3A%20x%3D1%3B.pdf");
        assertThat(asSeller.get("/api/v1/mails/" + id + "/attachments/0").headers().get("Set-Cookie")).isNull();
        assertThat(euro).isEqualTo("attachment; filename=\"Offerte _ 2027.pdf\"; filename*=UTF-8''Offerte%20%E2%82%AC%202027.pdf");
    }

    @Test
    void anAttachmentLeftOutWhenLoggedIs404SayingWhy() {
        long id = mails.mail().under(anna).leftOut("huge.zip", 150_000_000, "larger than the 10 MB kept (e-mail setting attachmentMaxMb)").log();

        var response = asSeller.get("/api/v1/mails/" + id + "/attachments/0");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("detail").asString()).contains("huge.zip").contains("larger than the 10 MB kept");
    }

    @Test
    void onlyRasterImagesAreServedInlineForAMailsBody() {
        long id = mails.mail().under(anna).inlineImage("logo@acme", "image/png", PNG)
                .inlineImage("drawing@acme", "image/svg+xml", "<svg onload=alert(1)/>".getBytes(StandardCharsets.UTF_8))
                .attachment("offer.pdf", "application/pdf", new byte[] {1}).log();

        var png = asSeller.get("/api/v1/mails/" + id + "/attachments/0/inline");
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.headers().getContentType()).hasToString("image/png");
        assertThat(png.headers().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(png.headers().getFirst("Content-Disposition")).startsWith("inline;");
        assertThat(asSeller.get("/api/v1/mails/" + id + "/attachments/1/inline").status()).isEqualTo(404);
        assertThat(asSeller.get("/api/v1/mails/" + id + "/attachments/2/inline").status()).isEqualTo(404);
    }

    @Test
    void onlyTheEmployeeWhoLoggedAMailOrAnAdminDeletesIt() {
        Employee other = samples.employee("other", EmployeeRole.USER);
        Api asOther = Api.basic(port, other.login(), Samples.password(other.login()));
        long mine = mails.mail().loggedBy(seller.id()).under(anna).log();
        long someoneElses = mails.mail().loggedBy(other.id()).under(anna).log();

        var refused = asOther.delete("/api/v1/mails/" + mine);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("Only the employee who logged");
        assertThat(asOther.get("/api/v1/mails/" + mine).status()).as("others may still read it").isEqualTo(200);

        assertThat(asSeller.delete("/api/v1/mails/" + mine).status()).isEqualTo(204);
        assertThat(asSeller.get("/api/v1/mails/" + mine).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/mails/" + someoneElses).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/mails/" + someoneElses).status()).isEqualTo(404);
        assertThat(ids(asSeller.get("/api/v1/mails?relation=" + anna))).isEmpty();
    }

    @Test
    void theMailResourcesAreInTheOpenApiDocument() {
        var paths = Api.anonymous(port).get("/v3/api-docs").body().get("paths");
        assertThat(paths.has("/api/v1/mails")).isTrue();
        assertThat(paths.has("/api/v1/mails/{id}")).isTrue();
        assertThat(paths.has("/api/v1/mails/{id}/attachments/{position}")).isTrue();
        assertThat(paths.has("/api/v1/mails/{id}/attachments/{position}/inline")).isTrue();
    }

    private static List<Long> ids(Api.Response page) {
        return page.body().get("items").values().stream().map(m -> m.get("id").asLong()).toList();
    }
}
