package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.koppel.testkit.graph.GraphCalls;
import org.koppel.testkit.graph.GraphCalls.Answer;

/** The To Do part of the Graph fake keeps the documented rules a client could come to rely on breaking. */
class FakeTodoTest {

    private static final String BOX = "cor@bakkerij.example";
    private FakeGraph graph;
    private GraphCalls calls;

    @BeforeEach
    void start() {
        calls = GraphCalls.start(FakeGraphSettings.published().withMaxPageSize(2), BOX);
        graph = calls.graph();
    }

    @AfterEach
    void stop() {
        calls.close();
    }

    @Test
    void everyMailboxHasTheBuiltInListsWhichCannotBeDeleted() throws Exception {
        Answer lists = calls.send("GET", "/me/todo/lists", null);

        assertThat(lists.body().path("value")).extracting(l -> l.path("wellknownListName").asString())
                .containsExactlyInAnyOrder("defaultList", "flaggedEmails");
        String tasks = graph.todo().defaultListId(BOX);
        assertThat(calls.send("DELETE", "/me/todo/lists/" + tasks, null).status()).isEqualTo(400);
    }

    @Test
    void updatesIgnoreIfMatchAsTheUpdateTodoTaskPageDocumentsNone() throws Exception {
        String list = graph.todo().defaultListId(BOX);
        Answer created = calls.send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"Een\"}");
        String id = created.body().path("id").asString();

        Answer patched = calls.send("PATCH", "/me/todo/lists/" + list + "/tasks/" + id, "{\"title\":\"Twee\"}", "If-Match", "W/\"stale\"");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("@odata.etag").asString()).isNotEqualTo(created.body().path("@odata.etag").asString());
        assertThat(patched.body().path("lastModifiedDateTime").asString())
                .isGreaterThan(created.body().path("lastModifiedDateTime").asString());
    }

    @Test
    void unknownEnumValuesAreRefused() throws Exception {
        String list = graph.todo().defaultListId(BOX);
        assertThat(calls.send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"x\",\"status\":\"done\"}").status()).isEqualTo(400);
        assertThat(calls.send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"x\",\"importance\":\"urgent\"}").status()).isEqualTo(400);
    }

    @Test
    void deltaPagesToADeltaLinkAndItsTokenExpiresAndDiesWithItsList() throws Exception {
        String list = calls.send("POST", "/me/todo/lists", "{\"displayName\":\"Werk\"}").body().path("id").asString();
        for (int i = 0; i < 3; i++) calls.send("POST", "/me/todo/lists/" + list + "/tasks", "{\"title\":\"Taak " + i + "\"}");

        Answer first = calls.send("GET", "/me/todo/lists/" + list + "/tasks/delta", null);
        assertThat(first.body().path("value")).hasSize(2);
        Answer second = calls.send("GET", first.body().path("@odata.nextLink").asString(), null);
        assertThat(second.body().path("value")).hasSize(1);
        String deltaLink = second.body().path("@odata.deltaLink").asString();
        assertThat(deltaLink).contains("$deltatoken=");

        graph.todo().expireDeltaTokens(BOX);
        Answer expired = calls.send("GET", deltaLink, null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body().path("error").path("code").asString()).isEqualTo("syncStateNotFound");

        graph.todo().userDeleteList(BOX, list);
        assertThat(calls.send("GET", "/me/todo/lists/" + list + "/tasks/delta", null).status()).isEqualTo(404);
    }
}
