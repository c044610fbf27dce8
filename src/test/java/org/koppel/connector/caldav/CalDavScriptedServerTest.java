package org.koppel.connector.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerItem;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavTransport;
import org.koppel.sync.AppointmentSlots;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.ScriptedHttpServer.Reply;
import org.koppel.testkit.ScriptedServerTest;

import tools.jackson.databind.json.JsonMapper;

/**
 * What Radicale never does but other servers may: serve a calendar object that is no iCalendar
 * (Radicale refuses such objects on PUT), one too large, or refuse a time-range query.
 */
class CalDavScriptedServerTest extends ScriptedServerTest {

    private static final String CAL = "/dav/alice/calendar/";

    @Test
    void anObjectThatIsNoICalendarIsReportedRejectedAndTheOthersAreRead() {
        server.enqueue(
                Reply.xml(207, multistatus("<d:response><d:href>" + CAL + "</d:href><d:propstat><d:prop>"
                        + "<cs:getctag>42</cs:getctag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>")),
                Reply.xml(207, multistatus(member(CAL, "\"c\"") + member(CAL + "broken.ics", "\"1\"")
                        + member(CAL + "good.ics", "\"2\""))),
                Reply.xml(207, multistatus(data(CAL + "broken.ics", "\"1\"", "BEGIN:VCARD\nVERSION:3.0\nFN:X\nEND:VCARD\n")
                        + data(CAL + "good.ics", "\"2\"", CalendarObjectsTest.corpus("floating-with-duration.ics")))));
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
        try (var peer = new CalDavEventPeer(new DavCollectionClient(DavCollectionKind.CALENDAR,
                new DavTransport(new DavCredentials("alice", "pw"), Loopback.davSettings()), server.uri(CAL)), false,
                JsonMapper.builder().build(), clock)) {
            PeerDelta listing = peer.fullListing(id -> null);

            assertThat(listing.present()).containsExactlyInAnyOrder(CAL + "broken.ics", CAL + "good.ics");
            assertThat(listing.changed()).extracting(PeerItem::peerId).containsExactly(CAL + "good.ics");
            assertThat(listing.changed().getFirst().values().get(AppointmentSlots.SUBJECT)).isEqualTo("Call back supplier");
            assertThat(listing.rejected()).containsOnlyKeys(CAL + "broken.ics");
            assertThat(listing.rejected().get(CAL + "broken.ics")).contains("calendar object cannot be read");
        }
        // RFC 4791 §7.9: the contents come by calendar-multiget, asking for calendar-data.
        assertThat(server.requests().get(2).body()).contains("calendar-multiget", "calendar-data", CAL + "good.ics");
    }

    @Test
    void anObjectAboveTheSizeLimitIsSkippedWithItsReasonNamedAsACalendarObject() {
        String large = CalendarObjectsTest.corpus("floating-with-duration.ics")
                .replace("SUMMARY:Call back supplier", "SUMMARY:Call back supplier\nDESCRIPTION:" + "x".repeat(4000));
        var client = new DavCollectionClient(DavCollectionKind.CALENDAR, new DavTransport(new DavCredentials("alice", "pw"),
                Loopback.davSettings().withCardLimits(1024, 8192)), server.uri(CAL));
        server.enqueue(Reply.xml(207, multistatus(data(CAL + "large.ics", "\"1\"", large))));
        assertThat(client.multiget(java.util.List.of(CAL + "large.ics")).skipped())
                .containsExactly(java.util.Map.entry(CAL + "large.ics", "calendar object larger than 1 KiB skipped"));
    }

    @Test
    void fetchingAnObjectTooLargeToReadIsItsRejectionNeverItsAbsence() {
        String large = CalendarObjectsTest.corpus("floating-with-duration.ics")
                .replace("SUMMARY:Call back supplier", "SUMMARY:Call back supplier\nDESCRIPTION:" + "x".repeat(4000));
        server.enqueue(Reply.xml(207, multistatus(data(CAL + "large.ics", "\"1\"", large))));
        try (var peer = new CalDavEventPeer(new DavCollectionClient(DavCollectionKind.CALENDAR,
                new DavTransport(new DavCredentials("alice", "pw"), Loopback.davSettings().withCardLimits(1024, 8192)),
                server.uri(CAL)), false, JsonMapper.builder().build(), Clock.systemUTC())) {
            // absent would read as deleted in the peer, and the engine would unlink the appointment
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> peer.fetch(java.util.List.of(CAL + "large.ics")))
                    .isInstanceOf(org.koppel.connector.PeerException.ItemRejected.class)
                    .hasMessageContaining("larger than 1 KiB");
        }
    }

    @Test
    void aServerRefusingTheTimeRangeQueryGetsEveryEventFetchedInstead() {
        server.enqueue(
                Reply.xml(207, multistatus("<d:response><d:href>" + CAL + "</d:href><d:propstat><d:prop>"
                        + "<d:sync-token>t1</d:sync-token></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>")),
                Reply.xml(207, multistatus(member(CAL + "good.ics", "\"2\""))),
                Reply.text(501, "text/plain", "calendar-query not implemented"),
                Reply.xml(207, multistatus(data(CAL + "good.ics", "\"2\"", CalendarObjectsTest.corpus("floating-with-duration.ics")))));
        try (var peer = new CalDavEventPeer(new DavCollectionClient(DavCollectionKind.CALENDAR,
                new DavTransport(new DavCredentials("alice", "pw"), Loopback.davSettings()), server.uri(CAL)), true,
                JsonMapper.builder().build(), Clock.systemUTC())) {
            peer.limitTo(new org.koppel.sync.SyncWindow(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
            PeerDelta listing = peer.fullListing(id -> null);
            assertThat(listing.changed()).extracting(PeerItem::peerId).containsExactly(CAL + "good.ics");
        }
        assertThat(server.requests().get(2).body()).contains("calendar-query", "time-range", "20261201T000000Z");
    }

    private static String multistatus(String responses) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:multistatus xmlns:d=\"DAV:\" "
                + "xmlns:cal=\"urn:ietf:params:xml:ns:caldav\" xmlns:cs=\"http://calendarserver.org/ns/\">"
                + responses + "</d:multistatus>";
    }

    private static String member(String href, String etag) {
        return "<d:response><d:href>" + href + "</d:href><d:propstat><d:prop><d:getetag>" + etag.replace("\"", "&quot;")
                + "</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
    }

    private static String data(String href, String etag, String ics) {
        return "<d:response><d:href>" + href + "</d:href><d:propstat><d:prop><d:getetag>" + etag.replace("\"", "&quot;")
                + "</d:getetag><cal:calendar-data>" + ics.replace("&", "&amp;").replace("<", "&lt;")
                + "</cal:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
    }
}
