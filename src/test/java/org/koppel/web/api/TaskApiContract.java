package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Change;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.RecordType;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** Runs on H2 and on PostgreSQL through its subclasses. */
abstract class TaskApiContract {

    @LocalServerPort int port;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    Api admin;
    long responsible;
    long person;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        responsible = samples.employee("responsible");
        person = samples.person("Piet", "de", "Boer", responsible).id();
    }

    private long task(String subject, String dueDate) {
        return admin.post("/api/v1/tasks", """
                {"subject": "%s", "dueDate": %s, "responsibleId": %d}""".formatted(subject,
                dueDate == null ? "null" : "\"" + dueDate + "\"", responsible)).id();
    }

    @Test
    void createCompleteReopenDeleteAndRestoreATaskEachLoggedWithItsFields() {
        long before = changeLog.lastSeq();
        var created = admin.post("/api/v1/tasks", """
                {"subject": "Send the offer", "dueDate": "2026-12-15", "priority": "high", "notes": "incl. discount",
                 "responsibleId": %d, "relationId": %d}""".formatted(responsible, person));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        long id = created.id();
        assertThat(created.headers().getETag()).isEqualTo("\"1\"");
        assertThat(created.body().get("status").asString()).isEqualTo("open");
        assertThat(created.body().get("completedAt").isNull()).isTrue();

        var completed = admin.patch("/api/v1/tasks/" + id, "{\"status\": \"completed\", \"completedAt\": \"2001-01-01T00:00:00Z\"}",
                h -> h.setIfMatch("\"1\""));
        assertThat(completed.status()).isEqualTo(200);
        JsonNode completedAt = completed.body().get("completedAt");
        assertThat(completedAt.isNull()).isFalse();
        assertThat(completedAt.asString()).as("set by Koppel, not by the client").isNotEqualTo("2001-01-01T00:00:00Z");
        var notes = admin.patch("/api/v1/tasks/" + id, "{\"notes\": \"sent\"}", h -> { });
        assertThat(notes.body().get("completedAt").asString()).as("kept while completed").isEqualTo(completedAt.asString());
        var reopened = admin.patch("/api/v1/tasks/" + id, "{\"status\": \"open\"}", h -> { });
        assertThat(reopened.body().get("completedAt").isNull()).isTrue();
        assertThat(reopened.headers().getETag()).isEqualTo("\"4\"");

        assertThat(admin.delete("/api/v1/tasks/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/tasks?responsible=" + responsible).body().get("total").asLong()).isZero();
        assertThat(admin.post("/api/v1/tasks/" + id + "/restore", null).body().get("deletedAt").isNull()).isTrue();

        List<Change> changes = changeLog.after(before, 100).stream()
                .filter(c -> c.recordType() == RecordType.TASK && c.recordId() == id).toList();
        assertThat(changes).extracting(Change::operation).containsExactly(Operation.CREATE, Operation.UPDATE,
                Operation.UPDATE, Operation.UPDATE, Operation.DELETE, Operation.RESTORE);
        assertThat(changes.get(0).fields()).contains("subject", "dueDate", "priority", "notes", "responsibleId", "relationId");
        assertThat(changes.get(1).fields()).containsExactly("status");
        assertThat(changes.get(2).fields()).containsExactly("notes");
        assertThat(admin.get("/api/v1/tasks/" + id + "/changes").body().size()).isEqualTo(6);
    }

    @Test
    void everyProblemOfABodyIsRefusedInOne400AndNothingIsStored() {
        long before = changeLog.lastSeq();
        var response = admin.post("/api/v1/tasks", """
                {"dueDate": "2026-02-30", "responsibleId": 987654, "relationId": 987655, "priority": "urgent",
                 "notes": "%s"}""".formatted("x".repeat(10_001)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reasonsFor("subject")).containsExactly("is required");
        assertThat(response.reasonsFor("dueDate")).singleElement().asString().contains("is not a valid date");
        assertThat(response.reasonsFor("responsibleId")).singleElement().asString().contains("does not exist");
        assertThat(response.reasonsFor("relationId")).singleElement().asString().contains("does not exist");
        assertThat(response.reasonsFor("priority")).singleElement().asString().contains("is not a valid value");
        assertThat(response.reasonsFor("notes")).singleElement().asString().contains("at most 10000");
        assertThat(changeLog.lastSeq()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void staleWritesAreRefusedWith412OnIfMatchAnd409OnBodyVersion() {
        long id = task("Call back", null);
        assertThat(admin.patch("/api/v1/tasks/" + id, "{\"subject\": \"Call back today\"}", h -> h.setIfMatch("\"1\"")).status())
                .isEqualTo(200);
        var stale = admin.patch("/api/v1/tasks/" + id, "{\"subject\": \"Never mind\"}", h -> h.setIfMatch("\"1\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.body().get("currentVersion").asLong()).isEqualTo(2);
        var stalePut = admin.put("/api/v1/tasks/" + id,
                "{\"version\": 1, \"subject\": \"Never mind\", \"responsibleId\": %d}".formatted(responsible), h -> { });
        assertThat(stalePut.status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/tasks/" + id).body().get("subject").asString()).isEqualTo("Call back today");
    }

    @Test
    void theListFiltersByResponsibleStatusDueDateAndRelation() {
        long early = task("Early", "2026-12-01");
        long late = task("Late", "2026-12-20");
        long undated = task("Some day", null);
        long done = task("Done", "2026-11-01");
        admin.patch("/api/v1/tasks/" + done, "{\"status\": \"completed\"}", h -> { });
        long linked = admin.post("/api/v1/tasks", """
                {"subject": "About Piet", "dueDate": "2026-12-05", "responsibleId": %d, "relationId": %d}"""
                .formatted(responsible, person)).id();

        assertThat(ids("responsible=" + responsible)).as("due date first, undated last")
                .containsExactly(done, early, linked, late, undated);
        assertThat(ids("responsible=" + responsible + "&status=open")).containsExactly(early, linked, late, undated);
        assertThat(ids("responsible=" + responsible + "&status=open&dueBefore=2026-12-20")).containsExactly(early, linked);
        assertThat(ids("relation=" + person)).containsExactly(linked);
        assertThat(admin.get("/api/v1/tasks?status=someday").reasonsFor("status")).singleElement().asString()
                .contains("open or completed");
        assertThat(admin.get("/api/v1/tasks?dueBefore=2026-02-30").reasonsFor("dueBefore")).singleElement().asString()
                .contains("is not a valid date");
    }

    private List<Long> ids(String query) {
        var body = admin.get("/api/v1/tasks?" + query).body();
        return body.get("items").values().stream().map(t -> t.get("id").asLong()).toList();
    }
}
