package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Change;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.RecordType;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** Runs on H2 and on PostgreSQL through its subclasses. */
abstract class AppointmentApiContract {

    @LocalServerPort int port;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    Api admin;
    long organiser;
    Api organiserApi;
    Api colleague;
    long person;
    long organisation;

    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var o = samples.employee("organiser", EmployeeRole.USER);
        organiser = o.id();
        organiserApi = Api.basic(port, o.login(), Samples.password(o.login()));
        var c = samples.employee("colleague", EmployeeRole.USER);
        colleague = Api.basic(port, c.login(), Samples.password(c.login()));
        person = samples.person("Anna", null, "Visser", organiser).id();
        organisation = samples.organisation("Visser BV", organiser).id();
    }

    private String timed(String subject, String start, String end) {
        return """
                {"subject": "%s", "start": "%s", "end": "%s", "timeZone": "Europe/Amsterdam", "organiserId": %d}
                """.formatted(subject, start, end, organiser);
    }

    @Test
    void createReadChangeDeleteAndRestoreATimedSeriesEachLoggedWithItsFields() {
        long before = changeLog.lastSeq();
        var created = admin.post("/api/v1/appointments", """
                {"subject": "Weekly review", "start": "2026-12-07T09:00:00+01:00", "end": "2026-12-07T10:30:00+01:00",
                 "timeZone": "Europe/Amsterdam", "location": "Damrak 1", "description": "the pipeline",
                 "reminderMinutes": 15, "visibility": "everyone", "organiserId": %d, "relationIds": [%d, %d],
                 "recurrence": "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301T080000Z",
                 "exceptions": ["2026-12-28T08:00:00Z"]}
                """.formatted(organiser, person, organisation));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        long id = created.id();
        assertThat(created.headers().getLocation().getPath()).isEqualTo("/api/v1/appointments/" + id);
        assertThat(created.headers().getETag()).isEqualTo("\"1\"");
        JsonNode body = admin.get("/api/v1/appointments/" + id).body();
        assertThat(body.get("start").asString()).isEqualTo("2026-12-07T08:00:00Z");
        assertThat(body.get("end").asString()).isEqualTo("2026-12-07T09:30:00Z");
        assertThat(body.get("recurrence").asString()).as("stored without its prefix").isEqualTo("FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301T080000Z");
        assertThat(body.get("relationIds").values()).extracting(JsonNode::asLong).containsExactly(person, organisation);
        assertThat(body.get("exceptions").get(0).asString()).isEqualTo("2026-12-28T08:00:00Z");
        assertThat(body.get("reminderMinutes").asInt()).isEqualTo(15);

        var patched = admin.patch("/api/v1/appointments/" + id, "{\"location\": \"Online\", \"description\": null}",
                h -> h.setIfMatch("\"1\""));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.headers().getETag()).isEqualTo("\"2\"");
        assertThat(patched.body().get("location").asString()).isEqualTo("Online");
        assertThat(patched.body().get("description").isNull()).isTrue();
        assertThat(patched.body().get("subject").asString()).isEqualTo("Weekly review");

        var same = admin.patch("/api/v1/appointments/" + id, "{\"location\": \"Online\"}", h -> { });
        assertThat(same.headers().getETag()).as("a write that changes nothing is no change").isEqualTo("\"2\"");

        assertThat(admin.delete("/api/v1/appointments/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/appointments/" + id).body().get("deletedAt").isNull()).isFalse();
        assertThat(admin.get("/api/v1/appointments?organiser=" + organiser).body().get("total").asLong()).isZero();
        assertThat(admin.get("/api/v1/appointments?deleted=true&organiser=" + organiser).body().get("total").asLong()).isEqualTo(1);
        assertThat(admin.patch("/api/v1/appointments/" + id, "{\"location\": \"X\"}", h -> { }).status())
                .as("a deleted appointment is restored before it is changed").isEqualTo(409);
        assertThat(admin.post("/api/v1/appointments/" + id + "/restore", null).body().get("deletedAt").isNull()).isTrue();

        List<Change> changes = changeLog.after(before, 100).stream()
                .filter(c -> c.recordType() == RecordType.APPOINTMENT && c.recordId() == id).toList();
        assertThat(changes).extracting(Change::operation)
                .containsExactly(Operation.CREATE, Operation.UPDATE, Operation.DELETE, Operation.RESTORE);
        assertThat(changes.get(0).fields()).contains("subject", "start", "end", "timeZone", "relationIds", "recurrence", "exceptions");
        assertThat(changes.get(1).fields()).containsExactly("description", "location");
        assertThat(admin.get("/api/v1/appointments/" + id + "/changes").body().size()).isEqualTo(4);
    }

    @Test
    void everyProblemOfABodyIsRefusedInOne400AndNothingIsStored() {
        long before = changeLog.lastSeq();
        var timed = admin.post("/api/v1/appointments", """
                {"start": "2026-12-07T10:00:00+01:00", "end": "2026-12-07T09:00:00+01:00", "timeZone": "Mars/Olympus",
                 "organiserId": 987654, "relationIds": [987655, %d, %d], "recurrence": "FREQ=HOURLY;BYDAY=XX;COUNT=2;UNTIL=20270101T000000Z",
                 "reminderMinutes": -5, "exceptions": ["2026-12-14T08:00:00Z"], "colour": "red"}
                """.formatted(person, person));

        assertThat(timed.status()).isEqualTo(400);
        assertThat(timed.reasonsFor("subject")).containsExactly("is required");
        assertThat(timed.reasonsFor("end")).containsExactly("lies before start");
        assertThat(timed.reasonsFor("timeZone")).singleElement().asString().contains("is not an IANA time zone");
        assertThat(timed.reasonsFor("organiserId")).singleElement().asString().contains("does not exist");
        assertThat(timed.reasonsFor("relationIds[0]")).singleElement().asString().contains("does not exist");
        assertThat(timed.reasonsFor("relationIds[2]")).singleElement().asString().contains("is listed already");
        assertThat(timed.reasonsFor("recurrence")).anySatisfy(r -> assertThat(r).contains("FREQ HOURLY is not supported"))
                .anySatisfy(r -> assertThat(r).contains("BYDAY XX"))
                .anySatisfy(r -> assertThat(r).contains("COUNT and UNTIL exclude each other"));
        assertThat(timed.reasonsFor("reminderMinutes")).singleElement().asString().contains("between 0 and");
        assertThat(timed.reasonsFor("colour")).containsExactly("is not a known field");

        var allDay = admin.post("/api/v1/appointments", """
                {"subject": "", "allDay": true, "startDate": "2026-02-30", "endDate": "2026-02-27",
                 "timeZone": "Europe/Amsterdam", "organiserId": 987654, "recurrence": "FREQ=DAILY;UNTIL=20260301T000000Z"}
                """);
        assertThat(allDay.status()).isEqualTo(400);
        assertThat(allDay.reasonsFor("startDate")).singleElement().asString().contains("is not a valid date");
        assertThat(allDay.reasonsFor("subject")).containsExactly("is required");
        assertThat(allDay.reasonsFor("organiserId")).singleElement().asString().contains("does not exist");
        assertThat(allDay.reasonsFor("recurrence")).singleElement().asString().contains("is not a valid date (yyyymmdd)");

        var mixed = admin.post("/api/v1/appointments", """
                {"subject": "Trip", "allDay": true, "start": "2026-12-07T10:00:00Z", "startDate": "2026-12-07",
                 "endDate": "2026-12-07", "timeZone": "Europe/Amsterdam", "organiserId": %d}
                """.formatted(organiser));
        assertThat(mixed.reasonsFor("start")).singleElement().asString().contains("an all-day one has startDate");
        assertThat(mixed.reasonsFor("endDate")).singleElement().asString().contains("exclusive");

        var tooMany = admin.post("/api/v1/appointments", timed("Crowd", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z")
                .replace("}", ", \"relationIds\": " + java.util.stream.LongStream.range(1, 60).boxed().toList() + "}"));
        assertThat(tooMany.reasonsFor("relationIds")).containsExactly("holds 59 entries; at most 50 are allowed");

        assertThat(changeLog.lastSeq()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void occurrenceEditsAreKeptWithTheSeriesAndEachProblemNamesItsEdit() {
        var created = admin.post("/api/v1/appointments", """
                {"subject": "Stand-up", "start": "2026-12-07T08:00:00Z", "end": "2026-12-07T08:15:00Z",
                 "timeZone": "Europe/Amsterdam", "organiserId": %d, "recurrence": "FREQ=DAILY;COUNT=5",
                 "occurrenceEdits": [{"occurrence": "2026-12-08T08:00:00Z", "start": "2026-12-08T10:00:00Z",
                                      "subject": "Later today"}]}
                """.formatted(organiser));
        assertThat(created.status()).isEqualTo(201);
        var edit = created.body().get("occurrenceEdits").get(0);
        assertThat(edit.get("occurrence").asString()).isEqualTo("2026-12-08T08:00:00Z");
        assertThat(edit.get("subject").asString()).isEqualTo("Later today");

        long before = changeLog.lastSeq();
        var wrong = admin.post("/api/v1/appointments", """
                {"subject": "Single", "start": "2026-12-07T08:00:00Z", "end": "2026-12-07T08:15:00Z",
                 "timeZone": "Europe/Amsterdam", "organiserId": %d,
                 "occurrenceEdits": [{"occurrence": "2026-12-08"}, {"occurrence": "2026-12-08", "start": "soon"}]}
                """.formatted(organiser));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.reasonsFor("occurrenceEdits")).containsExactly("are only for a recurring appointment");
        assertThat(wrong.reasonsFor("occurrenceEdits[0].occurrence")).singleElement().asString()
                .contains("is not an instant").contains("timed");
        assertThat(wrong.reasonsFor("occurrenceEdits[1].start")).singleElement().asString().contains("'soon' is not an instant");
        assertThat(wrong.reasonsFor("occurrenceEdits[1].occurrence")).anySatisfy(r -> assertThat(r).contains("is edited already"));
        assertThat(changeLog.lastSeq()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void staleWritesAreRefusedWith412OnIfMatchAnd409OnBodyVersion() {
        long id = admin.post("/api/v1/appointments", timed("Call", "2026-12-07T10:00:00Z", "2026-12-07T10:30:00Z")).id();
        assertThat(admin.patch("/api/v1/appointments/" + id, "{\"subject\": \"Call back\"}", h -> h.setIfMatch("\"1\"")).status())
                .isEqualTo(200);

        var stale = admin.patch("/api/v1/appointments/" + id, "{\"subject\": \"Lunch\"}", h -> h.setIfMatch("\"1\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.body().get("currentVersion").asLong()).isEqualTo(2);
        var stalePut = admin.put("/api/v1/appointments/" + id,
                timed("Lunch", "2026-12-07T10:00:00Z", "2026-12-07T10:30:00Z").replace("{", "{\"version\": 1, "), h -> { });
        assertThat(stalePut.status()).isEqualTo(409);
        var staleDelete = admin.send(org.springframework.http.HttpMethod.DELETE, "/api/v1/appointments/" + id, null,
                h -> h.setIfMatch("\"1\""));
        assertThat(staleDelete.status()).isEqualTo(412);

        assertThat(admin.get("/api/v1/appointments/" + id).body().get("subject").asString()).isEqualTo("Call back");
    }

    @Test
    void aPrivateAppointmentShowsOnlyItsTimeToAnotherEmployeeWhoCannotChangeIt() {
        var created = organiserApi.post("/api/v1/appointments", """
                {"subject": "Doctor", "start": "2026-12-08T14:00:00Z", "end": "2026-12-08T15:00:00Z",
                 "timeZone": "Europe/Amsterdam", "location": "Hospital", "description": "check-up", "reminderMinutes": 30,
                 "visibility": "owner-only", "organiserId": %d, "relationIds": [%d]}
                """.formatted(organiser, person));
        assertThat(created.status()).isEqualTo(201);
        long id = created.id();

        JsonNode seen = colleague.get("/api/v1/appointments/" + id).body();
        assertThat(seen.get("subject").asString()).isEqualTo("Private appointment");
        assertThat(seen.get("location").isNull()).isTrue();
        assertThat(seen.get("description").isNull()).isTrue();
        assertThat(seen.get("relationIds").isEmpty()).isTrue();
        assertThat(seen.get("start").asString()).isEqualTo("2026-12-08T14:00:00Z");
        JsonNode listed = colleague.get("/api/v1/appointments?organiser=" + organiser).body().get("items").get(0);
        assertThat(listed.get("subject").asString()).isEqualTo("Private appointment");
        assertThat(listed.get("location").isNull()).isTrue();
        assertThat(colleague.get("/api/v1/appointments?relation=" + person).body().get("total").asLong())
                .as("a relation filter does not reveal whom the private appointment is with").isZero();

        assertThat(colleague.patch("/api/v1/appointments/" + id, "{\"subject\": \"Mine now\"}", h -> { }).status()).isEqualTo(403);
        assertThat(colleague.put("/api/v1/appointments/" + id, timed("Mine", "2026-12-08T14:00:00Z", "2026-12-08T15:00:00Z"),
                h -> { }).status()).isEqualTo(403);
        assertThat(colleague.delete("/api/v1/appointments/" + id).status()).isEqualTo(403);
        assertThat(colleague.get("/api/v1/appointments/" + id + "/changes").status()).isEqualTo(403);

        assertThat(organiserApi.get("/api/v1/appointments/" + id).body().get("subject").asString()).isEqualTo("Doctor");
        assertThat(organiserApi.get("/api/v1/appointments?relation=" + person).body().get("total").asLong()).isEqualTo(1);
        assertThat(admin.get("/api/v1/appointments/" + id).body().get("location").asString()).isEqualTo("Hospital");
        assertThat(admin.get("/api/v1/appointments/" + id).body().get("subject").asString()).isEqualTo("Doctor");
    }

    @Test
    void theWindowFilterListsWhatOverlapsItIncludingMultiDayAllDayAndOpenSeriesButNotACountSeriesOverBeforeIt() {
        // midnight to midnight in Amsterdam, where the all-day appointments are planned
        String window = "from=2026-12-09T23:00:00Z&to=2026-12-10T23:00:00Z&organiser=" + organiser;
        long inside = admin.post("/api/v1/appointments", timed("Inside", "2026-12-10T09:00:00+01:00", "2026-12-10T10:00:00+01:00")).id();
        admin.post("/api/v1/appointments", timed("Before", "2026-12-09T09:00:00+01:00", "2026-12-09T10:00:00+01:00"));
        admin.post("/api/v1/appointments", timed("Ends at the start", "2026-12-09T23:00:00+01:00", "2026-12-10T00:00:00+01:00"));
        admin.post("/api/v1/appointments", timed("Starts at the end", "2026-12-11T00:00:00+01:00", "2026-12-11T01:00:00+01:00"));
        long multiDay = admin.post("/api/v1/appointments", timed("Fair", "2026-12-08T09:00:00+01:00", "2026-12-12T17:00:00+01:00")).id();
        long allDay = admin.post("/api/v1/appointments", """
                {"subject": "Holiday", "allDay": true, "startDate": "2026-12-10", "endDate": "2026-12-11",
                 "timeZone": "Europe/Amsterdam", "organiserId": %d}""".formatted(organiser)).id();
        admin.post("/api/v1/appointments", """
                {"subject": "Day before", "allDay": true, "startDate": "2026-12-09", "endDate": "2026-12-10",
                 "timeZone": "Europe/Amsterdam", "organiserId": %d}""".formatted(organiser));
        long openSeries = admin.post("/api/v1/appointments", timed("Stand-up", "2026-11-02T09:00:00+01:00", "2026-11-02T09:15:00+01:00")
                .replace("}", ", \"recurrence\": \"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR\"}")).id();
        admin.post("/api/v1/appointments", timed("Ended series", "2026-11-02T09:00:00+01:00", "2026-11-02T09:15:00+01:00")
                .replace("}", ", \"recurrence\": \"FREQ=WEEKLY;UNTIL=20261201T080000Z\"}"));
        // three Mondays, the last on 16 November: over before the window
        admin.post("/api/v1/appointments", timed("Counted series", "2026-11-02T09:00:00+01:00", "2026-11-02T09:15:00+01:00")
                .replace("}", ", \"recurrence\": \"FREQ=WEEKLY;COUNT=3\"}"));
        // ten weekdays from 7 December, the last on 18 December: under way in the window
        long countedInside = admin.post("/api/v1/appointments", timed("Counted inside", "2026-12-07T09:00:00+01:00", "2026-12-07T09:15:00+01:00")
                .replace("}", ", \"recurrence\": \"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10\"}")).id();
        // two all-day Tuesdays from 1 December, the last on 8 December: over before the window
        admin.post("/api/v1/appointments", """
                {"subject": "Counted days", "allDay": true, "startDate": "2026-12-01", "endDate": "2026-12-02",
                 "timeZone": "Europe/Amsterdam", "organiserId": %d, "recurrence": "FREQ=WEEKLY;COUNT=2"}""".formatted(organiser));

        var listed = admin.get("/api/v1/appointments?" + window);

        assertThat(listed.status()).as(listed.body().toString()).isEqualTo(200);
        assertThat(listed.body().get("items").values()).extracting(a -> a.get("id").asLong())
                .containsExactlyInAnyOrder(inside, multiDay, allDay, openSeries, countedInside);
        assertThat(admin.get("/api/v1/appointments?from=yesterday").reasonsFor("from"))
                .singleElement().asString().contains("is not an instant");
        assertThat(admin.get("/api/v1/appointments?from=2026-12-11T00:00:00Z&to=2026-12-10T00:00:00Z").reasonsFor("to"))
                .containsExactly("must lie after from");
    }

    @Test
    void theOpenApiDocumentShowsTheFieldsOfAppointmentAndTaskBodies() {
        var paths = Api.anonymous(port).get("/v3/api-docs").body().get("paths");

        assertThat(bodySchema(paths, "/api/v1/appointments", "post").get("properties").has("timeZone")).isTrue();
        assertThat(bodySchema(paths, "/api/v1/appointments/{id}", "patch").get("properties").has("recurrence")).isTrue();
        assertThat(bodySchema(paths, "/api/v1/tasks/{id}", "put").get("properties").has("dueDate")).isTrue();
    }

    private static JsonNode bodySchema(JsonNode paths, String path, String method) {
        JsonNode content = paths.get(path).get(method).get("requestBody").get("content");
        return content.get(content.has("application/json") ? "application/json" : "application/merge-patch+json").get("schema");
    }
}
