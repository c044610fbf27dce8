package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.testkit.graph.FakeCalendar;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.koppel.testkit.graph.GraphCalls;
import org.koppel.testkit.graph.GraphCalls.Answer;

import tools.jackson.databind.JsonNode;

/** The Graph fake's calendar keeps the documented rules a client could otherwise come to rely on breaking. */
class GraphCalendarFakeTest {

    private static final String BOX = "cor@bakkerij.example";
    private static final String WEEKLY = """
            {"subject": "Weekstart", "start": {"dateTime": "2026-12-07T09:00:00", "timeZone": "W. Europe Standard Time"},
             "end": {"dateTime": "2026-12-07T09:30:00", "timeZone": "W. Europe Standard Time"},
             "recurrence": {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["monday"], "firstDayOfWeek": "sunday"},
                            "range": {"type": "noEnd", "startDate": "2026-12-07"}}}""";

    private FakeGraph graph;
    private GraphCalls calls;

    @BeforeEach
    void start() {
        calls = GraphCalls.start(FakeGraphSettings.published().withMaxPageSize(50), BOX);
        graph = calls.graph();
    }

    @AfterEach
    void stop() {
        calls.close();
    }

    @Test
    void timesAreShownInUtcOrInTheZoneThePreferHeaderAsksFor() throws Exception {
        String id = graph.calendar().outlookCreate(BOX, WEEKLY);

        JsonNode utc = calls.send("GET", "/me/events/" + id, null).body();
        JsonNode pacific = calls.send("GET", "/me/events/" + id, null, "Prefer", "outlook.timezone=\"Pacific Standard Time\"").body();

        assertThat(utc.path("start").path("dateTime").asString()).isEqualTo("2026-12-07T08:00:00.0000000");
        assertThat(utc.path("start").path("timeZone").asString()).isEqualTo("UTC");
        assertThat(pacific.path("start").path("dateTime").asString()).isEqualTo("2026-12-07T00:00:00.0000000");
        assertThat(pacific.path("start").path("timeZone").asString()).isEqualTo("Pacific Standard Time");
        assertThat(utc.path("originalStartTimeZone").asString()).isEqualTo("W. Europe Standard Time");
        assertThat(utc.path("type").asString()).isEqualTo("seriesMaster");
    }

    @Test
    void theCalendarViewDeltaNeedsItsWindowPagesAndReportsWhatLeftTheView() throws Exception {
        String master = graph.calendar().outlookCreate(BOX, WEEKLY);
        assertThat(calls.send("GET", "/me/calendarView/delta", null).status()).isEqualTo(400);
        assertThat(calls.send("GET", "/me/calendarView/delta?startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-01T00:00:00Z&$select=subject",
                null).status()).isEqualTo(400);

        var entries = new ArrayList<JsonNode>();
        String url = "/me/calendarView/delta?startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-01T00:00:00Z";
        int pages = 0;
        String deltaLink = null;
        while (deltaLink == null) {
            Answer page = calls.send("GET", url, null, "Prefer", "odata.maxpagesize=2");
            pages++;
            page.body().path("value").forEach(entries::add);
            url = page.body().path("@odata.nextLink").asString("");
            if (url.isEmpty()) deltaLink = page.body().path("@odata.deltaLink").asString();
        }
        // four Mondays in December 2026, no master: the view holds occurrences
        assertThat(pages).isEqualTo(2);
        assertThat(entries).hasSize(4).allSatisfy(e -> {
            assertThat(e.path("type").asString()).isEqualTo("occurrence");
            assertThat(e.path("seriesMasterId").asString()).isEqualTo(master);
        });
        assertThat(deltaLink).contains("$deltatoken=");

        graph.calendar().outlookCancelOccurrence(BOX, master, Instant.parse("2026-12-14T08:00:00Z"));
        Answer next = calls.send("GET", deltaLink, null);
        assertThat(next.body().path("value")).hasSize(1);
        assertThat(next.body().path("value").path(0).path("id").asString())
                .isEqualTo(FakeCalendar.occurrenceId(master, Instant.parse("2026-12-14T08:00:00Z")));
        assertThat(next.body().path("value").path(0).has("@removed")).isTrue();

        graph.calendar().expireDeltaTokens(BOX);
        Answer expired = calls.send("GET", next.body().path("@odata.deltaLink").asString(), null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.error()).isEqualTo("syncStateNotFound");
    }

