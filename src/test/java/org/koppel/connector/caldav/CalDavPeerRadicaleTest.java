package org.koppel.connector.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.sync.AppointmentSlots;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncWindow;
import org.koppel.sync.TaskSlots;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.Radicale;

import tools.jackson.databind.json.JsonMapper;

/** The CalDAV event and task peers against a real Radicale: preconditions, idempotence, change detection. */
class CalDavPeerRadicaleTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, String> MEETING = Map.of(
            AppointmentSlots.SUBJECT, "Intake Bakker BV",
            AppointmentSlots.START, "2026-12-10T09:00:00Z",
            AppointmentSlots.END, "2026-12-10T10:00:00Z",
            AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
            AppointmentSlots.REMINDER, "15");

    private final JsonMapper json = JsonMapper.builder().build();
    private Radicale radicale;
    private URI calendar;
    private URI taskList;

    @BeforeEach
    void setUp() {
        radicale = Radicale.shared();
        calendar = radicale.createCalendar(Radicale.ALICE, "cal-" + UUID.randomUUID(), "Work", "VEVENT");
        taskList = radicale.createCalendar(Radicale.ALICE, "tasks-" + UUID.randomUUID(), "Tasks", "VTODO");
    }

    private DavCollectionClient client(URI collection) {
        return DavCollectionClient.open(DavCollectionKind.CALENDAR, collection,
                new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE)), Loopback.davSettings());
    }

    private CalDavEventPeer events(boolean syncCollection) {
        return new CalDavEventPeer(client(calendar), syncCollection, json, CLOCK);
    }

    private CalDavTaskPeer tasks() {
        return new CalDavTaskPeer(client(taskList), true, json, CLOCK);
    }

    @Test
    void aCreatedEventIsListedWithItsSlotsAndStampedCrmIdAtAnAddressDerivedFromIt() {
        try (var peer = events(true)) {
            var created = peer.create(42, Snapshot.of(MEETING));
            assertThat(created.existed()).isFalse();
            assertThat(created.item().peerId()).endsWith("/koppel-appointment-42.ics");

            PeerDelta listing = peer.fullListing(id -> null);
            assertThat(listing.present()).containsExactly(created.item().peerId());
            assertThat(listing.changed()).singleElement().satisfies(item -> {
                assertThat(item.values().values()).isEqualTo(MEETING);
                assertThat(item.stampedCrmId()).isEqualTo(42);
                assertThat(item.raw()).contains("UID:koppel-appointment-42", "X-KOPPEL-ID:42");
            });
        }
    }

    @Test
    void aCreateRepeatedAfterACrashFindsTheFirstEventInsteadOfMakingASecond() {
        try (var peer = events(true)) {
            var first = peer.create(7, Snapshot.of(MEETING));
            var again = peer.create(7, Snapshot.of(Map.of(AppointmentSlots.SUBJECT, "Other",
                    AppointmentSlots.START, "2026-12-11", AppointmentSlots.END, "2026-12-12")));
            assertThat(again.existed()).isTrue();
            assertThat(again.item().peerId()).isEqualTo(first.item().peerId());
            assertThat(again.item().values().get(AppointmentSlots.SUBJECT)).isEqualTo("Intake Bakker BV");
            assertThat(peer.fullListing(id -> null).present()).hasSize(1);
        }
    }

    @Test
    void anUpdateOfAnEventChangedMeanwhileIsAVersionMismatchAndLeavesTheOtherChange() {
        try (var peer = events(true)) {
            var created = peer.create(8, Snapshot.of(MEETING));
            var theirs = new HashMap<>(MEETING);
            theirs.put(AppointmentSlots.LOCATION, "Their room");
            peer.update(created.item(), Snapshot.of(theirs), 8);

            var mine = new HashMap<>(MEETING);
            mine.put(AppointmentSlots.SUBJECT, "Mine");
            assertThatThrownBy(() -> peer.update(created.item(), Snapshot.of(mine), 8))
                    .isInstanceOf(PeerException.VersionMismatch.class);
            PeerItem now = peer.fetch(List.of(created.item().peerId())).get(created.item().peerId());
            assertThat(now.values().get(AppointmentSlots.LOCATION)).isEqualTo("Their room");
            assertThat(now.values().get(AppointmentSlots.SUBJECT)).isEqualTo("Intake Bakker BV");
        }
    }

    @Test
    void anUnknownSyncTokenIsAnExpiredCursor() {
        try (var peer = events(true)) {
            String bogus = "{\"version\":1,\"syncToken\":\"http://radicale.org/ns/sync/"
                    + "0000000000000000000000000000000000000000000000000000000000000000\",\"ctag\":null}";
            assertThatThrownBy(() -> peer.changes(bogus, id -> null)).isInstanceOf(PeerException.CursorExpired.class);
        }
    }

    @Test
    void syncCollectionReportsAnEventAddedElsewhereAndADeletion() {
        try (var peer = events(true)) {
            var mine = peer.create(9, Snapshot.of(MEETING));
            PeerDelta first = peer.fullListing(id -> null);
            radicale.putCalendarObject(Radicale.ALICE, calendar.resolve("google.ics"),
                    CalendarObjectsTest.corpus("google-all-day-multi-day.ics"));

            PeerDelta added = peer.changes(first.nextCursor(), id -> mine.item().version());
            assertThat(added.complete()).isFalse();
            assertThat(added.changed()).singleElement().satisfies(item -> {
                assertThat(item.peerId()).endsWith("/google.ics");
                assertThat(item.values().get(AppointmentSlots.START)).isEqualTo("2026-12-14");
                assertThat(item.stampedCrmId()).isNull();
            });

            peer.delete(mine.item().peerId(), mine.item().version());
            PeerDelta removed = peer.changes(added.nextCursor(), id -> null);
            assertThat(removed.removed()).containsExactly(mine.item().peerId());
            peer.delete(mine.item().peerId(), mine.item().version()); // already gone: fine
        }
    }

    @Test
    void aDeleteOfAnEventChangedMeanwhileIsAVersionMismatchAndTheEventStays() {
        try (var peer = events(false)) {
            var created = peer.create(10, Snapshot.of(MEETING));
            var changed = new HashMap<>(MEETING);
            changed.put(AppointmentSlots.SUBJECT, "Changed");
            peer.update(created.item(), Snapshot.of(changed), 10);
            assertThatThrownBy(() -> peer.delete(created.item().peerId(), created.item().version()))
                    .isInstanceOf(PeerException.VersionMismatch.class);
            assertThat(peer.fullListing(id -> null).present()).containsExactly(created.item().peerId());
        }
    }

    @Test
    void aSeriesWithAnOverrideAndALeftOutOccurrenceKeepsBothThroughAKoppelSubjectChange() {
        radicale.putCalendarObject(Radicale.ALICE, calendar.resolve("apple.ics"),
                CalendarObjectsTest.corpus("apple-icloud-weekly-with-override.ics"));
        try (var peer = events(true)) {
            PeerItem series = peer.fullListing(id -> null).changed().getFirst();
            var wanted = new HashMap<>(series.values().values());
            wanted.put(AppointmentSlots.SUBJECT, "Weekly sales and planning");
            PeerItem written = peer.update(series, Snapshot.of(wanted), 31);

            PeerItem stored = peer.fetch(List.of(series.peerId())).get(series.peerId());
            assertThat(stored.version()).isEqualTo(written.version());
            assertThat(stored.values().values()).isEqualTo(wanted);
            assertThat(stored.values().get(AppointmentSlots.EXCEPTIONS)).isEqualTo("2026-12-28T08:00:00Z");
            assertThat(stored.values().get(AppointmentSlots.OCCURRENCE_EDITS))
                    .isEqualTo(series.values().get(AppointmentSlots.OCCURRENCE_EDITS)).contains("(moved)");
            assertThat(stored.raw()).contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC", "RECURRENCE-ID");
            assertThat(stored.stampedCrmId()).isEqualTo(31);
        }
    }

    @Test
    void aWindowedFullListingNamesEveryEventButFetchesOnlyThoseInTheWindow() {
        try (var peer = events(true)) {
            var now = peer.create(11, Snapshot.of(MEETING));
            var old = peer.create(12, Snapshot.of(Map.of(AppointmentSlots.SUBJECT, "Old one",
                    AppointmentSlots.START, "2019-03-01T09:00:00Z", AppointmentSlots.END, "2019-03-01T10:00:00Z")));
            var weekly = peer.create(13, Snapshot.of(Map.of(AppointmentSlots.SUBJECT, "Since 2019",
                    AppointmentSlots.START, "2019-01-07T09:00:00Z", AppointmentSlots.END, "2019-01-07T10:00:00Z",
                    AppointmentSlots.RECURRENCE, "FREQ=WEEKLY")));

            peer.limitTo(new SyncWindow(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
            PeerDelta listing = peer.fullListing(id -> null);
            assertThat(listing.present()).containsExactlyInAnyOrder(now.item().peerId(), old.item().peerId(),
                    weekly.item().peerId());
            assertThat(listing.changed()).extracting(PeerItem::peerId)
                    .containsExactlyInAnyOrder(now.item().peerId(), weekly.item().peerId());
        }
    }

    @Test
    void anEventPeerPassesOverTasksInACalendarHoldingBoth() {
        URI both = radicale.createCalendar(Radicale.ALICE, "both-" + UUID.randomUUID(), "Both", "VEVENT", "VTODO");
        radicale.putCalendarObject(Radicale.ALICE, both.resolve("todo.ics"), CalendarObjectsTest.corpus("nextcloud-tasks-todo.ics"));
        try (var peer = new CalDavEventPeer(client(both), true, json, CLOCK);
             var taskPeer = new CalDavTaskPeer(client(both), true, json, CLOCK)) {
            var event = peer.create(14, Snapshot.of(MEETING));
            PeerDelta listing = peer.fullListing(id -> null);
            assertThat(listing.changed()).extracting(PeerItem::peerId).containsExactly(event.item().peerId());
            assertThat(listing.rejected()).isEmpty();
            assertThat(taskPeer.fullListing(id -> null).changed()).singleElement()
                    .satisfies(t -> assertThat(t.values().get(TaskSlots.SUBJECT)).isEqualTo("Renew maintenance contract"));
        }
    }

    @Test
    void aTaskIsCreatedCompletedReopenedAndDeleted() {
        try (var peer = tasks()) {
            var slots = new HashMap<>(Map.of(TaskSlots.SUBJECT, "Send the quote", TaskSlots.DUE, "2026-12-05",
                    TaskSlots.PRIORITY, TaskSlots.HIGH, TaskSlots.NOTES, "Price list 2027"));
            var created = peer.create(5, Snapshot.of(slots));
            assertThat(created.item().peerId()).endsWith("/koppel-task-5.ics");

            slots.put(TaskSlots.STATUS, TaskSlots.COMPLETED);
            PeerItem done = peer.update(created.item(), Snapshot.of(slots), 5);
            PeerItem stored = peer.fetch(List.of(done.peerId())).get(done.peerId());
            assertThat(stored.values().values()).isEqualTo(slots);
            assertThat(stored.raw()).contains("STATUS:COMPLETED", "COMPLETED:20261203T080000Z", "PRIORITY:1");

            slots.remove(TaskSlots.STATUS);
            PeerItem reopened = peer.update(stored, Snapshot.of(slots), 5);
            assertThat(reopened.raw()).contains("STATUS:NEEDS-ACTION").doesNotContain("COMPLETED:");

            peer.delete(reopened.peerId(), reopened.version());
            assertThat(peer.fullListing(id -> null).present()).isEmpty();
        }
    }
}
