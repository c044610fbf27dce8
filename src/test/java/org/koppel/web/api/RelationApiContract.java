package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Runs on H2 and on PostgreSQL through its subclasses. */
abstract class RelationApiContract {

    @LocalServerPort int port;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    Api admin;
    long manager;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        manager = samples.employee("manager");
    }

    @Test
    void createReadAndListAnOrganisationWithItsVersionAsETag() {
        var created = admin.post("/api/v1/organisations", """
                {"name": "Acme BV", "phone": "020 123 4567", "email": "info@acme.nl", "website": "https://acme.nl",
                 "cocNumber": "12345678", "managerId": %d, "relationTypes": ["customer"],
                 "addresses": [{"type": "visiting", "street": "Damrak", "houseNumber": "1", "city": "Amsterdam", "country": "nl"}]}
                """.formatted(manager));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().getLocation().getPath()).isEqualTo("/api/v1/organisations/" + created.id());
        assertThat(created.headers().getETag()).isEqualTo("\"1\"");
        assertThat(created.body().get("kind").asString()).isEqualTo("organisation");
        assertThat(created.body().get("addresses").get(0).get("country").asString()).isEqualTo("NL");

        var read = admin.get("/api/v1/organisations/" + created.id());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("name").asString()).isEqualTo("Acme BV");

        var listed = admin.get("/api/v1/organisations?q=acme&manager=" + manager);
        assertThat(listed.body().get("total").asLong()).isEqualTo(1);
        assertThat(admin.get("/api/v1/persons/" + created.id()).status()).as("an organisation is not a person").isEqualTo(404);
    }

    @Test
    void badInputIsRefusedWithFieldAndReasonAndStoresNothing() {
        long before = changeLog.lastSeq();
        String[][] cases = {
                {"{\"managerId\": %d}", "name", "is required"},
                {"{\"name\": \"X\", \"email\": \"info@acme\", \"managerId\": %d}", "email", "is not an e-mail address"},
                {"{\"name\": \"X\", \"phone\": \"12\", \"managerId\": %d}", "phone", "is not a phone number"},
                {"{\"name\": \"X\", \"managerId\": 987654}", "managerId", "does not exist"},
                {"{\"name\": \"X\", \"managerId\": %d, \"colour\": \"red\"}", "colour", "is not a known field"},
                {"{\"name\": \"X\", \"managerId\": \"abc\"}", "managerId", "is not a valid number"},
                {"{\"name\": \"X\", \"managerId\": %d, \"addresses\": [{\"type\": \"holiday\"}]}", "addresses[0].type", "is not a valid value"},
                {"{\"name\": \"X\", \"managerId\": %d, \"cocNumber\": \"12\"}", "cocNumber", "8 digits"},
                {"{\"name\": \"" + "x".repeat(201) + "\", \"managerId\": %d}", "name", "at most 200"},
                {"{\"name\": \"X\", \"managerId\": %d", "body", "is not valid JSON"},
        };
        for (String[] c : cases) {
            var response = admin.post("/api/v1/organisations", c[0].formatted(manager));
            assertThat(response.status()).as(c[0]).isEqualTo(400);
            assertThat(response.reasonsFor(c[1])).as(c[0]).anySatisfy(reason -> assertThat(reason).contains(c[2]));
        }
        var person = admin.post("/api/v1/persons", "{\"lastName\": \"Berg\", \"birthDate\": \"2023-02-30\", \"managerId\": %d}"
                .formatted(manager));
        assertThat(person.status()).isEqualTo(400);
        assertThat(person.reasonsFor("birthDate")).singleElement().asString().contains("not a valid date");
        var noLastName = admin.post("/api/v1/persons", "{\"firstName\": \"Jan\", \"managerId\": %d}".formatted(manager));
        assertThat(noLastName.reasonsFor("lastName")).containsExactly("is required");

        assertThat(changeLog.lastSeq()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void oversizedBodiesAreRefusedWith413() {
        String huge = "{\"name\": \"X\", \"managerId\": %d, \"comment\": \"%s\"}".formatted(manager, "x".repeat(1_100_000));
        var response = admin.post("/api/v1/organisations", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.reasonsFor("body")).singleElement().asString().contains("larger than");
    }

    @Test
    void staleWritesAreRefusedWith412OnIfMatchAnd409OnBodyVersion() {
        long id = admin.post("/api/v1/persons", "{\"lastName\": \"Smit\", \"managerId\": %d}".formatted(manager)).id();
        var first = admin.patch("/api/v1/persons/" + id, "{\"firstName\": \"Anna\"}", h -> h.setIfMatch("\"1\""));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().getETag()).isEqualTo("\"2\"");

        var stalePatch = admin.patch("/api/v1/persons/" + id, "{\"firstName\": \"Bea\"}", h -> h.setIfMatch("\"1\""));
        assertThat(stalePatch.status()).isEqualTo(412);
        assertThat(stalePatch.body().get("currentVersion").asLong()).isEqualTo(2);

        var stalePut = admin.put("/api/v1/persons/" + id,
                "{\"version\": 1, \"lastName\": \"Smid\", \"managerId\": %d}".formatted(manager), h -> { });
        assertThat(stalePut.status()).isEqualTo(409);

        var stored = admin.get("/api/v1/persons/" + id).body();
        assertThat(stored.get("firstName").asString()).isEqualTo("Anna");
        assertThat(stored.get("lastName").asString()).isEqualTo("Smit");
    }

    @Test
    void patchKeepsWhatItDoesNotMention() {
        long org = admin.post("/api/v1/organisations", "{\"name\": \"Bouw BV\", \"managerId\": %d}".formatted(manager)).id();
        long id = admin.post("/api/v1/persons", """
                {"lastName": "Jansen", "privateEmail": "p@jansen.nl", "managerId": %d,
                 "contactRoles": [{"organisationId": %d, "email": "p@bouw.nl", "jobTitle": "Uitvoerder"}]}
                """.formatted(manager, org)).id();

        var patched = admin.patch("/api/v1/persons/" + id, "{\"infix\": \"van\", \"privateEmail\": null}", h -> { });

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("infix").asString()).isEqualTo("van");
        assertThat(patched.body().get("privateEmail").isNull()).isTrue();
        assertThat(patched.body().get("contactRoles").get(0).get("jobTitle").asString()).isEqualTo("Uitvoerder");
        assertThat(patched.body().get("displayName").asString()).isEqualTo("van Jansen");
        assertThat(admin.patch("/api/v1/persons/" + id, "{\"nickname\": \"PJ\"}", h -> { }).reasonsFor("nickname"))
                .containsExactly("is not a known field");
    }

    @Test
    void deleteIsSoftAndCanBeUndone() {
        long id = admin.post("/api/v1/leads", "{\"companyName\": \"Prospect Ltd\", \"managerId\": %d}".formatted(manager)).id();

        assertThat(admin.delete("/api/v1/leads/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/leads/" + id).body().get("deletedAt").isNull()).isFalse();
        assertThat(admin.get("/api/v1/leads?q=prospect&manager=" + manager).body().get("total").asLong()).isZero();
        assertThat(admin.get("/api/v1/leads?q=prospect&deleted=true&manager=" + manager).body().get("total").asLong()).isEqualTo(1);

        var restored = admin.post("/api/v1/leads/" + id + "/restore", null);
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.body().get("deletedAt").isNull()).isTrue();
        assertThat(admin.get("/api/v1/leads?q=prospect&manager=" + manager).body().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void theSyncFlagIsPerEmployeeAndLogged() {
        long id = admin.post("/api/v1/persons", "{\"lastName\": \"Vos\", \"managerId\": %d}".formatted(manager)).id();
        var other = samples.employee("other", org.koppel.crm.employee.EmployeeRole.USER);
        long before = changeLog.lastSeq();

        assertThat(admin.put("/api/v1/persons/" + id + "/sync-flag", null, h -> { }).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/persons/" + id + "/sync-flag").body().get("flagged").asBoolean()).isTrue();
        assertThat(flaggedIds(admin)).contains(id);
        var otherApi = Api.basic(port, other.login(), Samples.password(other.login()));
        assertThat(otherApi.get("/api/v1/persons/" + id + "/sync-flag").body().get("flagged").asBoolean()).isFalse();
        assertThat(flaggedIds(otherApi)).doesNotContain(id);

        assertThat(changeLog.after(before, 10)).singleElement()
                .satisfies(c -> assertThat(c.fields()).containsExactly("syncFlag"));
    }

    private static java.util.List<Long> flaggedIds(Api api) {
        var ids = new java.util.ArrayList<Long>();
        api.get("/api/v1/persons?syncFlagged=true&size=500").body().get("items").forEach(p -> ids.add(p.get("id").asLong()));
        return ids;
    }

    @Test
    void theChangeLogIsReadInPages() {
        long start = changeLog.lastSeq();
        for (int i = 0; i < 3; i++) admin.post("/api/v1/persons", "{\"lastName\": \"P%d\", \"managerId\": %d}".formatted(i, manager));

        var first = admin.get("/api/v1/changes?after=" + start + "&limit=2").body();
        assertThat(first.get("items")).hasSize(2);
        var second = admin.get("/api/v1/changes?after=" + first.get("next").asLong() + "&limit=2").body();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("origin").get("type").asString()).isEqualTo("USER");
        assertThat(admin.get("/api/v1/changes?limit=0").reasonsFor("limit")).containsExactly("must be between 1 and 500");
        assertThat(admin.get("/api/v1/persons?size=501").reasonsFor("size")).containsExactly("must be between 1 and 500");
    }

    @Test
    void aHundredThousandOwnerIdsAreRefusedAsOneProblemNamingTheCap() {
        long before = changeLog.lastSeq();
        String ids = java.util.stream.LongStream.range(0, 100_000).mapToObj(i -> "987654")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));

        var response = admin.post("/api/v1/persons",
                "{\"lastName\": \"Big\", \"managerId\": %d, \"ownerIds\": %s}".formatted(manager, ids));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reasonsFor("ownerIds")).containsExactly("holds 100000 entries; at most 100 are allowed");
        assertThat(response.body().get("errors")).as("one problem, not one per entry").hasSize(1);
        var tooManyMembers = admin.post("/api/v1/groups", "{\"name\": \"Big\", \"mainGroup\": \"Outlook\", \"ownerId\": %d, \"memberIds\": %s}"
                .formatted(manager, java.util.stream.LongStream.range(0, 10_001).mapToObj(Long::toString)
                        .collect(java.util.stream.Collectors.joining(",", "[", "]"))));
        assertThat(tooManyMembers.reasonsFor("memberIds")).containsExactly("holds 10001 entries; at most 10000 are allowed");
        assertThat(changeLog.lastSeq()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void duplicateOwnerIdsAreABadRequestNotAConflict() {
        var other = samples.employee("co-owner");
        var response = admin.post("/api/v1/persons", "{\"lastName\": \"Twice\", \"managerId\": %d, \"ownerIds\": [%d, %d, %d]}"
                .formatted(manager, other, manager, other));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reasonsFor("ownerIds[2]")).singleElement().asString()
                .contains("employee " + other + " is listed already (ownerIds[0])");
        assertThat(response.body().get("errors")).hasSize(1);
    }

    @Test
    void aLeadWhoseNamesTogetherOutgrowTheDisplayNameIsABadRequestNotAConflict() {
        var response = admin.post("/api/v1/leads", "{\"companyName\": \"%s\", \"firstName\": \"%s\", \"lastName\": \"%s\", \"managerId\": %d}"
                .formatted("c".repeat(200), "f".repeat(100), "l".repeat(100), manager));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reasonsFor("companyName")).singleElement().asString().contains("at most 400");
    }

    @Test
    void aBodyIsRefusedWithEveryProblemAtOnceNotOnlyTheUnreadableOne() {
        var response = admin.post("/api/v1/persons", """
                {"firstName": "Jan", "birthDate": "2023-02-30", "privateEmail": "jan-at-home", "gender": "robot",
                 "colour": "red", "ownerIds": ["abc"], "managerId": %d,
                 "contactRoles": [{"organisationId": 987654, "email": "x", "phone": {"no": 1}}]}
                """.formatted(manager));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reasonsFor("birthDate")).singleElement().asString().contains("is not a valid date");
        assertThat(response.reasonsFor("lastName")).containsExactly("is required");
        assertThat(response.reasonsFor("privateEmail")).singleElement().asString().contains("is not an e-mail address");
        assertThat(response.reasonsFor("gender")).singleElement().asString().contains("is not a valid value");
        assertThat(response.reasonsFor("colour")).containsExactly("is not a known field");
        assertThat(response.reasonsFor("ownerIds[0]")).as("not also 'must be an employee id'")
                .singleElement().asString().contains("'abc' is not a valid number");
        assertThat(response.reasonsFor("contactRoles[0].organisationId")).singleElement().asString().contains("does not exist");
        assertThat(response.reasonsFor("contactRoles[0].email")).singleElement().asString().contains("is not an e-mail address");
        assertThat(response.reasonsFor("contactRoles[0].phone")).containsExactly("must be text");
        assertThat(response.body().get("errors")).hasSize(9);

        long id = admin.post("/api/v1/persons", "{\"lastName\": \"Berg\", \"managerId\": %d}".formatted(manager)).id();
        var patch = admin.patch("/api/v1/persons/" + id, "{\"birthDate\": \"2023-13-01\", \"privateEmail\": \"nope\"}", h -> { });
        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.reasonsFor("birthDate")).singleElement().asString().contains("is not a valid date");
        assertThat(patch.reasonsFor("privateEmail")).singleElement().asString().contains("is not an e-mail address");
        var put = admin.put("/api/v1/persons/" + id, "{\"birthDate\": \"1990-02-30\", \"managerId\": %d}".formatted(manager), h -> { });
        assertThat(put.reasonsFor("birthDate")).singleElement().asString().contains("is not a valid date");
        assertThat(put.reasonsFor("lastName")).containsExactly("is required");
        assertThat(admin.get("/api/v1/persons/" + id).body().get("version").asLong()).as("nothing stored").isEqualTo(1);
    }

    @Test
    void aRelationStaysEditableAfterItsOwnerIsDeactivatedButNoInactiveOwnerIsAdded() {
        long owner = samples.employee("leaving");
        long alsoGone = samples.employee("gone");
        long id = admin.post("/api/v1/persons", "{\"lastName\": \"Kept\", \"managerId\": %d, \"ownerIds\": [%d]}"
                .formatted(manager, owner)).id();
        deactivate(owner);
        deactivate(alsoGone);

        var patched = admin.patch("/api/v1/persons/" + id, "{\"firstName\": \"Karin\"}", h -> { });
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("ownerIds").get(0).asLong()).isEqualTo(owner);
        var put = admin.put("/api/v1/persons/" + id, "{\"firstName\": \"Karin\", \"lastName\": \"Kept-Smit\", \"managerId\": %d, \"ownerIds\": [%d]}"
                .formatted(manager, owner), h -> { });
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("ownerIds").get(0).asLong()).isEqualTo(owner);

        var added = admin.patch("/api/v1/persons/" + id, "{\"ownerIds\": [%d, %d]}".formatted(owner, alsoGone), h -> { });
        assertThat(added.status()).isEqualTo(400);
        assertThat(added.reasonsFor("ownerIds[1]")).singleElement().asString().contains("does not exist or is not active");
        assertThat(added.reasonsFor("ownerIds[0]")).as("the kept owner is fine").isEmpty();
        var elsewhere = admin.post("/api/v1/persons", "{\"lastName\": \"New\", \"managerId\": %d, \"ownerIds\": [%d]}"
                .formatted(manager, owner));
        assertThat(elsewhere.reasonsFor("ownerIds[0]")).as("only a relation that has it keeps it")
                .singleElement().asString().contains("not active");
    }

    private void deactivate(long employee) {
        var current = admin.get("/api/v1/employees/" + employee).body();
        ((tools.jackson.databind.node.ObjectNode) current).put("active", false);
        assertThat(admin.put("/api/v1/employees/" + employee, current.toString(), h -> { }).status()).isEqualTo(200);
    }
}
