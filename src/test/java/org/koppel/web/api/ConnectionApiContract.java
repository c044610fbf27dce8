package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.sync.ContactSlots;
import org.koppel.testkit.Api;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Connections through the API: secrets in, never out; sync now; reports; conflicts restored by admins. */
abstract class ConnectionApiContract {

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired MemoryPeers peers;
    @Autowired JdbcClient jdbc;
    Employee user;
    Api asUser;
    Api admin;

    @BeforeEach
    void setUp() {
        user = samples.employee("owner", EmployeeRole.USER);
        asUser = Api.basic(port, user.login(), Samples.password(user.login()));
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
    }

    @Test
    void theSecretGoesInEncryptedAndNeverComesOut() {
        var created = asUser.post("/api/v1/connections",
                "{\"type\": \"memory\", \"name\": \"My phone\", \"settings\": {\"url\": \"x\"}, \"secret\": \"app-password-123\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().toString()).doesNotContain("app-password-123");
        assertThat(asUser.get("/api/v1/connections/" + created.id()).body().toString()).doesNotContain("app-password-123");
        String stored = jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(created.id()).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("app-password-123");

        var access = asUser.put("/api/v1/connections/" + created.id() + "/access", "{\"secret\": \"new-app-password\"}", h -> { });
        assertThat(access.status()).isEqualTo(200);
        assertThat(access.body().toString()).doesNotContain("new-app-password");
        assertThat(jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(created.id()).query(String.class).single())
                .isNotEqualTo(stored).doesNotContain("new-app-password");

        var bad = asUser.post("/api/v1/connections", "{\"type\": \"fax\", \"name\": \"\"}");
        assertThat(bad.reasonsFor("type")).singleElement().asString().contains("not a connection type");
        assertThat(bad.reasonsFor("name")).containsExactly("is required");
    }

    @Test
    void aConnectionsOwnSyncSettingsAreCheckedWhenGivenNotWhenEveryRunFailsOnThem() {
        var bad = asUser.post("/api/v1/connections", """
                {"type": "memory", "name": "Mailbox", "settings": {"url": "x", "email.perRun": "many",
                 "email.direction": "CRM_TO_PEER", "contacts.conflictRule": "LOUDEST_WINS", "mailFolders": "inbox"}}""");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reasonsFor("settings.email.perRun")).singleElement().asString().contains("not a whole number");
        assertThat(bad.reasonsFor("settings.email.direction")).singleElement().asString().contains("only logged");
        assertThat(bad.reasonsFor("settings.contacts.conflictRule")).singleElement().asString().contains("NEWEST_WINS");
        assertThat(bad.reasonsFor("settings.mailFolders")).as("a connector's own setting is the connector's").isEmpty();
        assertThat(asUser.post("/api/v1/connections", """
                {"type": "memory", "name": "Mailbox", "settings": {"url": "x", "email.perRun": "40"}}""").status()).isEqualTo(201);
    }

    @Test
    void syncNowAnswersWithTheRunReportAndOthersCannotSeeTheConnection() {
        long person = asUser.post("/api/v1/persons", "{\"firstName\": \"Nora\", \"lastName\": \"Smit\", \"managerId\": %d}"
                .formatted(user.id())).id();
        long id = asUser.post("/api/v1/connections", "{\"type\": \"memory\", \"name\": \"Phone\", \"secret\": \"s\"}").id();

        var run = asUser.post("/api/v1/connections/" + id + "/runs", null);
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.body().get("totals").get("CONTACTS").get("created").asInt()).isEqualTo(1);
        assertThat(run.body().get("items").get(0).get("crmId").asLong()).isEqualTo(person);
        assertThat(asUser.get("/api/v1/connections/" + id + "/runs").body()).hasSize(1);

        var other = samples.employee("other", EmployeeRole.USER);
        var asOther = Api.basic(port, other.login(), Samples.password(other.login()));
        assertThat(asOther.get("/api/v1/connections/" + id).status()).isEqualTo(404);
        assertThat(asOther.post("/api/v1/connections/" + id + "/runs", null).status()).isEqualTo(404);

