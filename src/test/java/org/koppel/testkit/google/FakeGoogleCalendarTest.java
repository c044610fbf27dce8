package org.koppel.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The Calendar API part of the Google fake, each rule as its page has it (docs/google.md, "Calendar"). */
class FakeGoogleCalendarTest {

    private static final String ANN = "ann@example.com";
    private static final String EVENTS = "/calendars/primary/events";
    private static final String TIMED = """
            {"summary": "%s", "start": {"dateTime": "2026-12-07T09:00:00", "timeZone": "Europe/Amsterdam"},
             "end": {"dateTime": "2026-12-07T10:00:00", "timeZone": "Europe/Amsterdam"}}""";

    private final FakeGoogle google = FakeGoogle.start();
    private final ApiCalls calls = new ApiCalls(google.calendarBaseUrl());
    private final String token = google.oauth().issueAccessToken(ANN, Set.of(CalendarRoutes.CALENDAR));

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void listPagesWithPageTokenAndGivesTheSyncTokenOnTheLastPageOnly() throws Exception {
        for (int i = 0; i < 5; i++) google.agenda().userCreatesEvent(ANN, TIMED.formatted("E" + i));
        List<String> seen = new ArrayList<>();
        String page = null;
        int pages = 0;
        ApiCalls.Answer last;
        do {
            last = call("GET", EVENTS + "?maxResults=2" + (page == null ? "" : "&pageToken=" + page), null, null);
            assertThat(last.status()).isEqualTo(200);
            last.json().get("items").forEach(e -> seen.add(e.path("summary").asString()));
            page = last.json().path("nextPageToken").asString(null);
            if (page != null) assertThat(last.json().has("nextSyncToken")).isFalse();
            pages++;
        } while (page != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrder("E0", "E1", "E2", "E3", "E4");
        assertThat(last.json().path("nextSyncToken").asString("")).isNotEmpty();
    }

    @Test
    void aSyncTokenGivesChangesIncludingDeletedEventsAsCancelledAndRefusesTimeMin() throws Exception {
        String kept = google.agenda().userCreatesEvent(ANN, TIMED.formatted("Kept"));
        String gone = google.agenda().userCreatesEvent(ANN, TIMED.formatted("Gone"));
        String sync = call("GET", EVENTS, null, null).json().path("nextSyncToken").asString();

        google.agenda().userEditsEvent(ANN, kept, "{\"summary\": \"Kept, renamed\"}");
        google.agenda().userDeletesEvent(ANN, gone);
        ApiCalls.Answer changes = call("GET", EVENTS + "?syncToken=" + sync, null, null);

        assertThat(changes.status()).isEqualTo(200);
        assertThat(changes.json().get("items")).extracting(e -> e.path("id").asString() + ":" + e.path("status").asString())
                .containsExactlyInAnyOrder(kept + ":confirmed", gone + ":cancelled");
        assertThat(call("GET", EVENTS + "?syncToken=" + sync + "&timeMin=2026-01-01T00:00:00Z", null, null).status())
                .as("timeMin cannot go with a sync token").isEqualTo(400);
        assertThat(call("GET", EVENTS, null, null).json().get("items")).as("a full listing leaves deleted events out")
                .extracting(e -> e.path("id").asString()).containsExactly(kept);
    }

    @Test
    void anExpiredSyncTokenIs410FullSyncRequired() throws Exception {
        google.agenda().userCreatesEvent(ANN, TIMED.formatted("One"));
        String sync = call("GET", EVENTS, null, null).json().path("nextSyncToken").asString();
        google.agenda().expireCalendarSyncTokens(ANN);

        ApiCalls.Answer r = call("GET", EVENTS + "?syncToken=" + sync, null, null);

        assertThat(r.status()).isEqualTo(410);
        assertThat(r.json().at("/error/errors/0/reason").asString()).isEqualTo("fullSyncRequired");
    }

    @Test
    void aSeriesIsOneEventWithItsRecurrenceLinesAndItsCancelledOccurrenceIsListedWithoutShowDeleted() throws Exception {
        ApiCalls.Answer made = call("POST", EVENTS, """
                {"summary": "Weekly", "start": {"dateTime": "2026-12-07T09:00:00", "timeZone": "Europe/Amsterdam"},
                 "end": {"dateTime": "2026-12-07T10:00:00", "timeZone": "Europe/Amsterdam"},
                 "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/Amsterdam:20261214T090000"]}""", null);
        assertThat(made.status()).isEqualTo(200);
        String series = made.json().path("id").asString();
        google.agenda().userCancelsOccurrence(ANN, series, Instant.parse("2026-12-21T08:00:00Z"));

        ApiCalls.Answer list = call("GET", EVENTS, null, null);

        assertThat(list.json().get("items")).hasSize(2);
        JsonNode master = list.json().get("items").get(0);
        assertThat(master.get("recurrence")).extracting(JsonNode::asString)
                .containsExactly("RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/Amsterdam:20261214T090000");
        JsonNode cancelled = list.json().get("items").get(1);
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.path("recurringEventId").asString()).isEqualTo(series);
        assertThat(cancelled.at("/originalStartTime/dateTime").asString()).isEqualTo("2026-12-21T08:00:00Z");
        google.agenda().userCreatesEvent(ANN, TIMED.formatted("Other"));
        assertThat(call("GET", EVENTS + "?iCalUID=" + enc(master.path("iCalUID").asString()), null, null).json().get("items"))
                .as("an occurrence shares its series' iCalUID").hasSize(2);
        assertThat(call("POST", EVENTS, """
                {"summary": "No zone", "start": {"dateTime": "2026-12-07T09:00:00+01:00"},
                 "end": {"dateTime": "2026-12-07T10:00:00+01:00"}, "recurrence": ["RRULE:FREQ=DAILY"]}""", null).status())
                .as("a series needs its timeZone").isEqualTo(400);
    }

