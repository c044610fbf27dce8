package org.koppel.connector.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.koppel.sync.AppointmentSlots.ATTENDEES;
import static org.koppel.sync.AppointmentSlots.DESCRIPTION;
import static org.koppel.sync.AppointmentSlots.END;
import static org.koppel.sync.AppointmentSlots.EXCEPTIONS;
import static org.koppel.sync.AppointmentSlots.LOCATION;
import static org.koppel.sync.AppointmentSlots.OCCURRENCE_EDITS;
import static org.koppel.sync.AppointmentSlots.PRIVATE;
import static org.koppel.sync.AppointmentSlots.RECURRENCE;
import static org.koppel.sync.AppointmentSlots.REMINDER;
import static org.koppel.sync.AppointmentSlots.START;
import static org.koppel.sync.AppointmentSlots.SUBJECT;
import static org.koppel.sync.AppointmentSlots.TIME_ZONE;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.google.FakeGoogleAccounts;

import tools.jackson.databind.JsonNode;

/** The Google Calendar peer against the Google fake (testkit/google), which follows Google's published pages. */
class GoogleEventPeerTest extends GoogleFakeTest {

    @Override
    Set<String> scopes() {
        return Set.of(FakeGoogleAccounts.calendarScope());
    }

    GoogleEventPeer peer() {
        return peer(PeopleClient.Options.defaults().withLongestWait(Duration.ofSeconds(5)));
    }

    GoogleEventPeer peer(PeopleClient.Options options) {
        return new GoogleEventPeer(new GoogleItemsClient(google.calendarBaseUrl(), "/calendar/v3", GoogleEventPeer.COLLECTION,
                "Google Calendar", "events", accounts.tokens(1L, user), JSON, options), JSON);
    }

    static Map<String, String> timed() {
        var v = new HashMap<String, String>();
        v.put(SUBJECT, "Intake");
        v.put(START, "2026-12-07T08:00:00Z");
        v.put(END, "2026-12-07T09:30:00Z");
        v.put(TIME_ZONE, "Europe/Amsterdam");
        v.put(LOCATION, "Room 3");
        v.put(DESCRIPTION, "Figures\nPlans");
        v.put(REMINDER, "15");
        v.put(PRIVATE, "true");
        return v;
    }

    JsonNode event(String id) {
        return google.agenda().event(user, id).orElseThrow();
    }

    @Test
    void aTimedAppointmentIsWrittenInItsZoneStampedAndReadsBackAsItWasSent() {
        var peer = peer();
        var sent = timed();

        ItemPeer.Created created = peer.create(41, Snapshot.of(sent));

        assertThat(created.existed()).isFalse();
        assertThat(created.item().peerId()).isEqualTo("koppel41");
        assertThat(created.item().values().values()).isEqualTo(sent);
        assertThat(created.item().stampedCrmId()).isEqualTo(41L);
        JsonNode e = event("koppel41");
        assertThat(e.at("/start/dateTime").asString()).isEqualTo("2026-12-07T09:00:00");
        assertThat(e.at("/start/timeZone").asString()).isEqualTo("Europe/Amsterdam");
        assertThat(e.at("/end/dateTime").asString()).isEqualTo("2026-12-07T10:30:00");
        assertThat(e.path("visibility").asString()).isEqualTo("private");
        assertThat(e.at("/reminders/useDefault").asBoolean()).isFalse();
        assertThat(e.at("/reminders/overrides/0/minutes").asInt()).isEqualTo(15);
        assertThat(e.at("/extendedProperties/private/koppelId").asString()).isEqualTo("41");
        assertThat(e.has("attendees")).as("never invitations").isFalse();
    }

    @Test
    void anAllDayAppointmentIsDatesWithAnExclusiveEndAndItsZoneInAPrivateProperty() {
        var sent = Map.of(SUBJECT, "Fair", START, "2026-12-07", END, "2026-12-10", TIME_ZONE, "Europe/Amsterdam");

        PeerItem made = peer().create(42, Snapshot.of(sent)).item();

        assertThat(made.values().values()).isEqualTo(sent);
        JsonNode e = event(made.peerId());
        assertThat(e.at("/start/date").asString()).isEqualTo("2026-12-07");
        assertThat(e.at("/end/date").asString()).isEqualTo("2026-12-10");
        assertThat(e.at("/extendedProperties/private/koppelTimeZone").asString()).isEqualTo("Europe/Amsterdam");
    }