    @Test
    void anEditedOccurrenceIsAnExceptionOfItsSeriesAndADeletedOneIsLeftOut() throws Exception {
        String master = graph.calendar().outlookCreate(BOX, WEEKLY);
        String second = FakeCalendar.occurrenceId(master, Instant.parse("2026-12-14T08:00:00Z"));
        String third = FakeCalendar.occurrenceId(master, Instant.parse("2026-12-21T08:00:00Z"));
        assertThat(calls.send("GET", "/me/events/" + master + "/instances", null).status()).isEqualTo(400);

        Answer edited = calls.send("PATCH", "/me/events/" + second, "{\"subject\": \"Weekstart (kort)\"}");
        assertThat(calls.send("DELETE", "/me/events/" + third, null).status()).isEqualTo(204);

        assertThat(edited.body().path("type").asString()).isEqualTo("exception");
        assertThat(edited.body().path("originalStart").asString()).isEqualTo("2026-12-14T08:00:00Z");
        List<String> types = new ArrayList<>();
        String url = "/me/events/" + master + "/instances?startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-01T00:00:00Z&$top=2";
        while (!url.isEmpty()) {
            Answer page = calls.send("GET", url, null);
            page.body().path("value").forEach(i -> types.add(i.path("originalStart").asString() + " " + i.path("type").asString()));
            url = page.body().path("@odata.nextLink").asString("");
        }
        assertThat(types).containsExactly("2026-12-07T08:00:00Z occurrence", "2026-12-14T08:00:00Z exception",
                "2026-12-28T08:00:00Z occurrence");
        assertThat(calls.send("GET", "/me/events/" + third, null).status()).isEqualTo(404);
    }

    @Test
    void eventsGraphWouldRefuseAreRefusedAndAStaleIfMatchIs412() throws Exception {
        Answer notMidnight = calls.send("POST", "/me/calendar/events", """
                {"subject": "Vrij", "isAllDay": true, "start": {"dateTime": "2026-12-24T09:00:00", "timeZone": "UTC"},
                 "end": {"dateTime": "2026-12-25T00:00:00", "timeZone": "UTC"}}""");
        Answer rangeElsewhere = calls.send("POST", "/me/calendar/events", WEEKLY.replace("\"startDate\": \"2026-12-07\"", "\"startDate\": \"2026-12-01\""));
        Answer unknownZone = calls.send("POST", "/me/calendar/events", WEEKLY.replace("W. Europe Standard Time", "Amsterdam Time"));
        Answer unknownProperty = calls.send("POST", "/me/calendar/events", "{\"subject\": \"x\", \"colour\": \"red\","
                + " \"start\": {\"dateTime\": \"2026-12-24T09:00:00\", \"timeZone\": \"UTC\"}, \"end\": {\"dateTime\": \"2026-12-24T10:00:00\", \"timeZone\": \"UTC\"}}");
        assertThat(List.of(notMidnight.status(), rangeElsewhere.status(), unknownZone.status(), unknownProperty.status()))
                .containsOnly(400);
        assertThat(graph.calendar().events(BOX)).isEmpty();

        Answer created = calls.send("POST", "/me/calendar/events", WEEKLY);
        String etag = created.body().path("@odata.etag").asString();
        graph.calendar().outlookEdit(BOX, created.body().path("id").asString(), "{\"subject\": \"Weekstart!\"}");
        Answer stale = calls.send("PATCH", "/me/events/" + created.body().path("id").asString(), "{\"subject\": \"Maandag\"}", "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.error()).isEqualTo("ErrorIrresolvableConflict");
    }

    @Test
    void calendarRequestsCountAgainstTheMailboxThrottle() throws Exception {
        graph.failNext(BOX, 1, 429, Duration.ofSeconds(3));
        Answer refused = calls.send("GET", "/me/calendar/events", null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(calls.send("GET", "/me/calendar/events", null).status()).isEqualTo(200);
        assertThat(graph.refusals(BOX)).isEqualTo(1);
        assertThat(graph.served("event.list")).isEqualTo(2);
    }
}
