package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.AppointmentSlots;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncWindow;
import org.koppel.testkit.graph.FakeCalendar;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Microsoft 365 appointment peer over real HTTP against the Graph fake's calendar. */
class GraphEventPeerTest {

    private static final String BOX = "anne@bakkerij.example";
    private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
    private static final SyncWindow DECEMBER = new SyncWindow(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeGraph graph;
    private FakeCalendar outlook;
    private GraphClient client;

    @BeforeEach
    void start() {
        graph = FakeGraph.start(FakeGraphSettings.published().withMaxPageSize(200));
        outlook = graph.calendar();
        client = client(GraphClient.Options.defaults());
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private GraphClient client(GraphClient.Options options) {
        return new GraphClient(graph.baseUrl(), TestTokens.fixed(graph.issueToken(BOX)), MailboxGate.unshared(4), json,
                new GraphClient.Options(options.longestWait(), options.attempts(), options.pageSize(), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private GraphEventPeer peer() {
        return peer(client);
    }

    private GraphEventPeer peer(GraphClient client) {
        var peer = new GraphEventPeer(client, json);
        peer.limitTo(DECEMBER);
        return peer;
    }

    private static Function<String, String> knowing(Map<String, String> versions) {
        return versions::get;
    }

    private static Map<String, String> slots(String... pairs) {
        var map = new HashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
        return map;
    }

    private static Map<String, String> withoutAttendees(Snapshot s) {
        var map = new HashMap<>(s.values());
        map.remove(AppointmentSlots.ATTENDEES);
        return map;
    }

    /** An Outlook meeting as the "Create event" example shapes it: HTML body, a Windows zone, an attendee. */
    private static final String OUTLOOK_MEETING = """
            {"subject": "Klantbezoek Bakkerij de Vries",
             "body": {"contentType": "html", "content": "<html>\\r\\n<head>\\r\\n<meta http-equiv=\\"Content-Type\\" content=\\"text/html; charset=utf-8\\">\\r\\n</head>\\r\\n<body>\\r\\n<div>Offerte bespreken</div><div>Parkeren achter de winkel &amp; aanbellen</div>\\r\\n</body>\\r\\n</html>\\r\\n"},
             "start": {"dateTime": "2026-12-08T09:30:00", "timeZone": "W. Europe Standard Time"},
             "end": {"dateTime": "2026-12-08T10:45:00", "timeZone": "W. Europe Standard Time"},
             "location": {"displayName": "Dorpsstraat 12, Zeist"},
             "sensitivity": "private", "isReminderOn": true, "reminderMinutesBeforeStart": 30,
             "attendees": [{"emailAddress": {"address": "jan@devries.example", "name": "Jan de Vries"}, "type": "required"}]}
            """;

    /** Weekly on Tuesday 10:00 Amsterdam time, six times from 1 December 2026, as Outlook creates it. */
    private static final String OUTLOOK_WEEKLY = """
            {"subject": "Weekoverleg verkoop",
             "body": {"contentType": "html", "content": "<p>Agenda: pijplijn en offertes</p>"},
             "start": {"dateTime": "2026-12-01T10:00:00", "timeZone": "W. Europe Standard Time"},
             "end": {"dateTime": "2026-12-01T10:30:00", "timeZone": "W. Europe Standard Time"},
             "recurrence": {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["tuesday"], "firstDayOfWeek": "sunday"},
                            "range": {"type": "numbered", "startDate": "2026-12-01", "numberOfOccurrences": 6,
                                      "recurrenceTimeZone": "W. Europe Standard Time"}}}
            """;

    // ---- mapping ------------------------------------------------------------------------------

    @Test
    void anOutlookMeetingReadsAsUtcInstantsItsIanaZoneTextAndAttendees() {
        String id = outlook.outlookCreate(BOX, OUTLOOK_MEETING);

        PeerDelta listing = peer().fullListing(x -> null);

        assertThat(listing.present()).containsExactly(id);
        PeerItem item = listing.changed().getFirst();
        assertThat(item.values().values()).containsExactlyInAnyOrderEntriesOf(slots(
                AppointmentSlots.SUBJECT, "Klantbezoek Bakkerij de Vries",
                AppointmentSlots.START, "2026-12-08T08:30:00Z",
                AppointmentSlots.END, "2026-12-08T09:45:00Z",
                AppointmentSlots.TIME_ZONE, "Europe/Berlin",
                AppointmentSlots.LOCATION, "Dorpsstraat 12, Zeist",
                AppointmentSlots.DESCRIPTION, "Offerte bespreken\nParkeren achter de winkel & aanbellen",
                AppointmentSlots.REMINDER, "30",
                AppointmentSlots.PRIVATE, "true",
                AppointmentSlots.ATTENDEES, "<" + BOX + ">\nJan de Vries <jan@devries.example>"));
        assertThat(item.stampedCrmId()).isNull();
    }

    @Test
    void koppelAppointmentsComeBackAsTheyWereWritten() {
        var peer = peer();
        var timed = slots(AppointmentSlots.SUBJECT, "Offerte nalopen", AppointmentSlots.START, "2026-12-10T13:00:00Z",
                AppointmentSlots.END, "2026-12-10T14:30:00Z", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.DESCRIPTION, "Regel 1\n\nRegel 3 <met> & tekens", AppointmentSlots.REMINDER, "15",
                AppointmentSlots.LOCATION, "Kantoor");
        var allDayPrivate = slots(AppointmentSlots.SUBJECT, "Kerstvakantie", AppointmentSlots.START, "2026-12-24",
                AppointmentSlots.END, "2026-12-28", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam", AppointmentSlots.PRIVATE, "true");
        var elsewhere = slots(AppointmentSlots.SUBJECT, "Call New York", AppointmentSlots.START, "2026-12-11T15:00:00Z",
                AppointmentSlots.END, "2026-12-11T15:30:00Z", AppointmentSlots.TIME_ZONE, "America/New_York");

        PeerItem a = peer.create(1, Snapshot.of(timed)).item();
        PeerItem b = peer.create(2, Snapshot.of(allDayPrivate)).item();
        PeerItem c = peer.create(3, Snapshot.of(elsewhere)).item();

        Map<String, PeerItem> read = peer().fetch(List.of(a.peerId(), b.peerId(), c.peerId()));
        assertThat(read.get(a.peerId()).values().values()).isEqualTo(timed);
        assertThat(read.get(b.peerId()).values().values()).isEqualTo(allDayPrivate);
        assertThat(read.get(c.peerId()).values().values()).isEqualTo(elsewhere);
        assertThat(read.get(b.peerId()).stampedCrmId()).isEqualTo(2L);
        // as Outlook holds them: local time in the Windows zone, all-day at midnight, no reminder when none
        JsonNode stored = outlook.event(BOX, a.peerId()).orElseThrow();
        JsonNode allDay = outlook.event(BOX, b.peerId()).orElseThrow();
        assertThat(stored.path("originalStartTimeZone").asString()).isEqualTo("W. Europe Standard Time");
        assertThat(allDay.path("isAllDay").asBoolean()).isTrue();
        assertThat(allDay.path("isReminderOn").asBoolean()).isFalse();
        assertThat(allDay.path("sensitivity").asString()).isEqualTo("private");
        assertThat(outlook.event(BOX, c.peerId()).orElseThrow().path("originalStartTimeZone").asString()).isEqualTo("Eastern Standard Time");
        // what create returned is what a read gives, so the engine's known version is current
        assertThat(a.version()).isEqualTo(read.get(a.peerId()).version());
        assertThat(a.values()).isEqualTo(read.get(a.peerId()).values());
    }

    @Test
    void anUpdateWritesOnlyChangedSlotsAndNeverAttendees() {
        String id = outlook.outlookCreate(BOX, OUTLOOK_MEETING);
        var peer = peer();
        PeerItem current = peer.fullListing(x -> null).changed().getFirst();
        long invitations = outlook.invitationsSent(BOX);
        var wanted = new HashMap<>(current.values().values());
        wanted.put(AppointmentSlots.LOCATION, "Kerkstraat 1, Zeist");
        wanted.put(AppointmentSlots.ATTENDEES, "Piet <piet@example.org>");

        PeerItem updated = peer.update(current, Snapshot.of(wanted), 77);

        JsonNode stored = outlook.event(BOX, id).orElseThrow();
        assertThat(stored.path("location").path("displayName").asString()).isEqualTo("Kerkstraat 1, Zeist");
        // the body Outlook formatted is left as it was: the description did not change
        assertThat(stored.path("body").path("content").asString()).contains("<div>Offerte bespreken</div>");
        assertThat(stored.path("attendees")).hasSize(1);
        assertThat(outlook.invitationsSent(BOX)).isEqualTo(invitations);
        assertThat(updated.stampedCrmId()).isEqualTo(77L);
        assertThat(updated.version()).isNotEqualTo(current.version());
    }

    // ---- series -------------------------------------------------------------------------------

    @Test
    void aWeeklySeriesWithAnEditedAndACancelledOccurrenceIsOneItemAndRoundTrips() {
        String master = outlook.outlookCreate(BOX, OUTLOOK_WEEKLY);
        outlook.outlookEditOccurrence(BOX, master, Instant.parse("2026-12-08T09:00:00Z"), """
                {"subject": "Weekoverleg verkoop (verschoven)",
                 "start": {"dateTime": "2026-12-08T14:00:00", "timeZone": "W. Europe Standard Time"},
                 "end": {"dateTime": "2026-12-08T14:30:00", "timeZone": "W. Europe Standard Time"}}""");
        outlook.outlookCancelOccurrence(BOX, master, Instant.parse("2026-12-15T09:00:00Z"));

        PeerDelta listing = peer().fullListing(x -> null);

        assertThat(listing.present()).containsExactly(master);
        assertThat(listing.changed()).hasSize(1);
        Snapshot series = listing.changed().getFirst().values();
        assertThat(series.get(AppointmentSlots.RECURRENCE)).isEqualTo("FREQ=WEEKLY;COUNT=6");
        assertThat(series.get(AppointmentSlots.START)).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(series.get(AppointmentSlots.EXCEPTIONS)).isEqualTo("2026-12-15T09:00:00Z");
        assertThat(OccurrenceEdits.decode(series.get(AppointmentSlots.OCCURRENCE_EDITS))).containsExactly(new OccurrenceEdits.Edit(
                "2026-12-08T09:00:00Z", "2026-12-08T13:00:00Z", "2026-12-08T13:30:00Z", "Weekoverleg verkoop (verschoven)", null,
                "Agenda: pijplijn en offertes"));

        // written to Outlook as a new series, it reads back the same: one master, its exception, its left-out occurrence
        var peer = peer();
        PeerItem copy = peer.create(9, Snapshot.of(withoutAttendees(series))).item();
        PeerItem reread = peer().fetch(List.of(copy.peerId())).get(copy.peerId());
        assertThat(withoutAttendees(reread.values())).isEqualTo(withoutAttendees(series));
        assertThat(copy.version()).isEqualTo(reread.version());
        assertThat(outlook.events(BOX)).hasSize(2);
    }

    @Test
    void occurrencesInTheDeltaStandForTheirSeriesAndACancellationAloneIsNoticed() {
        String master = outlook.outlookCreate(BOX, OUTLOOK_WEEKLY);
        var peer = peer();
        PeerDelta first = peer.fullListing(x -> null);
        var known = new HashMap<String, String>();
        first.changed().forEach(i -> known.put(i.peerId(), i.version()));

        outlook.outlookEditOccurrence(BOX, master, Instant.parse("2026-12-22T09:00:00Z"), "{\"subject\": \"Kerstborrel\"}");
        PeerDelta edited = peer().changes(first.nextCursor(), knowing(known));
        assertThat(edited.changed()).extracting(PeerItem::peerId).containsExactly(master);
        assertThat(edited.removed()).isEmpty();
        edited.changed().forEach(i -> known.put(i.peerId(), i.version()));

        // deleting one occurrence shows in the view only as an @removed occurrence id
        outlook.outlookCancelOccurrence(BOX, master, Instant.parse("2026-12-29T09:00:00Z"));
        PeerDelta cancelled = peer().changes(edited.nextCursor(), knowing(known));
        assertThat(cancelled.changed()).extracting(PeerItem::peerId).containsExactly(master);
        assertThat(cancelled.changed().getFirst().values().get(AppointmentSlots.EXCEPTIONS)).isEqualTo("2026-12-29T09:00:00Z");
        cancelled.changed().forEach(i -> known.put(i.peerId(), i.version()));

        // nothing changed: nothing read, nothing reported
        PeerDelta quiet = peer().changes(cancelled.nextCursor(), knowing(known));
        assertThat(quiet.changed()).isEmpty();
        assertThat(quiet.removed()).isEmpty();

        // the whole series deleted: its id is reported removed
        outlook.outlookDelete(BOX, master);
        PeerDelta gone = peer().changes(quiet.nextCursor(), knowing(known));
        assertThat(gone.changed()).isEmpty();
        assertThat(gone.removed()).contains(master);
    }

    @Test
    void koppelExceptionsAndEditsAreWrittenToTheSeriesOccurrences() {
        var peer = peer();
        var weekly = slots(AppointmentSlots.SUBJECT, "Standup", AppointmentSlots.START, "2026-12-02T08:00:00Z",
                AppointmentSlots.END, "2026-12-02T08:15:00Z", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.RECURRENCE, "FREQ=WEEKLY;UNTIL=20261230T080000Z");
        PeerItem created = peer.create(5, Snapshot.of(weekly)).item();
        assertThat(created.values().get(AppointmentSlots.EXCEPTIONS)).isNull();

        var changed = new HashMap<>(weekly);
        changed.put(AppointmentSlots.EXCEPTIONS, "2026-12-23T08:00:00Z");
        changed.put(AppointmentSlots.OCCURRENCE_EDITS, OccurrenceEdits.encode(List.of(new OccurrenceEdits.Edit("2026-12-16T08:00:00Z",
                "2026-12-16T09:00:00Z", "2026-12-16T09:15:00Z", "Standup (later)", "Zaal 2", null))));
        PeerItem updated = peer.update(created, Snapshot.of(changed), 5);

        assertThat(updated.values().values()).isEqualTo(changed);
        assertThat(outlook.events(BOX)).hasSize(1);
    }

    @Test
    void aSeriesMovedToAnotherTimeKeepsItsExceptionsAndEdits() {
        var peer = peer();
        var weekly = slots(AppointmentSlots.SUBJECT, "Standup", AppointmentSlots.START, "2026-12-02T08:00:00Z",
                AppointmentSlots.END, "2026-12-02T08:15:00Z", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.RECURRENCE, "FREQ=WEEKLY;COUNT=4", AppointmentSlots.EXCEPTIONS, "2026-12-09T08:00:00Z",
                AppointmentSlots.OCCURRENCE_EDITS, OccurrenceEdits.encode(List.of(new OccurrenceEdits.Edit("2026-12-16T08:00:00Z",
                        "2026-12-16T08:00:00Z", "2026-12-16T08:30:00Z", "Standup (lang)", null, null))));
        PeerItem created = peer.create(6, Snapshot.of(weekly)).item();
        assertThat(created.values().values()).isEqualTo(weekly);

        // an hour later from now on: the left-out and edited occurrences move along
        var later = slots(AppointmentSlots.SUBJECT, "Standup", AppointmentSlots.START, "2026-12-02T09:00:00Z",
                AppointmentSlots.END, "2026-12-02T09:15:00Z", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.RECURRENCE, "FREQ=WEEKLY;COUNT=4", AppointmentSlots.EXCEPTIONS, "2026-12-09T09:00:00Z",
                AppointmentSlots.OCCURRENCE_EDITS, OccurrenceEdits.encode(List.of(new OccurrenceEdits.Edit("2026-12-16T09:00:00Z",
                        "2026-12-16T09:00:00Z", "2026-12-16T09:30:00Z", "Standup (lang)", null, null))));
        PeerItem moved = peer.update(created, Snapshot.of(later), 6);
        assertThat(moved.values().values()).isEqualTo(later);

        // longer from now on: Outlook drops the exceptions of a series whose times change, the same ones are written again
        var longer = new HashMap<>(later);
        longer.put(AppointmentSlots.END, "2026-12-02T09:30:00Z");
        PeerItem lengthened = peer.update(moved, Snapshot.of(longer), 6);
        assertThat(lengthened.values().values()).isEqualTo(longer);
    }

    @Test
    void anAllDaySeriesWithALeftOutDayRoundTrips() {
        var peer = peer();
        var daily = slots(AppointmentSlots.SUBJECT, "Jubileum Bakkerij de Vries", AppointmentSlots.START, "2026-12-18",
                AppointmentSlots.END, "2026-12-19", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.RECURRENCE, "FREQ=DAILY;COUNT=5", AppointmentSlots.EXCEPTIONS, "2026-12-20", AppointmentSlots.REMINDER, "0");
        PeerItem created = peer.create(12, Snapshot.of(daily)).item();

        assertThat(peer().fetch(List.of(created.peerId())).get(created.peerId()).values().values()).isEqualTo(daily);
    }

    @Test
    void anOutlookSeriesNoRruleCanSayIsReportedRejectedWithItsReason() {
        String id = outlook.outlookCreate(BOX, """
                {"subject": "Weekenddienst", "start": {"dateTime": "2026-12-05T10:00:00", "timeZone": "W. Europe Standard Time"},
                 "end": {"dateTime": "2026-12-05T12:00:00", "timeZone": "W. Europe Standard Time"},
                 "recurrence": {"pattern": {"type": "relativeMonthly", "interval": 1, "daysOfWeek": ["saturday", "sunday"], "index": "first"},
                                "range": {"type": "noEnd", "startDate": "2026-12-05"}}}""");

        PeerDelta listing = peer().fullListing(x -> null);

        assertThat(listing.changed()).isEmpty();
        assertThat(listing.present()).containsExactly(id);
        assertThat(listing.rejected()).containsOnlyKeys(id);
        assertThat(listing.rejected().get(id)).contains("several weekdays");
    }

    // ---- delta --------------------------------------------------------------------------------

    @Test
    void aFullListingPagesThroughTheViewAndChangesReportEditsAndRemovals() {
        var peer = peer(client(GraphClient.Options.defaults().withPageSize(2)));
        var ids = new java.util.ArrayList<String>();
        for (int day = 2; day <= 6; day++) {
            ids.add(outlook.outlookCreate(BOX, """
                    {"subject": "Afspraak %d", "start": {"dateTime": "2026-12-%02dT09:00:00", "timeZone": "UTC"},
                     "end": {"dateTime": "2026-12-%02dT10:00:00", "timeZone": "UTC"}}""".formatted(day, day, day)));
        }
        outlook.outlookCreate(BOX, """
                {"subject": "Buiten het venster", "start": {"dateTime": "2027-02-02T09:00:00", "timeZone": "UTC"},
                 "end": {"dateTime": "2027-02-02T10:00:00", "timeZone": "UTC"}}""");

        PeerDelta all = peer.fullListing(x -> null);
        assertThat(all.present()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(graph.served("event.delta")).isEqualTo(3);
        var known = new HashMap<String, String>();
        all.changed().forEach(i -> known.put(i.peerId(), i.version()));

        // the engine knows them all: a second listing reads none
        PeerDelta again = peer(client(GraphClient.Options.defaults().withPageSize(2))).fullListing(knowing(known));
        assertThat(again.changed()).isEmpty();
        assertThat(again.present()).hasSize(5);

        outlook.outlookEdit(BOX, ids.get(1), "{\"subject\": \"Verzet\"}");
        outlook.outlookDelete(BOX, ids.get(3));
        PeerDelta delta = peer.changes(all.nextCursor(), knowing(known));
        assertThat(delta.complete()).isFalse();
        assertThat(delta.changed()).extracting(PeerItem::peerId).containsExactly(ids.get(1));
        assertThat(delta.removed()).containsExactly(ids.get(3));
    }

    @Test
    void anExpiredDeltaTokenOrAnotherWindowIsCursorExpiredAndAFullListingFollows() {
        outlook.outlookCreate(BOX, OUTLOOK_MEETING);
        var peer = peer();
        String cursor = peer.fullListing(x -> null).nextCursor();

        var january = new GraphEventPeer(client, json);
        january.limitTo(new SyncWindow(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-02-01T00:00:00Z")));
        assertThatThrownBy(() -> january.changes(cursor, x -> null)).isInstanceOf(PeerException.CursorExpired.class);

        outlook.expireDeltaTokens(BOX);
        assertThatThrownBy(() -> peer().changes(cursor, x -> null)).isInstanceOf(PeerException.CursorExpired.class)
                .hasMessageContaining("410");
        PeerDelta relisted = peer().fullListing(x -> null);
        assertThat(relisted.complete()).isTrue();
        assertThat(relisted.present()).hasSize(1);
    }

    @Test
    void aCursorTooLongToStoreMakesTheNextRunListEverything() {
        // each series in the window goes into the cursor; the column holds 8,000 characters
        for (int i = 0; i < 220; i++) outlook.outlookCreate(BOX, OUTLOOK_WEEKLY.replace("Weekoverleg verkoop", "Serie " + i));
        var peer = peer();

        PeerDelta all = peer.fullListing(x -> null);

        assertThat(all.present()).hasSize(220);
        assertThat(all.nextCursor().length()).isLessThanOrEqualTo(GraphEventPeer.MAX_CURSOR);
        var known = new HashMap<String, String>();
        all.changed().forEach(i -> known.put(i.peerId(), i.version()));
        PeerDelta next = peer().changes(all.nextCursor(), knowing(known));
        assertThat(next.complete()).isTrue();
        assertThat(next.present()).hasSize(220);
        assertThat(next.changed()).isEmpty();
    }

    // ---- writes -------------------------------------------------------------------------------

    @Test
    void aStaleVersionIsVersionMismatchForUpdateAndDelete() {
        var peer = peer();
        var values = slots(AppointmentSlots.SUBJECT, "Demo", AppointmentSlots.START, "2026-12-09T10:00:00Z",
                AppointmentSlots.END, "2026-12-09T11:00:00Z", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam");
        PeerItem created = peer.create(8, Snapshot.of(values)).item();
        outlook.outlookEdit(BOX, created.peerId(), "{\"subject\": \"Demo (door Anne in Outlook)\"}");

        var mine = new HashMap<>(values);
        mine.put(AppointmentSlots.SUBJECT, "Demo voor de directie");
        assertThatThrownBy(() -> peer.update(created, Snapshot.of(mine), 8)).isInstanceOf(PeerException.VersionMismatch.class);
        assertThatThrownBy(() -> peer.delete(created.peerId(), created.version())).isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(outlook.event(BOX, created.peerId()).orElseThrow().path("subject").asString()).isEqualTo("Demo (door Anne in Outlook)");
    }

    @Test
    void aRepeatedCreateFindsTheStampedEventInsteadOfMakingASecond() {
        var values = slots(AppointmentSlots.SUBJECT, "Intake", AppointmentSlots.START, "2026-12-14T09:00:00Z",
                AppointmentSlots.END, "2026-12-14T10:00:00Z");
        var first = peer().create(42, Snapshot.of(values));
        // the run crashed before the link was stored: the next run creates again
        var again = peer().create(42, Snapshot.of(values));

        assertThat(first.existed()).isFalse();
        assertThat(again.existed()).isTrue();
        assertThat(again.item().peerId()).isEqualTo(first.item().peerId());
        assertThat(outlook.events(BOX)).hasSize(1);
    }

    @Test
    void aRuleOutlookCannotHoldIsRejectedWithTheReasonBeforeAnythingIsSent() {
        var values = slots(AppointmentSlots.SUBJECT, "Maandafsluiting", AppointmentSlots.START, "2026-12-31T15:00:00Z",
                AppointmentSlots.END, "2026-12-31T16:00:00Z", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.RECURRENCE, "FREQ=MONTHLY;BYMONTHDAY=-1");
        long before = graph.httpRequests();

        assertThatThrownBy(() -> peer().create(11, Snapshot.of(values))).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessageContaining("BYMONTHDAY=-1").hasMessageContaining("one day of the month");
        assertThat(graph.httpRequests()).isEqualTo(before);
    }

    // ---- throttling ---------------------------------------------------------------------------

    @Test
    void throttlingIsWaitedOutWithinTheRunAndBeyondItEndsTheRunWithRetryAfter() {
        outlook.outlookCreate(BOX, OUTLOOK_MEETING);
        graph.failNext(BOX, 1, 429, Duration.ofSeconds(1));
        assertThat(peer().fullListing(x -> null).present()).hasSize(1);
        assertThat(graph.refusals(BOX)).isEqualTo(1);

        var impatient = peer(client(GraphClient.Options.defaults().withLongestWait(Duration.ZERO)));
        graph.failNext(BOX, 1, 429, Duration.ofSeconds(7));
        assertThatThrownBy(() -> impatient.fullListing(x -> null)).isInstanceOfSatisfying(PeerException.Transient.class,
                t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }
}
