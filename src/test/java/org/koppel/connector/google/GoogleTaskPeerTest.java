package org.koppel.connector.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;
import org.koppel.sync.TaskSlots;
import org.koppel.testkit.google.FakeGoogleAccounts;

import tools.jackson.databind.JsonNode;

/** The Google Tasks peer against the Google fake (testkit/google), which follows Google's published pages. */
class GoogleTaskPeerTest extends GoogleFakeTest {

    @Override
    Set<String> scopes() {
        return Set.of(FakeGoogleAccounts.tasksScope());
    }

    GoogleTaskPeer peer() {
        return peer(PeopleClient.Options.defaults().withLongestWait(Duration.ofSeconds(5)));
    }

    GoogleTaskPeer peer(PeopleClient.Options options) {
        return new GoogleTaskPeer(new GoogleItemsClient(google.tasksBaseUrl(), "/tasks/v1", GoogleTaskPeer.COLLECTION,
                "Google Tasks", "tasks", accounts.tokens(1L, user), JSON, options), JSON);
    }

    JsonNode task(String id) {
        return google.agenda().task(user, id).orElseThrow();
    }

    @Test
    void aTaskGoesToGoogleWithItsDueDateAsMidnightUtcAndReadsBackWithoutThePriorityGoogleCannotHold() {
        var peer = peer();
        var sent = Map.of(TaskSlots.SUBJECT, "Send the offer", TaskSlots.DUE, "2026-12-07", TaskSlots.NOTES, "Include\nthe discount",
                TaskSlots.PRIORITY, TaskSlots.HIGH);

        PeerItem made = peer.create(7, Snapshot.of(sent)).item();

        JsonNode t = task(made.peerId());
        assertThat(t.path("title").asString()).isEqualTo("Send the offer");
        assertThat(t.path("due").asString()).isEqualTo("2026-12-07T00:00:00.000Z");
        assertThat(t.path("notes").asString()).isEqualTo("Include\nthe discount");
        assertThat(t.path("status").asString()).isEqualTo("needsAction");
        var expected = new HashMap<>(sent);
        expected.remove(TaskSlots.PRIORITY);
        assertThat(made.values().values()).isEqualTo(expected);
        assertThat(made.stampedCrmId()).as("a Google task has no place for a stamp").isNull();
        assertThat(peer.unheldSlots()).containsExactly(TaskSlots.PRIORITY);
    }

    @Test
    void aDueTimeGoogleShowsIsReadAsItsDate() {
        String id = google.agenda().userCreatesTask(user, "{\"title\": \"Call\", \"due\": \"2026-12-08T00:00:00.000Z\"}");

        assertThat(peer().fetch(List.of(id)).get(id).values().get(TaskSlots.DUE)).isEqualTo("2026-12-08");
    }

    @Test
    void completingWritesTheCompletedTimeAndReopeningClearsIt() {
        var peer = peer();
        PeerItem made = peer.create(8, Snapshot.of(Map.of(TaskSlots.SUBJECT, "Call back"))).item();

        PeerItem done = peer.update(made, Snapshot.of(Map.of(TaskSlots.SUBJECT, "Call back", TaskSlots.STATUS, TaskSlots.COMPLETED)), 8);

        assertThat(done.values().get(TaskSlots.STATUS)).isEqualTo(TaskSlots.COMPLETED);
        assertThat(task(made.peerId()).path("completed").asString("")).isNotEmpty();
        PeerItem reopened = peer.update(done, Snapshot.of(Map.of(TaskSlots.SUBJECT, "Call back")), 8);
        assertThat(reopened.values().get(TaskSlots.STATUS)).isNull();
        assertThat(task(made.peerId()).path("status").asString()).isEqualTo("needsAction");
        assertThat(task(made.peerId()).has("completed")).isFalse();
    }

    @Test
    void tasksCompletedAndDeletedInGoogleComeInTheNextChanges() {
        var peer = peer();
        String done = google.agenda().userCreatesTask(user, "{\"title\": \"Done in the app\"}");
        String gone = google.agenda().userCreatesTask(user, "{\"title\": \"Deleted in the app\"}");
        PeerDelta all = peer.fullListing(NONE_KNOWN);
        Map<String, String> versions = new HashMap<>();
        all.changed().forEach(i -> versions.put(i.peerId(), i.version()));

        google.agenda().userCompletesTask(user, done);
        google.agenda().userDeletesTask(user, gone);
        PeerDelta changes = peer.changes(all.nextCursor(), versions::get);

        assertThat(changes.changed()).extracting(PeerItem::peerId).as("hidden, as Google's apps leave it, and still seen").containsExactly(done);
        assertThat(changes.changed().getFirst().values().get(TaskSlots.STATUS)).isEqualTo(TaskSlots.COMPLETED);
        assertThat(changes.removed()).containsExactly(gone);
        assertThat(peer.fullListing(NONE_KNOWN).present()).containsExactly(done);
    }

    @Test
    void changesAskOnlyForTasksUpdatedSinceTheLastSeenChangeLessTheOverlap() {
        var peer = peer(PeopleClient.Options.defaults().withPageSize(2));
        String old = null;
        for (int i = 0; i < 4; i++) old = google.agenda().userCreatesTask(user, "{\"title\": \"Old " + i + "\"}");
        google.advance(GoogleTaskPeer.OVERLAP.multipliedBy(3));
        String recent = google.agenda().userCreatesTask(user, "{\"title\": \"Recent\"}");
        PeerDelta all = peer.fullListing(NONE_KNOWN);
        assertThat(all.present()).hasSize(5);
        assertThat(google.log()).filteredOn(s -> s.kind().equals("tasks.list")).as("pages of two").hasSize(3);

        google.advance(GoogleTaskPeer.OVERLAP.multipliedBy(3));
        google.agenda().userEditsTask(user, old, "{\"notes\": \"later\"}");
        PeerDelta changes = peer.changes(all.nextCursor(), NONE_KNOWN);

        assertThat(changes.changed()).extracting(PeerItem::peerId)
                .as("the task seen last is asked again (the overlap); the others were not updated since")
                .containsExactlyInAnyOrder(recent, old);
        assertThat(changes.nextCursor()).isNotEqualTo(all.nextCursor());
    }

    @Test
    void aTaskEditedInGoogleSinceItWasMergedIsAVersionMismatchAndKeepsTheEdit() {
        var peer = peer();
        PeerItem made = peer.create(9, Snapshot.of(Map.of(TaskSlots.SUBJECT, "Call back"))).item();
        google.agenda().userEditsTask(user, made.peerId(), "{\"notes\": \"from the phone\"}");

        assertThatThrownBy(() -> peer.update(made, Snapshot.of(Map.of(TaskSlots.SUBJECT, "Call back soon")), 9))
                .isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(task(made.peerId()).path("title").asString()).isEqualTo("Call back");
        assertThat(task(made.peerId()).path("notes").asString()).isEqualTo("from the phone");
    }

    @Test
    void throttlingIsWaitedOutAndAMissingScopeAsksForANewSignIn() {
        google.agenda().userCreatesTask(user, "{\"title\": \"One\"}");
        google.throttleNext(user, 1);
        assertThat(peer().fullListing(NONE_KNOWN).present()).hasSize(1);

        accounts.scopes(Set.of(FakeGoogleAccounts.calendarScope()));
        assertThatThrownBy(() -> peer().fullListing(NONE_KNOWN)).isInstanceOf(PeerException.PermissionMissing.class);
    }
}