        assertThat(asUser.post("/api/v1/connections/" + id + "/pause", null).body().get("status").asString()).isEqualTo("PAUSED");
        assertThat(asUser.post("/api/v1/connections/" + id + "/runs", null).status()).as("paused means paused").isEqualTo(409);
        assertThat(asUser.delete("/api/v1/connections/" + id).status()).isEqualTo(204);
        assertThat(asUser.get("/api/v1/persons/" + person).status()).as("the CRM keeps everything").isEqualTo(200);
        assertThat(peers.of(id).contents()).as("the peer keeps everything").hasSize(1);
    }

    @Test
    void queuedPhoneContactsBecomeWhatAPersonDecides() {
        long id = asUser.post("/api/v1/connections", """
                {"type": "memory", "name": "Phone", "secret": "s", "settings": {"contacts.creation": "QUEUE"}}""").id();
        var peer = peers.of(id);
        String person = peer.userCreates(org.koppel.sync.Snapshot.of(java.util.Map.of(ContactSlots.GIVEN_NAME, "Rosa",
                ContactSlots.FAMILY_NAME, "Wacht", ContactSlots.EMAIL_HOME, "rosa@wacht.example")), java.util.Set.of());
        peer.userCreates(org.koppel.sync.Snapshot.of(java.util.Map.of(ContactSlots.ORGANISATION, "Wacht BV",
                ContactSlots.TEL_WORK, "020 555 1234")), java.util.Set.of());
        asUser.post("/api/v1/connections/" + id + "/runs", null);

        var queue = asUser.get("/api/v1/connections/" + id + "/import-queue").body();
        assertThat(queue).hasSize(2);
        long first = queue.get(0).get("id").asLong();
        long second = queue.get(1).get("id").asLong();
        assertThat(asUser.post("/api/v1/connections/import-queue/" + first, "{\"as\": \"PERSON\"}").body()
                .get("status").asString()).isEqualTo("IMPORTED");
        var org = asUser.post("/api/v1/connections/import-queue/" + second, "{\"as\": \"ORGANISATION\"}").body();
        assertThat(asUser.get("/api/v1/organisations/" + org.get("crmId").asLong()).body().get("name").asString())
                .isEqualTo("Wacht BV");
        assertThat(asUser.post("/api/v1/connections/import-queue/" + second, "{\"as\": \"LEAD\"}").status()).isEqualTo(409);

        asUser.post("/api/v1/connections/" + id + "/runs", null);
        long personId = asUser.get("/api/v1/connections/" + id + "/import-queue").body().get(0).get("crmId").asLong();
        assertThat(peer.stampOf(person)).as("the imported person is linked and stamped").isEqualTo(personId);
        assertThat(asUser.get("/api/v1/persons/" + personId).body().get("privateEmail").asString()).isEqualTo("rosa@wacht.example");
    }

    @Test
    void anAdminRestoresTheLosingValueOfAConflict() {
        long person = asUser.post("/api/v1/persons", "{\"firstName\": \"Olga\", \"lastName\": \"Bos\", \"managerId\": %d}"
                .formatted(user.id())).id();
        long id = asUser.post("/api/v1/connections", "{\"type\": \"memory\", \"name\": \"Phone\", \"secret\": \"s\"}").id();
        asUser.post("/api/v1/connections/" + id + "/runs", null);
        asUser.patch("/api/v1/persons/" + person, "{\"firstName\": \"Olga-CRM\"}", h -> { });
        peers.of(id).userEdits("koppel-" + person, ContactSlots.GIVEN_NAME, "Olga-phone");
        asUser.post("/api/v1/connections/" + id + "/runs", null);

        var conflicts = asUser.get("/api/v1/connections/" + id + "/conflicts").body();
        assertThat(conflicts).hasSize(1);
        long conflict = conflicts.get(0).get("id").asLong();
        assertThat(asUser.post("/api/v1/connections/conflicts/" + conflict + "/restore", null).status()).isEqualTo(403);
        assertThat(admin.post("/api/v1/connections/conflicts/" + conflict + "/restore", null).status()).isEqualTo(204);

        assertThat(asUser.get("/api/v1/persons/" + person).body().get("firstName").asString()).isEqualTo("Olga-phone");
        asUser.post("/api/v1/connections/" + id + "/runs", null);
        assertThat(peers.of(id).contents().get("koppel-" + person).get(ContactSlots.GIVEN_NAME)).isEqualTo("Olga-phone");
    }

    @Test
    void aPasswordInAConnectionUrlIsRefusedAndNeverEchoed() {
        var refused = asUser.post("/api/v1/connections", """
                {"type": "memory", "name": "Phone", "secret": "s",
                 "settings": {"url": "https://alice:hunter2-secret@dav.example.com/", "other": "dav.example.com:8443/a@b"}}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.reasonsFor("settings.url")).singleElement().asString().contains("put the password in secret");
        assertThat(refused.reasonsFor("settings.other")).as("a port is not a password").isEmpty();
        assertThat(refused.body().toString()).doesNotContain("hunter2");
        long schemeless = asUser.post("/api/v1/connections", "{\"type\": \"memory\", \"name\": \"Phone\", \"secret\": \"s\", "
                + "\"settings\": {\"url\": \"alice:hunter2@dav.example.com\"}}").status();
        assertThat(schemeless).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM connection WHERE settings LIKE '%hunter2%'").query(Long.class).single())
                .as("nothing stored").isZero();

        long id = asUser.post("/api/v1/connections", "{\"type\": \"memory\", \"name\": \"Phone\", \"secret\": \"s\"}").id();
        var access = asUser.put("/api/v1/connections/" + id + "/access",
                "{\"settings\": {\"url\": \"https://alice:hunter2@dav.example.com/\"}, \"secret\": \"s\"}", h -> { });
        assertThat(access.status()).isEqualTo(400);
        assertThat(access.reasonsFor("settings.url")).singleElement().asString().contains("put the password in secret");
        assertThat(access.body().toString()).doesNotContain("hunter2");

        // One stored before such addresses were refused is shown masked.
        jdbc.sql("UPDATE connection SET settings = ? WHERE id = ?")
                .params("{\"url\": \"https://alice:hunter2@dav.example.com/dav/\"}", id).update();
        var shown = asUser.get("/api/v1/connections/" + id);
        assertThat(shown.body().get("settings").get("url").asString()).isEqualTo("https://alice:****@dav.example.com/dav/");
        assertThat(asUser.get("/api/v1/connections").body().toString()).doesNotContain("hunter2");
    }

    @Test
    void overlongSettingsAreABadRequestNotAConflict() {
        var oneTooLong = asUser.post("/api/v1/connections", "{\"type\": \"memory\", \"name\": \"Phone\", \"secret\": \"s\", "
                + "\"settings\": {\"note\": \"%s\"}}".formatted("n".repeat(1001)));
        assertThat(oneTooLong.status()).isEqualTo(400);
        assertThat(oneTooLong.reasonsFor("settings.note")).singleElement().asString().contains("at most 1000");

        String five = java.util.stream.IntStream.range(0, 5).mapToObj(i -> "\"note%d\": \"%s\"".formatted(i, "n".repeat(900)))
                .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
        var together = asUser.post("/api/v1/connections",
                "{\"type\": \"memory\", \"name\": \"Phone\", \"secret\": \"s\", \"settings\": " + five + "}");
        assertThat(together.status()).as("used to fail the insert: 409").isEqualTo(400);
        assertThat(together.reasonsFor("settings")).singleElement().asString().contains("at most 4000");
        var tooLongName = asUser.post("/api/v1/connections", "{\"type\": \"memory\", \"name\": \"%s\", \"secret\": \"s\"}"
                .formatted("p".repeat(201)));
        assertThat(tooLongName.reasonsFor("name")).singleElement().asString().contains("at most 200");
    }
}
