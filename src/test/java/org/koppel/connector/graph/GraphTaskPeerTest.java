package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;
import org.koppel.sync.TaskSlots;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.koppel.testkit.graph.FakeTodo;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Microsoft To Do task peer over real HTTP against the Graph fake's To Do. */
class GraphTaskPeerTest {

    private static final String BOX = "anne@bakkerij.example";

    /**
     * A task as the To Do app leaves it and Graph returns it (shape of the "Get todoTask" and "List tasks"
     * examples, https://learn.microsoft.com/graph/api/todotask-get): an HTML body, a due date given in
     * UTC with seven fraction digits, status inProgress, a reminder and a category Koppel does not map.
     */
    private static final String FROM_THE_APP = """
            {
              "importance": "normal",
              "isReminderOn": true,
              "status": "inProgress",
              "title": "Offerte broodjes bellen",
              "categories": ["Klanten"],
              "body": {
                "content": "<html><head><meta http-equiv=\\"Content-Type\\" content=\\"text/html; charset=utf-8\\"><style>p {margin:0}</style></head><body><div>Vraag naar &quot;de grote&quot; bestelling</div><div>Prijs &lt; &euro; 200&nbsp;</div></body></html>",
                "contentType": "html"
              },
              "dueDateTime": {"dateTime": "2026-12-10T00:00:00.0000000", "timeZone": "UTC"},
              "reminderDateTime": {"dateTime": "2026-12-09T08:00:00.0000000", "timeZone": "UTC"}
            }""";

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeGraph graph;
    private FakeTodo todo;
    private GraphClient client;

    @BeforeEach
    void start() {
        graph = FakeGraph.start(FakeGraphSettings.published().withMaxPageSize(3));
        todo = graph.todo();
        client = client(GraphClient.Options.defaults());
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private GraphClient client(GraphClient.Options options) {
        return new GraphClient(graph.baseUrl(), TestTokens.fixed(graph.issueToken(BOX)), MailboxGate.unshared(4), json, options);
    }

    private GraphTaskPeer peer() {
        return new GraphTaskPeer(client, "koppel", json);
    }

    private String koppelList() {
        return todo.listNamed(BOX, "Koppel").orElseThrow();
    }

    private static Snapshot task(String subject, String... slotsAndValues) {
        var values = new HashMap<String, String>();
        values.put(TaskSlots.SUBJECT, subject);
        for (int i = 0; i < slotsAndValues.length; i += 2) values.put(slotsAndValues[i], slotsAndValues[i + 1]);
        return Snapshot.of(values);
    }

    private static Function<String, String> knowing(Map<String, String> versions) {
        return versions::get;
    }

    private JsonNode stored(String taskId) {
        return todo.task(BOX, taskId).orElseThrow();
    }

    @Test
    void aCreatedTaskCarriesEveryMappedSlotAndKoppelsStampAsALinkedResource() {
        PeerItem item = peer().create(42, task("Offerte sturen", TaskSlots.DUE, "2026-12-03", TaskSlots.PRIORITY, TaskSlots.HIGH,
                TaskSlots.NOTES, "Bel eerst Anne.\nDan mailen.")).item();

        JsonNode t = stored(item.peerId());
        assertThat(t.path("title").asString()).isEqualTo("Offerte sturen");
        assertThat(t.path("dueDateTime").path("dateTime").asString()).startsWith("2026-12-03T00:00:00");
        assertThat(t.path("importance").asString()).isEqualTo("high");
        assertThat(t.path("status").asString()).isEqualTo("notStarted");
        assertThat(t.path("body").path("contentType").asString()).isEqualTo("text");
        assertThat(t.path("body").path("content").asString()).isEqualTo("Bel eerst Anne.\nDan mailen.");
        assertThat(t.path("linkedResources")).singleElement().satisfies(link -> {
            assertThat(link.path("applicationName").asString()).isEqualTo("Koppel");
            assertThat(link.path("externalId").asString()).isEqualTo("42");
        });
        assertThat(item.stampedCrmId()).isEqualTo(42L);
        assertThat(item.values().values()).containsExactlyInAnyOrderEntriesOf(Map.of(TaskSlots.SUBJECT, "Offerte sturen",
                TaskSlots.DUE, "2026-12-03", TaskSlots.PRIORITY, TaskSlots.HIGH, TaskSlots.NOTES, "Bel eerst Anne.\nDan mailen."));
        assertThat(item.version()).isEqualTo(GraphItems.version(t));
    }

    @Test
    void aTaskMadeInTheToDoAppReadsAsPlainSlots() {
        var peer = peer();
        peer.fullListing(id -> null);
        String id = todo.userCreate(BOX, koppelList(), FROM_THE_APP);

        PeerItem item = peer.fetch(List.of(id)).get(id);
        assertThat(item.values().values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                TaskSlots.SUBJECT, "Offerte broodjes bellen",
                TaskSlots.DUE, "2026-12-10",
                TaskSlots.NOTES, "Vraag naar \"de grote\" bestelling\nPrijs < € 200"));
        assertThat(item.values().get(TaskSlots.STATUS)).as("inProgress is open").isNull();
        assertThat(item.values().get(TaskSlots.PRIORITY)).as("normal importance is no priority").isNull();
        assertThat(item.stampedCrmId()).isNull();
        assertThat(item.categories()).containsExactly("Klanten");
    }