    @Test
    void writesWithAStaleEtagAre412AndAClientChosenIdIsUniqueWithItsStampFindable() throws Exception {
        ApiCalls.Answer made = call("POST", EVENTS, """
                {"id": "koppel42", "summary": "Intake", "start": {"date": "2026-12-07"}, "end": {"date": "2026-12-08"},
                 "extendedProperties": {"private": {"koppelId": "42"}}}""", null);
        assertThat(made.status()).isEqualTo(200);
        assertThat(made.json().path("iCalUID").asString()).isEqualTo("koppel42@google.com");
        String etag = made.json().path("etag").asString();
        assertThat(call("POST", EVENTS, "{\"id\": \"koppel42\", \"start\": {\"date\": \"2026-12-07\"}, \"end\": {\"date\": \"2026-12-08\"}}",
                null).json().at("/error/errors/0/reason").asString()).isEqualTo("duplicate");
        assertThat(call("POST", EVENTS, "{\"id\": \"Koppel_42\", \"start\": {\"date\": \"2026-12-07\"}, \"end\": {\"date\": \"2026-12-08\"}}",
                null).status()).as("not base32hex").isEqualTo(400);

        ApiCalls.Answer patched = call("PATCH", EVENTS + "/koppel42", "{\"location\": \"Room 3\"}", etag);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("summary").asString()).as("patch keeps what it does not name").isEqualTo("Intake");
        ApiCalls.Answer stale = call("PUT", EVENTS + "/koppel42", "{\"summary\": \"Late\", \"start\": {\"date\": \"2026-12-07\"}, "
                + "\"end\": {\"date\": \"2026-12-08\"}}", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().at("/error/errors/0/reason").asString()).isEqualTo("conditionNotMet");
        assertThat(call("DELETE", EVENTS + "/koppel42", null, etag).status()).isEqualTo(412);

        ApiCalls.Answer found = call("GET", EVENTS + "?privateExtendedProperty=" + enc("koppelId=42"), null, null);
        assertThat(found.json().get("items")).extracting(e -> e.path("id").asString()).containsExactly("koppel42");
        assertThat(call("DELETE", EVENTS + "/koppel42", null, patched.json().path("etag").asString()).status()).isEqualTo(204);
        assertThat(call("DELETE", EVENTS + "/koppel42", null, null).status()).as("already deleted").isEqualTo(410);
    }

    @Test
    void throttlingIsRefusedInCalendarTermsAs403UserRateLimitExceededOr429() throws Exception {
        google.failNext(ANN, 1, 403, null);
        ApiCalls.Answer refused = call("GET", EVENTS, null, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/errors/0/reason").asString()).isEqualTo("userRateLimitExceeded");

        google.throttleNext(ANN, 1);
        ApiCalls.Answer throttled = call("GET", EVENTS, null, null);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().at("/error/errors/0/reason").asString()).isEqualTo("rateLimitExceeded");
        assertThat(call("GET", EVENTS, null, null).status()).isEqualTo(200);
        assertThat(google.refusals(ANN)).isEqualTo(2);
    }

    @Test
    void oneUserQuotaCountsPeopleCalendarAndTasksRequestsTogether() throws Exception {
        try (FakeGoogle small = FakeGoogle.start(FakeGoogleSettings.published().withRequestsPerMinutePerUser(2))) {
            String all = small.oauth().issueAccessToken(ANN, Set.of(CalendarRoutes.CALENDAR, TasksRoutes.TASKS, PeopleRoutes.CONTACTS));
            assertThat(calls.status(URI.create(small.peopleBaseUrl() + "/people/me/connections?personFields=names"), all)).isEqualTo(200);
            assertThat(calls.status(URI.create(small.tasksBaseUrl() + "/lists/@default/tasks"), all)).isEqualTo(200);
            assertThat(calls.status(URI.create(small.calendarBaseUrl() + EVENTS), all)).isEqualTo(429);
        }
    }

    @Test
    void withoutACalendarScopeOrTokenTheCallIsRefused() throws Exception {
        String contactsOnly = google.oauth().issueAccessToken(ANN, Set.of(PeopleRoutes.CONTACTS));
        assertThat(call("GET", EVENTS, null, null, contactsOnly).status()).isEqualTo(403);
        assertThat(call("GET", EVENTS, null, null, null).status()).isEqualTo(401);
        String readOnly = google.oauth().issueAccessToken(ANN, Set.of(CalendarRoutes.CALENDAR_READONLY));
        assertThat(call("GET", EVENTS, null, null, readOnly).status()).isEqualTo(200);
        assertThat(call("POST", EVENTS, TIMED.formatted("x"), null, readOnly).status()).isEqualTo(403);
    }

    private ApiCalls.Answer call(String method, String path, String json, String ifMatch) throws IOException, InterruptedException {
        return calls.call(method, path, json, ifMatch, token);
    }

    private ApiCalls.Answer call(String method, String path, String json, String ifMatch, String bearer)
            throws IOException, InterruptedException {
        return calls.call(method, path, json, ifMatch, bearer);
    }

    private static String enc(String s) {
        return ApiCalls.enc(s);
    }
}
