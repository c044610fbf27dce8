package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Change;
import org.koppel.crm.RecordType;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/** POST /api/v1/relations/{id}/convert; runs on H2 and on PostgreSQL through its subclasses. */
abstract class LeadConversionApiContract {

    @LocalServerPort int port;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    Api admin;
    long manager;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        manager = samples.employee("converter");
    }

    private long lead(String company, String lastName) {
        String companyJson = company == null ? "null" : "\"" + company + "\"";
        String lastJson = lastName == null ? "null" : "\"" + lastName + "\"";
        return admin.post("/api/v1/leads", """
                {"companyName": %s, "firstName": "Iris", "lastName": %s, "email": "iris@example.nl",
                 "phone": "020 555 0101", "jobTitle": "Inkoper", "managerId": %d, "relationTypes": ["prospect"],
                 "addresses": [{"type": "visiting", "street": "Markt", "houseNumber": "2", "city": "Gouda"}]}
                """.formatted(companyJson, lastJson, manager)).id();
    }

    @Test
    void convertingToBothMakesThePersonContactAtTheOrganisationAndMarksTheLeadFormer() {
        long lead = lead("Kaashandel Omzet " + System.nanoTime(), "Omzetter");
        long before = changeLog.lastSeq();

        var response = admin.post("/api/v1/relations/" + lead + "/convert",
                "{\"organisation\": true, \"person\": true, \"version\": 1}");

        assertThat(response.status()).isEqualTo(200);
        var organisation = response.body().get("organisation");
        var person = response.body().get("person");
        assertThat(organisation.get("name").asString()).startsWith("Kaashandel Omzet");
        assertThat(organisation.get("addresses").get(0).get("city").asString()).isEqualTo("Gouda");
        assertThat(person.get("lastName").asString()).isEqualTo("Omzetter");
        var role = person.get("contactRoles").get(0);
        assertThat(role.get("organisationId").asLong()).isEqualTo(organisation.get("id").asLong());
        assertThat(role.get("email").asString()).isEqualTo("iris@example.nl");
        assertThat(role.get("jobTitle").asString()).isEqualTo("Inkoper");
        assertThat(person.get("privateEmail").isNull()).isTrue();
        assertThat(response.body().get("lead").get("former").asBoolean()).isTrue();
        assertThat(response.body().get("lead").get("status").asString()).isEqualTo("qualified");
        List<Change> logged = changeLog.after(before, 10);
        assertThat(logged).extracting(Change::recordType)
                .containsExactly(RecordType.LEAD, RecordType.ORGANISATION, RecordType.PERSON);
        assertThat(logged.getFirst().fields()).contains("former", "status");
    }

    @Test
    void convertingToAPersonOnlyMakesAPrivateIndividualWithTheLeadsDetails() {
        long lead = lead(null, "Particulier");

        var response = admin.post("/api/v1/relations/" + lead + "/convert", "{\"person\": true}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("organisation").isNull()).isTrue();
        var person = response.body().get("person");
        assertThat(person.get("privateEmail").asString()).isEqualTo("iris@example.nl");
        assertThat(person.get("privateIndividual").asBoolean()).isTrue();
        assertThat(person.get("addresses").get(0).get("city").asString()).isEqualTo("Gouda");
    }

    @Test
    void aStaleVersionConvertsNothing() {
        long lead = lead("Stale Handel " + System.nanoTime(), "Oudversie");
        admin.send(HttpMethod.PATCH, "/api/v1/leads/" + lead, "{\"source\": \"beurs\"}", h -> { });
        long before = changeLog.lastSeq();

        var viaHeader = admin.send(HttpMethod.POST, "/api/v1/relations/" + lead + "/convert",
                "{\"organisation\": true, \"person\": true}", h -> h.setIfMatch("\"1\""));
        var viaBody = admin.post("/api/v1/relations/" + lead + "/convert", "{\"person\": true, \"version\": 1}");

        assertThat(viaHeader.status()).isEqualTo(412);
        assertThat(viaBody.status()).isEqualTo(409);
        assertThat(changeLog.lastSeq()).as("nothing written").isEqualTo(before);
    }

    @Test
    void whatCannotBeMadeIsRefusedWithTheFieldAndReason() {
        long noCompany = lead(null, "Zonderbedrijf");
        long organisation = samples.organisation("Geen Lead BV", manager).id();
        long before = changeLog.lastSeq();

        var nothingChosen = admin.post("/api/v1/relations/" + noCompany + "/convert", "{}");
        var noOrganisation = admin.post("/api/v1/relations/" + noCompany + "/convert", "{\"organisation\": true}");
        var notALead = admin.post("/api/v1/relations/" + organisation + "/convert", "{\"person\": true}");
        var unknownField = admin.post("/api/v1/relations/" + noCompany + "/convert", "{\"persoon\": true}");

        assertThat(nothingChosen.status()).isEqualTo(400);
        assertThat(nothingChosen.reasonsFor("organisation")).singleElement().asString().contains("choose");
        assertThat(noOrganisation.reasonsFor("organisation")).singleElement().asString().contains("no company name");
        assertThat(notALead.status()).isEqualTo(404);
        assertThat(unknownField.reasonsFor("persoon")).containsExactly("is not a known field");
        assertThat(changeLog.lastSeq()).isEqualTo(before);
    }

    @Test
    void theConversionIsInTheOpenApiDocumentWithItsBody() {
        var doc = admin.get("/v3/api-docs");

        var post = doc.body().get("paths").get("/api/v1/relations/{id}/convert").get("post");
        assertThat(post).isNotNull();
        assertThat(post.get("requestBody").toString()).contains("\"organisation\"", "\"person\"", "\"version\"");
    }

    @Test
    void theLeadsGroupsTakeInThePersonItBecame() {
        long lead = lead("Groepshandel " + System.nanoTime(), "Groepslid");
        long group = admin.post("/api/v1/groups", """
                {"name": "Beurscontacten %d", "mainGroup": "Outlook", "ownerId": %d, "memberIds": [%d]}
                """.formatted(System.nanoTime(), manager, lead)).id();

        var response = admin.post("/api/v1/relations/" + lead + "/convert", "{\"organisation\": true, \"person\": true}");

        long person = response.body().get("person").get("id").asLong();
        var members = admin.get("/api/v1/groups/" + group).body().get("memberIds");
        assertThat(members.toString()).contains(String.valueOf(lead), String.valueOf(person));
    }

    @Test
    void aConvertedLeadIsNotConvertedTwice() {
        long lead = lead("Twee Keer BV " + System.nanoTime(), "Dubbel");
        assertThat(admin.post("/api/v1/relations/" + lead + "/convert", "{\"person\": true}").status()).isEqualTo(200);

        var again = admin.post("/api/v1/relations/" + lead + "/convert", "{\"person\": true}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains("is former");
    }
}