    @Test
    void aDueDateIsTheDateOfItsLocalDateTimeInTheZoneItNames() {
        String id = todo.userCreate(BOX, todo.defaultListId(BOX), """
                {"title": "Factuur", "dueDateTime": {"dateTime": "2026-12-04T23:00:00.0000000", "timeZone": "W. Europe Standard Time"}}""");
        var peer = new GraphTaskPeer(client, "default", json);

        assertThat(peer.fetch(List.of(id)).get(id).values().get(TaskSlots.DUE)).isEqualTo("2026-12-04");
    }

    @Test
    void completingInToDoReadsAsCompletedAndReopeningFromKoppelSetsNotStarted() {
        var peer = peer();
        PeerItem created = peer.create(7, task("Bellen")).item();
        todo.userComplete(BOX, created.peerId());

        PeerItem completed = peer.fetch(List.of(created.peerId())).get(created.peerId());
        assertThat(completed.values().get(TaskSlots.STATUS)).isEqualTo(TaskSlots.COMPLETED);

        PeerItem reopened = peer.update(completed, task("Bellen"), 7);
        assertThat(stored(created.peerId()).path("status").asString()).isEqualTo("notStarted");
        assertThat(stored(created.peerId()).has("completedDateTime")).isFalse();
        assertThat(reopened.values().get(TaskSlots.STATUS)).isNull();

        PeerItem done = peer.update(reopened, task("Bellen", TaskSlots.STATUS, TaskSlots.COMPLETED), 7);
        assertThat(stored(created.peerId()).path("status").asString()).isEqualTo("completed");
        assertThat(stored(created.peerId()).path("completedDateTime").path("dateTime").asString()).isNotEmpty();
        assertThat(done.values().get(TaskSlots.STATUS)).isEqualTo(TaskSlots.COMPLETED);
    }

    @Test
    void priorityHighAndLowAreImportanceAndNoPriorityIsNormal() {
        var peer = peer();
        PeerItem low = peer.create(1, task("Opruimen", TaskSlots.PRIORITY, TaskSlots.LOW)).item();
        assertThat(stored(low.peerId()).path("importance").asString()).isEqualTo("low");

        peer.update(low, task("Opruimen"), 1);
        assertThat(stored(low.peerId()).path("importance").asString()).isEqualTo("normal");

        todo.userEdit(BOX, low.peerId(), "{\"importance\":\"high\"}");
        assertThat(peer.fetch(List.of(low.peerId())).get(low.peerId()).values().get(TaskSlots.PRIORITY)).isEqualTo(TaskSlots.HIGH);
    }

    @Test
    void anUpdateWritesOnlyTheSlotsThatChangedAndKeepsWhatToDoHoldsBesides() {
        var peer = peer();
        peer.fullListing(id -> null);
        String id = todo.userCreate(BOX, koppelList(), FROM_THE_APP);
        PeerItem current = peer.fetch(List.of(id)).get(id);

        Snapshot values = Snapshot.of(new HashMap<>(current.values().values()) {{
            put(TaskSlots.SUBJECT, "Offerte broodjes gebeld");
        }});
        PeerItem updated = peer.update(current, values, 9);

        JsonNode t = stored(id);
        assertThat(t.path("title").asString()).isEqualTo("Offerte broodjes gebeld");
        assertThat(t.path("status").asString()).as("an open status Koppel keeps open is left alone").isEqualTo("inProgress");
        assertThat(t.path("body").path("contentType").asString()).as("notes unchanged: the HTML body is not rewritten").isEqualTo("html");
        assertThat(t.path("isReminderOn").asBoolean()).isTrue();
        assertThat(t.path("reminderDateTime").path("dateTime").asString()).startsWith("2026-12-09T08:00");
        assertThat(t.path("categories").path(0).asString()).isEqualTo("Klanten");
        assertThat(updated.values().get(TaskSlots.NOTES)).isEqualTo(current.values().get(TaskSlots.NOTES));
    }