    @Test
    void anEventMadeInGoogleIsReadWithItsOffsetItsZoneItsAttendeesItsPopupReminderAndItsHtmlDescriptionAsText() {
        String id = google.agenda().userCreatesEvent(user, """
                {"summary": "Tasting", "start": {"dateTime": "2026-12-08T15:00:00-05:00", "timeZone": "America/New_York"},
                 "end": {"dateTime": "2026-12-08T16:00:00-05:00", "timeZone": "America/New_York"},
                 "description": "Bring the <b>samples</b><br>and the price list",
                 "attendees": [{"email": "anna@bakkerij.example", "displayName": "Anna de Vries"},
                               {"email": "room3@resource.calendar.google.com", "resource": true}],
                 "reminders": {"useDefault": false, "overrides": [{"method": "email", "minutes": 1440}, {"method": "popup", "minutes": 10}]}}""");

        PeerDelta all = peer().fullListing(NONE_KNOWN);

        assertThat(all.present()).containsExactly(id);
        Map<String, String> v = all.changed().getFirst().values().values();
        assertThat(v).containsEntry(START, "2026-12-08T20:00:00Z").containsEntry(END, "2026-12-08T21:00:00Z")
                .containsEntry(TIME_ZONE, "America/New_York").containsEntry(REMINDER, "10")
                .containsEntry(DESCRIPTION, "Bring the samples\nand the price list");
        assertThat(v.get(ATTENDEES)).isEqualTo("<" + user + ">\nAnna de Vries <anna@bakkerij.example>");
        assertThat(all.changed().getFirst().stampedCrmId()).isNull();
    }

    @Test
    void aWeeklySeriesWithALeftOutAndAnEditedOccurrenceIsOneEventBothWays() {
        var peer = peer();
        var sent = new HashMap<>(timed());
        sent.remove(PRIVATE);
        sent.put(RECURRENCE, "FREQ=WEEKLY;COUNT=6");
        sent.put(EXCEPTIONS, "2026-12-14T08:00:00Z");
        sent.put(OCCURRENCE_EDITS, OccurrenceEdits.encode(List.of(new OccurrenceEdits.Edit("2026-12-21T08:00:00Z",
                "2026-12-21T10:00:00Z", "2026-12-21T11:30:00Z", "Intake (guest)", "Room 3", "Figures\nPlans"))));

        PeerItem made = peer.create(43, Snapshot.of(sent)).item();

        assertThat(made.values().values()).isEqualTo(sent);
        assertThat(event("koppel43").get("recurrence")).extracting(JsonNode::asString)
                .containsExactly("RRULE:FREQ=WEEKLY;COUNT=6", "EXDATE;TZID=Europe/Amsterdam:20261214T090000");
        assertThat(google.agenda().events(user)).as("the series and its edited occurrence").hasSize(2);
        JsonNode edited = event("koppel43_20261221T080000Z");
        assertThat(edited.at("/start/dateTime").asString()).as("local, in the series' zone").isEqualTo("2026-12-21T11:00:00");
        assertThat(edited.path("recurringEventId").asString()).isEqualTo("koppel43");

        PeerDelta first = peer.fullListing(NONE_KNOWN);
        assertThat(first.present()).containsExactly("koppel43");
        google.agenda().userCancelsOccurrence(user, "koppel43", Instant.parse("2026-12-28T08:00:00Z"));
        PeerDelta after = peer.changes(first.nextCursor(), id -> made.version());

        assertThat(after.changed()).hasSize(1);
        assertThat(after.changed().getFirst().peerId()).isEqualTo("koppel43");
        assertThat(after.changed().getFirst().values().get(EXCEPTIONS)).isEqualTo("2026-12-14T08:00:00Z,2026-12-28T08:00:00Z");
        assertThat(after.changed().getFirst().version()).isNotEqualTo(made.version());
    }

    @Test
    void aFullListingPagesAndASyncTokenGivesOnlyWhatChangedWithDeletedEventsRemoved() {
        var peer = peer(PeopleClient.Options.defaults().withPageSize(2));
        String kept = google.agenda().userCreatesEvent(user, googleEvent("Kept"));
        String edited = google.agenda().userCreatesEvent(user, googleEvent("Edited"));
        String gone = google.agenda().userCreatesEvent(user, googleEvent("Gone"));
        for (int i = 0; i < 3; i++) google.agenda().userCreatesEvent(user, googleEvent("More " + i));

        PeerDelta all = peer.fullListing(NONE_KNOWN);
        assertThat(all.present()).hasSize(6).contains(kept, edited, gone);
        assertThat(google.log()).filteredOn(s -> s.kind().equals("events.list")).hasSize(3);
        Map<String, String> versions = new HashMap<>();
        all.changed().forEach(i -> versions.put(i.peerId(), i.version()));

        google.agenda().userEditsEvent(user, edited, "{\"summary\": \"Edited in Google\"}");
        google.agenda().userDeletesEvent(user, gone);
        PeerDelta changes = peer.changes(all.nextCursor(), versions::get);

        assertThat(changes.complete()).isFalse();
        assertThat(changes.changed()).extracting(PeerItem::peerId).containsExactly(edited);
        assertThat(changes.changed().getFirst().values().get(SUBJECT)).isEqualTo("Edited in Google");
        assertThat(changes.removed()).containsExactly(gone);
        assertThat(peer.changes(changes.nextCursor(), NONE_KNOWN).changed()).as("nothing since").isEmpty();
    }

