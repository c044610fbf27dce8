package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavConfigurationException;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavCursor;
import org.koppel.connector.dav.DavDiscovery;
import org.koppel.connector.dav.DavItemRejectedException;
import org.koppel.connector.dav.DavProtocolException;
import org.koppel.connector.dav.DavSettings;
import org.koppel.connector.dav.DavTransientException;
import org.koppel.connector.dav.DavTransport;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.connector.dav.MultigetResult;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.runtime.Connection;
import org.koppel.security.OutboundPolicy;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.ScriptedHttpServer;
import org.koppel.testkit.ScriptedHttpServer.Reply;

import tools.jackson.databind.json.JsonMapper;

/**
 * A CardDAV server that attacks: huge bodies and cards, bodies that trickle, hrefs and redirects
 * to other hosts, error pages meant to be echoed. Each case guards one defence of issue 10.
 */
class CardDavHostileServerTest extends ScriptedCardDavTest {

    private static final String XML = "application/xml; charset=utf-8";
    private static final String CARDDAV = "xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\"";
    private static final long FIFTY_MB = 50L * 1000 * 1000;

    private final JsonMapper json = JsonMapper.builder().build();
    static String card(String uid) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:Card " + uid + "\r\nN:" + uid + ";Card;;;\r\nEND:VCARD\r\n";
    }

    static String cardResponse(String uid) {
        return "<d:response><d:href>" + BOOK + uid + ".vcf</d:href><d:propstat><d:prop><d:getetag>\"e-" + uid
                + "\"</d:getetag><c:address-data>" + card(uid) + "</c:address-data></d:prop>"
                + "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
    }

    private static String multistatus(String responses) {
        return "<?xml version=\"1.0\"?><d:multistatus " + CARDDAV + ">" + responses + "</d:multistatus>";
    }

    /** A multiget answer: card a, then card b with a PHOTO of {@code photoBytes}, then card c; made while sent. */
    static Reply withHugePhoto(long photoBytes) {
        String head = "<?xml version=\"1.0\"?><d:multistatus " + CARDDAV + ">" + cardResponse("a")
                + "<d:response><d:href>" + BOOK + "b.vcf</d:href><d:propstat><d:prop><d:getetag>\"e-b\"</d:getetag>"
                + "<c:address-data>BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b\r\nFN:Bert\r\nPHOTO;ENCODING=b;TYPE=JPEG:";
        String tail = "\r\nEND:VCARD\r\n</c:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
                + "</d:response>" + cardResponse("c") + "</d:multistatus>";
        return Reply.generated(207, XML, head, (byte) 'Q', photoBytes, tail);
    }

    // ---- memory -----------------------------------------------------------------------------

    @Test
    void aCardWithAFiftyMegabytePhotoIsSkippedWithItsReasonAndTheOtherCardsAreRead() {
        server.enqueue(Reply.xml(207, multistatus("<d:response><d:href>" + BOOK + "a.vcf</d:href><d:propstat><d:prop>"
                        + "<d:getetag>\"e-a\"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                        + "<d:response><d:href>" + BOOK + "b.vcf</d:href><d:propstat><d:prop><d:getetag>\"e-b\"</d:getetag>"
                        + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                        + "<d:response><d:href>" + BOOK + "c.vcf</d:href><d:propstat><d:prop><d:getetag>\"e-c\"</d:getetag>"
                        + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                        + "<d:sync-token>tok-2</d:sync-token>")),
                withHugePhoto(FIFTY_MB));
        var peer = new CardDavContactPeer(client(Loopback.davSettings()), true, json);
        String cursor = json.writeValueAsString(new DavCursor(DavCursor.CURRENT, "tok-1", null));

        PeerDelta delta = peer.changes(cursor, href -> null);

        assertThat(delta.changed()).extracting(i -> i.peerId()).containsExactlyInAnyOrder(BOOK + "a.vcf", BOOK + "c.vcf");
        assertThat(delta.rejected()).containsExactly(Map.entry(BOOK + "b.vcf", "card larger than 1 MiB skipped"));
    }

    @Test
    void aMultistatusIsReadAsAStreamSoAHugeUnknownPropertyIsNeverHeld() {
        // 60 MB inside a property Koppel never reads: streamed past, the listing still arrives.
        String head = multistatus("<d:response><d:href>" + BOOK + "a.vcf</d:href><d:propstat><d:prop>"
                + "<d:getetag>\"e-a\"</d:getetag><x:junk xmlns:x=\"urn:x\">").replace("</d:multistatus>", "");
        String tail = "</x:junk></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";
        server.enqueue(Reply.generated(207, XML, head, (byte) 'J', 60L * 1000 * 1000, tail));

        List<MemberEtag> members = client(Loopback.davSettings()).listEtags();

        assertThat(members).extracting(MemberEtag::href).containsExactly(BOOK + "a.vcf");
    }

    @Test
    void aSixtyMegabyteHrefIsRefusedAfterItsFirstKilobytesNotHeld() {
        String head = multistatus("<d:response><d:href>" + BOOK).replace("</d:multistatus>", "");
        server.enqueue(Reply.generated(207, XML, head, (byte) 'h', 60L * 1000 * 1000, "</d:href></d:response></d:multistatus>"));

        assertThatThrownBy(() -> client(Loopback.davSettings()).listEtags()).isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("a value longer than 16384 characters");
    }

    @Test
    void cardsBeyondWhatOneAnswerMayHoldAreAskedForAgainNotLost() {
        // Every answer holds every card asked for; the client keeps two per answer (2 KiB budget).
        Pattern href = Pattern.compile("<d:href>" + Pattern.quote(BOOK) + "([^<]+)\\.vcf</d:href>");
        server.otherwise(request -> {
            StringBuilder responses = new StringBuilder();
            Matcher m = href.matcher(request.body());
            while (m.find()) {
                responses.append(cardResponse(m.group(1)).replace("FN:Card ", "FN:" + "x".repeat(700) + " "));
            }
            return Reply.xml(207, multistatus(responses.toString()));
        });
        DavCollectionClient client = client(Loopback.davSettings().withCardLimits(1024, 2048));

        MultigetResult result = client.multiget(List.of("a.vcf", "b.vcf", "c.vcf", "d.vcf", "e.vcf"));

        assertThat(result.found()).containsOnlyKeys("a.vcf", "b.vcf", "c.vcf", "d.vcf", "e.vcf");
        assertThat(result.missing()).isEmpty();
        assertThat(server.requests()).as("2 + 2 + 1 cards").hasSize(3);
    }

    @Test
    void aCardFetchedAloneThatIsLargerThanTheLimitIsRejectedForThatCardOnly() {
        server.enqueue(new Reply(200, Map.of("Content-Type", "text/vcard", "ETag", "\"big\""),
                ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:big\r\nPHOTO:" + "Q".repeat(2 * 1024 * 1024) + "\r\nEND:VCARD\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), true, 0));

        assertThatThrownBy(() -> client(Loopback.davSettings()).get("big.vcf"))
                .isInstanceOf(DavItemRejectedException.class).hasMessage("card larger than 1 MiB skipped");
    }

    // ---- time -------------------------------------------------------------------------------

    @Test
    @Timeout(30) // without the deadline the whole body arrives after some 10 s and nothing fails
    void aBodyThatTricklesPastItsDeadlineEndsTheRequestAsTransient() {
        server.enqueue(Reply.xml(207, multistatus(cardResponse("a"))).trickled(20));
        DavSettings settings = Loopback.davSettings().withBodyTimeouts(Duration.ofSeconds(5), Duration.ofMillis(600));

        assertThatThrownBy(() -> client(settings).listEtags()).isInstanceOf(DavTransientException.class)
                .hasMessageContaining("timed out: the response body took longer than 600 ms in total");
    }

    @Test
    @Timeout(30) // without the idle timeout this body takes half an hour
    void aBodyThatStallsEndsTheRequestOnTheIdleTimeout() {
        server.enqueue(Reply.xml(207, multistatus(cardResponse("a"))).trickled(5_000));
        DavSettings settings = Loopback.davSettings().withBodyTimeouts(Duration.ofMillis(300), Duration.ofMinutes(5));

        assertThatThrownBy(() -> client(settings).listEtags()).isInstanceOf(DavTransientException.class)
                .hasMessageContaining("timed out: the response body stalled: nothing received for 300 ms");
    }

    // ---- where requests go ------------------------------------------------------------------

    @Test
    void byDefaultLoopbackIsRefusedBeforeAnythingIsSent() {
        DavTransport transport = new DavTransport(new DavCredentials("alice", PASSWORD), DavSettings.defaults());
        DavCollectionClient client = new DavCollectionClient(DavCollectionKind.ADDRESS_BOOK, transport, server.uri(BOOK));

        assertThatThrownBy(client::listEtags).isInstanceOf(DavConfigurationException.class)
                .hasMessageContaining("address 127.0.0.1 is in a network Koppel may not reach (loopback)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aConnectionWhoseHostIsNotReachableStopsWithAConfigurationErrorAtRunTime() {
        var peers = new CardDavPeers(json, OutboundPolicy.defaults());
        var connection = new Connection(1, "carddav", "Phone", 1, Connection.Status.ACTIVE, null,
                Map.of("url", server.uri(BOOK).toString(), "username", "alice", "addressBook", server.uri(BOOK).toString(),
                        "syncCollection", "false"), false, 1, Instant.EPOCH, Instant.EPOCH);
        var peer = peers.open(connection, PASSWORD, org.koppel.sync.DataType.CONTACTS);

        assertThatThrownBy(() -> peer.fullListing(href -> null)).isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("(loopback); an administrator can allow it with KOPPEL_OUTBOUND_ALLOW");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void discoveryDoesNotFollowAPrincipalOnAnotherOrigin() {
        try (ScriptedHttpServer other = ScriptedHttpServer.start()) {
            // "localhost" and "127.0.0.1" are different origins, though both reach this machine.
            String foreign = "http://localhost:" + other.uri("/").getPort() + "/principals/alice/";
            server.otherwise(r -> Reply.xml(207, multistatus("<d:response><d:href>" + r.path() + "</d:href><d:propstat>"
                    + "<d:prop><d:current-user-principal><d:href>" + foreign + "</d:href></d:current-user-principal>"
                    + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>")));
            var discovery = new DavDiscovery(new DavTransport(new DavCredentials("alice", PASSWORD), Loopback.davSettings()), DavCollectionKind.ADDRESS_BOOK);

            assertThatThrownBy(() -> discovery.discover(server.uri("/dav/").toString()))
                    .isInstanceOf(DavConfigurationException.class)
                    .hasMessageContaining("principal on another origin (http://localhost:" + other.uri("/").getPort()
                            + ") not followed");
            assertThat(other.requests()).as("no request, no credentials to the other host").isEmpty();
        }
    }

    @Test
    void discoveryFollowsARedirectToAnotherOriginOnlyFromTheWellKnownPathAndOnlyOverHttps() {
        try (ScriptedHttpServer other = ScriptedHttpServer.start()) {
            String foreign = "http://localhost:" + other.uri("/").getPort() + "/dav/";
            server.otherwise(r -> Reply.of(301).header("Location", foreign));
            var discovery = new DavDiscovery(new DavTransport(new DavCredentials("alice", PASSWORD), Loopback.davSettings()), DavCollectionKind.ADDRESS_BOOK);

            assertThatThrownBy(() -> discovery.discover(server.uri("/dav/").toString()))
                    .isInstanceOf(DavConfigurationException.class);
            assertThat(other.requests()).isEmpty();
            assertThat(server.requests()).extracting(ScriptedHttpServer.Request::path)
                    .containsExactly("/dav/", "/.well-known/carddav", "/");
        }
    }

    @Test
    void onlyHttpsSiblingHostsOfOneDomainCountAsTheSameService() {
        assertThat(DavDiscovery.isSibling(URI.create("https://contacts.icloud.com/"),
                URI.create("https://p57-contacts.icloud.com:443/123/carddav/"))).isTrue();
        assertThat(DavDiscovery.isSibling(URI.create("http://contacts.icloud.com/"),
                URI.create("http://p57-contacts.icloud.com/"))).isFalse();
        assertThat(DavDiscovery.isSibling(URI.create("https://dav.evil.example/"),
                URI.create("https://metadata.google.internal/"))).isFalse();
        assertThat(DavDiscovery.isSibling(URI.create("https://example.com/"), URI.create("https://a.example.com/")))
                .as("a domain of one label below the top level has no siblings").isFalse();
        assertThat(DavDiscovery.isSibling(URI.create("https://10.0.0.1/"), URI.create("https://10.0.0.2/"))).isFalse();
    }

    // ---- what error messages show -----------------------------------------------------------

    @Test
    void errorMessagesCarryTheStatusAndTheDavErrorNameButNeverTheBody() {
        String page = "<html><body>db-password=hunter2 internal admin page</body></html>";
        server.enqueue(Reply.text(400, "text/html", page), Reply.text(418, "text/html", page),
                Reply.xml(403, "<d:error " + CARDDAV + "><c:valid-address-data/><d:x>hunter2</d:x></d:error>"));
        DavCollectionClient client = client(Loopback.davSettings());

        assertThatThrownBy(() -> client.create(BOOK + "a.vcf", card("a"))).isInstanceOf(DavItemRejectedException.class)
                .hasMessageEndingWith("answered 400").message().doesNotContain("hunter2");
        assertThatThrownBy(client::listEtags).isInstanceOf(DavProtocolException.class)
                .hasMessageEndingWith("answered 418").message().doesNotContain("hunter2");
        assertThatThrownBy(() -> client.create(BOOK + "a.vcf", card("a"))).isInstanceOf(DavItemRejectedException.class)
                .hasMessageContaining("CARDDAV:valid-address-data").message().doesNotContain("hunter2");
    }
}