    @Test
    void notesGoIntoTheBodyAsTextAndClearingThemEmptiesIt() {
        var peer = peer();
        PeerItem item = peer.create(3, task("Offerte")).item();
        assertThat(stored(item.peerId()).path("body").path("content").asString()).isEmpty();

        PeerItem withNotes = peer.update(item, task("Offerte", TaskSlots.NOTES, "Activiteit: bezoek 3 december\nMeenemen: folders"), 3);
        assertThat(stored(item.peerId()).path("body").path("content").asString()).isEqualTo("Activiteit: bezoek 3 december\nMeenemen: folders");
        assertThat(stored(item.peerId()).path("body").path("contentType").asString()).isEqualTo("text");

        peer.update(withNotes, task("Offerte"), 3);
        assertThat(stored(item.peerId()).path("body").path("content").asString()).isEmpty();
    }

    @Test
    void aFullListingPagesThroughDeltaWithTheTasksInlineAndReadsNothingMore() {
        var peer = peer();
        var values = new LinkedHashMap<Long, Snapshot>();
        for (long i = 1; i <= 7; i++) values.put(i, task("Taak " + i));
        var created = peer.createAll(values);

        PeerDelta listing = peer.fullListing(id -> null);

        assertThat(listing.complete()).isTrue();
        assertThat(listing.present()).hasSize(7);
        assertThat(listing.changed()).extracting(PeerItem::stampedCrmId).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(graph.served("todo.task.delta")).as("7 tasks in pages of at most 3").isEqualTo(3);
        assertThat(graph.served("todo.task.get")).isZero();

        var versions = new HashMap<String, String>();
        created.values().forEach(w -> versions.put(w.item().item().peerId(), w.item().item().version()));
        assertThat(peer.fullListing(knowing(versions)).changed()).as("versions the engine knows are not handed back").isEmpty();
    }

    @Test
    void deltaBringsToDoEditsAndDeletionsButNotKoppelsOwnWrites() {
        var peer = peer();
        var created = peer.createAll(Map.of(1L, task("Anna bellen"), 2L, task("Bert bellen"), 3L, task("Cor bellen")));
        var versions = new HashMap<String, String>();
        created.values().forEach(w -> versions.put(w.item().item().peerId(), w.item().item().version()));
        PeerDelta listing = peer.fullListing(knowing(versions));
        String anna = created.get(1L).item().item().peerId();
        String bert = created.get(2L).item().item().peerId();
        PeerItem cor = created.get(3L).item().item();

        todo.userEdit(BOX, anna, "{\"title\":\"Anna terugbellen\"}");
        todo.userDelete(BOX, bert);
        PeerItem corUpdated = peer.update(cor, task("Cor mailen"), 3);
        versions.put(cor.peerId(), corUpdated.version());

        PeerDelta delta = peer.changes(listing.nextCursor(), knowing(versions));

        assertThat(delta.complete()).isFalse();
        assertThat(delta.changed()).singleElement().satisfies(item -> {
            assertThat(item.peerId()).isEqualTo(anna);
            assertThat(item.values().get(TaskSlots.SUBJECT)).isEqualTo("Anna terugbellen");
            assertThat(item.stampedCrmId()).as("the stamp comes with the delta ($expand)").isEqualTo(1L);
        });
        assertThat(delta.removed()).containsExactly(bert);

        PeerDelta quiet = peer.changes(delta.nextCursor(), id -> null);
        assertThat(quiet.changed()).isEmpty();
        assertThat(quiet.removed()).isEmpty();
    }

    @Test
    void anExpiredDeltaTokenIsAnExpiredCursor() {
        var peer = peer();
        peer.create(1, task("Iets"));
        PeerDelta listing = peer.fullListing(id -> null);
        todo.expireDeltaTokens(BOX);

        assertThatThrownBy(() -> peer.changes(listing.nextCursor(), id -> null)).isInstanceOf(PeerException.CursorExpired.class);
        assertThat(peer.fullListing(id -> null).present()).hasSize(1);
    }