    @Test
    void anExpiredSyncTokenIsCursorExpiredAndTheFullListingAfterItFindsEverything() {
        var peer = peer();
        String id = google.agenda().userCreatesEvent(user, googleEvent("One"));
        String cursor = peer.fullListing(NONE_KNOWN).nextCursor();
        google.agenda().expireCalendarSyncTokens(user);

        assertThatThrownBy(() -> peer.changes(cursor, NONE_KNOWN)).isInstanceOf(PeerException.CursorExpired.class);
        assertThat(peer.fullListing(NONE_KNOWN).present()).containsExactly(id);
    }

    @Test
    void anUpdateWithAStaleVersionIsAVersionMismatchAndWritesNothing() {
        var peer = peer();
        PeerItem made = peer.create(44, Snapshot.of(timed())).item();
        google.agenda().userEditsEvent(user, made.peerId(), "{\"location\": \"Room 5\"}");
        var wanted = new HashMap<>(timed());
        wanted.put(SUBJECT, "Intake, renamed");

        assertThatThrownBy(() -> peer.update(made, Snapshot.of(wanted), 44)).isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(event(made.peerId()).path("summary").asString()).isEqualTo("Intake");

        PeerItem current = peer.fetch(List.of(made.peerId())).get(made.peerId());
        wanted.put(LOCATION, "Room 5");
        PeerItem written = peer.update(current, Snapshot.of(wanted), 44);
        assertThat(written.values().get(SUBJECT)).isEqualTo("Intake, renamed");
        assertThat(written.values().get(LOCATION)).isEqualTo("Room 5");
    }

    @Test
    void aCreateRepeatedAfterACrashFindsTheFirstEventAndOneTheUserDeletedIsBroughtBack() {
        var peer = peer();
        PeerItem first = peer.create(45, Snapshot.of(timed())).item();

        ItemPeer.Created again = peer.create(45, Snapshot.of(timed()));

        assertThat(again.existed()).isTrue();
        assertThat(again.item().peerId()).isEqualTo(first.peerId());
        assertThat(google.agenda().events(user)).hasSize(1);

        google.agenda().userDeletesEvent(user, first.peerId());
        ItemPeer.Created back = peer.create(45, Snapshot.of(timed()));
        assertThat(back.existed()).isFalse();
        assertThat(event(first.peerId()).path("status").asString()).isEqualTo("confirmed");
        assertThat(peer.fetch(List.of(first.peerId()))).containsKey(first.peerId());
    }

    @Test
    void aDeletedEventIsGoneForFetchAndDeletingItAgainIsFine() {
        var peer = peer();
        PeerItem made = peer.create(46, Snapshot.of(timed())).item();

        assertThatThrownBy(() -> peer.delete(made.peerId(), "\"stale\"")).isInstanceOf(PeerException.VersionMismatch.class);
        peer.delete(made.peerId(), made.version());
        peer.delete(made.peerId(), made.version());

        assertThat(peer.fetch(List.of(made.peerId()))).isEmpty();
    }

    @Test
    void anInvitationOnlyItsOrganiserMayChangeIsRejectedAloneNotTheRun() {
        var peer = peer();
        String id = google.agenda().userCreatesEvent(user, """
                {"summary": "Their meeting", "organizer": {"email": "boss@elsewhere.example"},
                 "start": {"dateTime": "2026-12-09T09:00:00", "timeZone": "Europe/Amsterdam"},
                 "end": {"dateTime": "2026-12-09T10:00:00", "timeZone": "Europe/Amsterdam"}}""");
        PeerItem invitation = peer.fullListing(NONE_KNOWN).changed().getFirst();
        var wanted = new HashMap<>(invitation.values().values());
        wanted.put(SUBJECT, "Renamed by Koppel");

        assertThatThrownBy(() -> peer.update(invitation, Snapshot.of(wanted), 47)).isInstanceOf(PeerException.ItemRejected.class);
        assertThat(event(id).path("summary").asString()).isEqualTo("Their meeting");
    }

    @Test
    void throttlingIsWaitedOutAndBeyondTheLimitsItIsTransient() {
        var peer = peer();
        google.agenda().userCreatesEvent(user, googleEvent("One"));
        google.throttleNext(user, 1);
        assertThat(peer.fullListing(NONE_KNOWN).present()).hasSize(1);

        google.failNext(user, 5, 403, Duration.ofSeconds(60));
        assertThatThrownBy(() -> peer.fullListing(NONE_KNOWN)).isInstanceOf(PeerException.Transient.class)
                .satisfies(e -> assertThat(((PeerException.Transient) e).retryAfter()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void aSignInWithoutTheCalendarScopeIsAskedToSignInAgain() {
        accounts.scopes(Set.of(FakeGoogleAccounts.contactsScope()));

        assertThatThrownBy(() -> peer().fullListing(NONE_KNOWN)).isInstanceOf(PeerException.PermissionMissing.class)
                .hasMessageContaining("sign in to Google again");
    }

    static String googleEvent(String summary) {
        return """
                {"summary": "%s", "start": {"dateTime": "2026-12-09T09:00:00", "timeZone": "Europe/Amsterdam"},
                 "end": {"dateTime": "2026-12-09T10:00:00", "timeZone": "Europe/Amsterdam"}}""".formatted(summary);
    }
}
