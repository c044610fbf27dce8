package org.koppel.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The Tasks API part of the Google fake, each rule as its page has it (docs/google.md, "Tasks"). */
class FakeGoogleTasksTest {

    private static final String ANN = "ann@example.com";
    private static final String TASKS = "/lists/@default/tasks";

    private final FakeGoogle google = FakeGoogle.start();
    private final ApiCalls calls = new ApiCalls(google.tasksBaseUrl());
    private final String token = google.oauth().issueAccessToken(ANN, Set.of(TasksRoutes.TASKS));

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void listPagesTwentyByDefaultAndAtMostAHundred() throws Exception {
        for (int i = 0; i < 25; i++) google.agenda().userCreatesTask(ANN, "{\"title\": \"T" + i + "\"}");
        List<String> seen = new ArrayList<>();
        ApiCalls.Answer first = call("GET", TASKS, null, null);
        assertThat(first.json().get("items")).hasSize(20);
        first.json().get("items").forEach(t -> seen.add(t.path("title").asString()));
        ApiCalls.Answer second = call("GET", TASKS + "?pageToken=" + first.json().path("nextPageToken").asString(), null, null);
        second.json().get("items").forEach(t -> seen.add(t.path("title").asString()));
        assertThat(second.json().has("nextPageToken")).isFalse();
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(call("GET", TASKS + "?maxResults=500", null, null).json().get("items")).hasSize(25);
    }

    @Test
    void dueKeepsOnlyItsDateAndCompletingSetsTheCompletedTime() throws Exception {
        ApiCalls.Answer made = call("POST", TASKS, "{\"title\": \"Call\", \"due\": \"2026-12-07T15:30:00.000+01:00\"}", null);

        assertThat(made.status()).isEqualTo(200);
        assertThat(made.json().path("due").asString()).isEqualTo("2026-12-07T00:00:00.000Z");
        assertThat(made.json().path("status").asString()).isEqualTo("needsAction");
        assertThat(made.json().has("completed")).isFalse();
        ApiCalls.Answer done = call("PATCH", TASKS + "/" + made.json().path("id").asString(), "{\"status\": \"completed\"}", null);
        assertThat(done.json().path("completed").asString("")).isNotEmpty();
        ApiCalls.Answer reopened = call("PATCH", TASKS + "/" + made.json().path("id").asString(), "{\"status\": \"needsAction\"}", null);
        assertThat(reopened.json().has("completed")).isFalse();
    }

    @Test
    void deletedAndHiddenTasksAreListedOnlyWhenAskedAndUpdatedMinGivesWhatChanged() throws Exception {
        String open = google.agenda().userCreatesTask(ANN, "{\"title\": \"Open\"}");
        String done = google.agenda().userCreatesTask(ANN, "{\"title\": \"Done\"}");
        String gone = google.agenda().userCreatesTask(ANN, "{\"title\": \"Gone\"}");
        google.agenda().userCompletesTask(ANN, done);
        google.agenda().userDeletesTask(ANN, gone);

        assertThat(ids(call("GET", TASKS, null, null))).containsExactly(open);
        assertThat(ids(call("GET", TASKS + "?showHidden=true", null, null))).containsExactlyInAnyOrder(open, done);
        assertThat(ids(call("GET", TASKS + "?showHidden=true&showDeleted=true", null, null))).containsExactlyInAnyOrder(open, done, gone);
        assertThat(ids(call("GET", TASKS + "?showHidden=true&showCompleted=false", null, null))).containsExactly(open);

        google.advance(Duration.ofMinutes(5));
        String since = google.now().minusSeconds(1).toString();
        google.agenda().userEditsTask(ANN, open, "{\"notes\": \"new\"}");
        assertThat(ids(call("GET", TASKS + "?showHidden=true&showDeleted=true&updatedMin=" + enc(since), null, null)))
                .containsExactly(open);
    }

    @Test
    void writesWithAStaleEtagAre412() throws Exception {
        ApiCalls.Answer made = call("POST", TASKS, "{\"title\": \"Call\"}", null);
        String id = made.json().path("id").asString();
        String etag = made.json().path("etag").asString();
        ApiCalls.Answer edited = call("PATCH", TASKS + "/" + id, "{\"notes\": \"x\"}", etag);
        assertThat(edited.status()).isEqualTo(200);

        assertThat(call("PUT", TASKS + "/" + id, "{\"title\": \"Late\"}", etag).status()).isEqualTo(412);
        assertThat(call("DELETE", TASKS + "/" + id, null, etag).status()).isEqualTo(412);
        assertThat(call("DELETE", TASKS + "/" + id, null, edited.json().path("etag").asString()).status()).isEqualTo(204);
        assertThat(google.agenda().task(ANN, id).orElseThrow().path("deleted").asBoolean()).isTrue();
    }

    @Test
    void theTasksScopeIsNeededAndTheQuotaIsTheUsers() throws Exception {
        String calendarOnly = google.oauth().issueAccessToken(ANN, Set.of(CalendarRoutes.CALENDAR));
        assertThat(call("GET", TASKS, null, null, calendarOnly).status()).isEqualTo(403);
        google.throttleNext(ANN, 1);
        assertThat(call("GET", TASKS, null, null).status()).isEqualTo(429);
        assertThat(call("GET", TASKS, null, null).status()).isEqualTo(200);
    }

    private static List<String> ids(ApiCalls.Answer a) {
        var ids = new ArrayList<String>();
        a.json().path("items").forEach(t -> ids.add(t.path("id").asString()));
        return ids;
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