    @Test
    void aTaskChangedInToDoAfterKoppelReadItIsNotOverwrittenNorDeleted() {
        var peer = peer();
        PeerItem read = peer.create(5, task("Offerte")).item();
        todo.userEdit(BOX, read.peerId(), "{\"title\":\"Offerte (door Anne aangepast)\"}");

        assertThatThrownBy(() -> peer.update(read, task("Offerte versturen"), 5)).isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(stored(read.peerId()).path("title").asString()).isEqualTo("Offerte (door Anne aangepast)");
        assertThat(graph.served("todo.task.update")).isZero();

        assertThatThrownBy(() -> peer.delete(read.peerId(), read.version())).isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(todo.task(BOX, read.peerId())).isPresent();

        PeerItem fresh = peer.fetch(List.of(read.peerId())).get(read.peerId());
        peer.delete(fresh.peerId(), fresh.version());
        assertThat(todo.task(BOX, read.peerId())).isEmpty();
        peer.delete(fresh.peerId(), fresh.version());
    }

    @Test
    void updatingATaskDeletedInToDoMeanwhileIsAVersionMismatch() {
        var peer = peer();
        PeerItem item = peer.create(5, task("Offerte")).item();
        todo.userDelete(BOX, item.peerId());

        assertThatThrownBy(() -> peer.update(item, task("Offerte versturen"), 5)).isInstanceOf(PeerException.VersionMismatch.class)
                .hasMessageContaining("deleted");
    }

    @Test
    void throttlingIsWaitedOutPerRetryAfter() {
        var peer = peer();
        peer.create(1, task("Iets"));
        graph.failNext(BOX, 2, 429, Duration.ZERO);

        assertThat(peer.fullListing(id -> null).present()).hasSize(1);
        assertThat(graph.refusals(BOX)).isEqualTo(2);
    }

    @Test
    void throttlingBeyondWhatARunWaitsEndsTheRunWithTheRetryAfter() {
        var peer = new GraphTaskPeer(client(GraphClient.Options.defaults().withLongestWait(Duration.ofSeconds(5))), "koppel", json);
        peer.create(1, task("Iets"));
        graph.failNext(BOX, 1, 429, Duration.ofSeconds(120));

        assertThatThrownBy(() -> peer.fullListing(id -> null)).isInstanceOfSatisfying(PeerException.Transient.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120)));
    }

    @Test
    void aCreateRepeatedAfterACrashFindsTheStampedTaskInsteadOfMakingASecond() {
        PeerItem first = peer().create(42, task("Offerte sturen")).item();
        long posts = graph.served("todo.task.create");

        var afterCrash = new GraphTaskPeer(client(GraphClient.Options.defaults()), "koppel", json);
        var again = afterCrash.createAll(Map.of(42L, task("Offerte sturen"), 43L, task("Factuur sturen")));

        assertThat(again.get(42L).item().existed()).isTrue();
        assertThat(again.get(42L).item().item().peerId()).isEqualTo(first.peerId());
        assertThat(again.get(43L).item().existed()).isFalse();
        assertThat(graph.served("todo.task.create")).isEqualTo(posts + 1);
        assertThat(todo.tasks(BOX, koppelList())).hasSize(2);
    }

    @Test
    void theKoppelListIsCreatedOnceAndFoundAfterwards() {
        peer().fullListing(id -> null);
        new GraphTaskPeer(client(GraphClient.Options.defaults()), "koppel", json).fullListing(id -> null);

        assertThat(graph.served("todo.list.create")).isEqualTo(1);
        assertThat(todo.listNamed(BOX, "Koppel")).isPresent();
    }

    @Test
    void theDefaultChoiceSyncsTheBuiltInTasksList() {
        String mine = todo.userCreate(BOX, todo.defaultListId(BOX), "{\"title\":\"Boodschappen\"}");
        var peer = new GraphTaskPeer(client, "default", json);

        PeerDelta listing = peer.fullListing(id -> null);
        PeerItem created = peer.create(1, task("Offerte")).item();

        assertThat(listing.present()).containsExactly(mine);
        assertThat(todo.tasks(BOX, todo.defaultListId(BOX))).extracting(t -> t.path("id").asString())
                .containsExactlyInAnyOrder(mine, created.peerId());
        assertThat(graph.served("todo.list.create")).isZero();
    }

    @Test
    void aKoppelListDeletedInToDoIsMadeAgainAndListedInFull() {
        var peer = peer();
        peer.create(1, task("Offerte"));
        PeerDelta listing = peer.fullListing(id -> null);
        String gone = koppelList();
        todo.userDeleteList(BOX, gone);

        PeerDelta after = peer.changes(listing.nextCursor(), id -> null);

        assertThat(after.complete()).as("a full listing: the engine reconciles its links against it").isTrue();
        assertThat(after.present()).isEmpty();
        assertThat(koppelList()).isNotEqualTo(gone);
        assertThat(peer.listId()).isEqualTo(koppelList());
        PeerItem again = peer.create(1, task("Offerte")).item();
        assertThat(todo.tasks(BOX, koppelList())).extracting(t -> t.path("id").asString()).containsExactly(again.peerId());
    }

    @Test
    void aTaskKoppelCannotReadIsRejectedNotImportedNorTakenAsDeleted() {
        var peer = peer();
        PeerDelta listing = peer.fullListing(id -> null);
        String odd = todo.userCreate(BOX, koppelList(), "{\"title\":\"Raar\",\"dueDateTime\":{\"dateTime\":\"volgende week\",\"timeZone\":\"UTC\"}}");
        String fine = todo.userCreate(BOX, koppelList(), "{\"title\":\"Gewoon\"}");

        PeerDelta delta = peer.changes(listing.nextCursor(), id -> null);

        assertThat(delta.changed()).extracting(PeerItem::peerId).containsExactly(fine);
        assertThat(delta.rejected()).containsOnlyKeys(odd);
        assertThat(delta.rejected().get(odd)).contains("volgende week");
        assertThat(delta.removed()).isEmpty();
    }

    @Test
    void anUnknownOrMissingListChoiceIsAConfigurationError() {
        assertThatThrownBy(() -> new GraphTaskPeer(client, "werk", json)).isInstanceOf(PeerException.Configuration.class);
        assertThatThrownBy(() -> new GraphTaskPeer(client, null, json)).isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("settings.taskList");
    }

    @Test
    void batchesHoldAtMostTwentyWrites() {
        var peer = peer();
        var values = new LinkedHashMap<Long, Snapshot>();
        for (long i = 1; i <= 25; i++) values.put(i, task("Taak " + i));
        Map<Long, ItemPeer.Written<ItemPeer.Created>> created = peer.createAll(values);

        assertThat(created.values()).allSatisfy(w -> assertThat(w.failure()).isNull());
        assertThat(graph.served("batch")).isEqualTo(2);
        assertThat(todo.tasks(BOX, koppelList())).hasSize(25);
    }

    @Test
    void aRunWithNothingChangedCostsOneRequestAndAnUpdateAReadAndAWritePerTask() {
        var peer = peer();
        var values = new LinkedHashMap<Long, Snapshot>();
        for (long i = 1; i <= 25; i++) values.put(i, task("Taak " + i));
        var created = peer.createAll(values);
        var versions = new HashMap<String, String>();
        created.values().forEach(w -> versions.put(w.item().item().peerId(), w.item().item().version()));
        PeerDelta listing = peer.fullListing(knowing(versions));

        long before = peer.requests();
        PeerDelta quiet = peer.changes(listing.nextCursor(), knowing(versions));
        assertThat(peer.requests() - before).isEqualTo(1);

        var updates = new java.util.ArrayList<ItemPeer.Update>();
        created.forEach((crmId, w) -> updates.add(new ItemPeer.Update(w.item().item(), task("Taak " + crmId + " (gewijzigd)"), crmId)));
        long beforeUpdates = peer.requests();
        long batchesBefore = graph.served("batch");
        var updated = peer.updateAll(updates);

        assertThat(updated.values()).allSatisfy(w -> assertThat(w.failure()).isNull());
        assertThat(peer.requests() - beforeUpdates).as("a GET and a PATCH per task, as Outlook counts them").isEqualTo(50);
        assertThat(graph.served("batch") - batchesBefore).as("in JSON batches of 20").isEqualTo(4);
        assertThat(quiet.changed()).isEmpty();
    }

    @Test
    void notesFromABrowserTextAreaAreWrittenWithLineFeedsAndNotWrittenAgain() {
        var peer = peer();
        PeerItem item = peer.create(4, task("Offerte", TaskSlots.NOTES, "Regel een\r\nRegel twee")).item();
        assertThat(stored(item.peerId()).path("body").path("content").asString()).isEqualTo("Regel een\nRegel twee");

        long updates = graph.served("todo.task.update");
        peer.update(item, task("Offerte", TaskSlots.NOTES, "Regel een\r\nRegel twee"), 4);
        assertThat(graph.served("todo.task.update")).as("the same notes: nothing to write").isEqualTo(updates);
    }
}
