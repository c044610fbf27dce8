package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.koppel.connector.carddav.Cards.vcard;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavAuthException;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavConfigurationException;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavProtocolException;
import org.koppel.connector.dav.DavSettings;
import org.koppel.connector.dav.DavTransientException;
import org.koppel.connector.dav.DavTransport;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.connector.dav.MultigetResult;
import org.koppel.connector.dav.SyncResult;
import org.koppel.connector.dav.SyncTokenExpiredException;
import org.koppel.testkit.ScriptedHttpServer;
import org.koppel.testkit.ScriptedHttpServer.Reply;
import org.koppel.testkit.Loopback;

/** What Radicale won't do on demand: truncated syncs, throttling, hostile and oversized bodies. */
class CardDavClientFaultsTest extends ScriptedCardDavTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private DavCollectionClient client() {
        return client(Loopback.davSettings().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static String multistatus(String syncToken, String... responses) {
        return "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\">" + String.join("", responses)
                + (syncToken == null ? "" : "<d:sync-token>" + syncToken + "</d:sync-token>") + "</d:multistatus>";
    }

    private static String changed(String name, String etag) {
        return "<d:response><d:href>" + BOOK + name + "</d:href><d:propstat><d:prop><d:getetag>" + etag
                + "</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
    }

    private static String status(String href, int status) {
        return "<d:response><d:href>" + href + "</d:href><d:status>HTTP/1.1 " + status + " X</d:status></d:response>";
    }

    @Test
    void aTruncatedSyncIsFollowedUpUntilComplete() {
        // RFC 6578 §3.6: 507 on the request-URI means "more to come, ask again with this token".
        server.enqueue(
                Reply.xml(207, multistatus("t1", changed("a.vcf", "\"1\""), changed("b.vcf", "\"1\""),
                        status(BOOK, 507))),
                Reply.xml(207, multistatus("t2", status(BOOK + "b.vcf", 404), changed("c.vcf", "\"1\""),
                        status(BOOK, 507))),
                Reply.xml(207, multistatus("t3", changed("a.vcf", "\"2\""))));
        DavCollectionClient client = client();

        SyncResult result = client.syncCollection("t0");

        assertThat(result.changed()).containsExactly(
                new MemberEtag(BOOK + "a.vcf", Optional.of("\"2\"")), new MemberEtag(BOOK + "c.vcf", Optional.of("\"1\"")));
        assertThat(result.removed()).containsExactly(BOOK + "b.vcf");
        assertThat(result.syncToken()).isEqualTo("t3");
        assertThat(client.requestCount()).isEqualTo(3);
        assertThat(server.requests()).extracting(r -> r.body().replaceAll("(?s).*<d:sync-token>([^<]*)<.*", "$1"))
                .containsExactly("t0", "t1", "t2");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("REPORT");
            assertThat(r.header("Depth")).isEqualTo("0");
        });
    }

    @Test
    void aServerThatStaysTruncatedWithTheSameTokenIsAProtocolError() {
        server.otherwise(r -> Reply.xml(207, multistatus("same", status(BOOK, 507))));

        assertThatThrownBy(() -> client().syncCollection("same")).isInstanceOf(DavProtocolException.class);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aRejectedTokenOn409IsExpiredToo() {
        server.enqueue(Reply.xml(409, "<?xml version=\"1.0\"?><d:error xmlns:d=\"DAV:\"><d:valid-sync-token/></d:error>"));

        assertThatThrownBy(() -> client().syncCollection("old"))
                .isInstanceOfSatisfying(SyncTokenExpiredException.class, e -> assertThat(e.status()).hasValue(409));
    }

    @Test
    void aPlain403IsAnAuthErrorNotAnExpiredToken() {
        server.enqueue(Reply.text(403, "text/plain", "Forbidden"));

        assertThatThrownBy(() -> client().syncCollection("old")).isInstanceOf(DavAuthException.class);
    }

    @Test
    void throttlingCarriesRetryAfterInSeconds() {
        server.enqueue(Reply.text(429, "text/plain", "slow down").header("Retry-After", "120"));

        assertThatThrownBy(() -> client().listEtags())
                .isInstanceOfSatisfying(DavTransientException.class, e -> {
                    assertThat(e.status()).hasValue(429);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                });
    }

    @Test
    void unavailabilityCarriesRetryAfterAsAnHttpDate() {
        server.enqueue(Reply.text(503, "text/plain", "maintenance").header("Retry-After", "Mon, 02 Mar 2026 10:01:30 GMT"));

        assertThatThrownBy(() -> client().multiget(List.of(BOOK + "a.vcf")))
                .isInstanceOfSatisfying(DavTransientException.class, e -> {
                    assertThat(e.status()).hasValue(503);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
                });
    }

    @Test
    void aServerErrorWithoutRetryAfterIsTransientWithoutADelay() {
        server.enqueue(Reply.of(502));

        assertThatThrownBy(() -> client().ctag())
                .isInstanceOfSatisfying(DavTransientException.class, e -> assertThat(e.retryAfter()).isEmpty());
    }

    @Test
    void aTimeoutIsTransient() {
        server.enqueue(Reply.xml(207, multistatus(null)).delayed(3_000));
        DavSettings settings = Loopback.davSettings().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));

        assertThatThrownBy(() -> client(settings).listEtags()).isInstanceOf(DavTransientException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DavCollectionClient client = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, URI.create("http://127.0.0.1:" + closedPort + BOOK),
                new DavCredentials("alice", PASSWORD), Loopback.davSettings())) {
            assertThatThrownBy(client::listEtags).isInstanceOf(DavTransientException.class);
        }
    }

    @Test
    void aConnectionDroppedBeforeAnyResponseIsResentOnceAndCountedOnce() {
        server.enqueue(Reply.hangUp(), Reply.of(204).header("ETag", "\"2\""));
        DavTransport transport = new DavTransport(new DavCredentials("alice", PASSWORD), Loopback.davSettings());
        DavCollectionClient client = new DavCollectionClient(DavCollectionKind.ADDRESS_BOOK, transport, server.uri(BOOK));

        assertThat(client.update(BOOK + "a.vcf", "\"1\"", vcard("a", "A"))).isEqualTo("\"2\"");
        assertThat(transport.requestCount()).isEqualTo(1);
        assertThat(transport.resendCount()).isEqualTo(1);
        assertThat(server.requests()).extracting(r -> r.header("If-Match")).containsExactly("\"1\"", "\"1\"");
    }

    @Test
    void aConnectionDroppedTwiceIsTransient() {
        server.enqueue(Reply.hangUp(), Reply.hangUp());

        assertThatThrownBy(() -> client().listEtags()).isInstanceOf(DavTransientException.class)
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
    }

    @Test
    void aPutAnsweredWithoutEtagAsksForIt() {
        // RFC 6352 §6.3.2.3: no ETag when the server stored the card altered.
        server.enqueue(Reply.of(201),
                Reply.xml(207, multistatus(null, changed("new.vcf", "\"stored\""))));
        DavCollectionClient client = client();

        String etag = client.create(BOOK + "new.vcf", vcard("new", "New"));

        assertThat(etag).isEqualTo("\"stored\"");
        assertThat(server.requests()).extracting(ScriptedHttpServer.Request::method).containsExactly("PUT", "PROPFIND");
        ScriptedHttpServer.Request put = server.requests().get(0);
        assertThat(put.header("If-None-Match")).isEqualTo("*");
        assertThat(put.header("Content-Type")).startsWith("text/vcard");
        assertThat(put.header("Authorization")).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes()));
    }

    @Test
    void updateAndDeleteSendTheEtagAsIfMatchQuotedEvenWhenStoredBare() {
        server.enqueue(Reply.of(204).header("ETag", "\"2\""), Reply.of(204));
        DavCollectionClient client = client();

        client.update(BOOK + "a.vcf", "1", vcard("a", "A"));
        client.delete(BOOK + "a.vcf", "\"2\"");

        assertThat(server.requests()).extracting(r -> r.header("If-Match")).containsExactly("\"1\"", "\"2\"");
    }

    @Test
    void writesOutsideTheAddressBookAreRefusedBeforeSending() {
        DavCollectionClient client = client();

        assertThatThrownBy(() -> client.create("/dav/alice/other/x.vcf", vcard("x", "X")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.delete("http://elsewhere.example/dav/alice/contacts/x.vcf", "\"1\""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anXxePayloadIsRefused() {
        server.enqueue(Reply.xml(207, """
                <?xml version="1.0"?>
                <!DOCTYPE multistatus [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <d:multistatus xmlns:d="DAV:"><d:response><d:href>/dav/alice/contacts/a.vcf</d:href>
                <d:propstat><d:prop><d:getetag>&xxe;</d:getetag></d:prop>
                <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"""));

        assertThatThrownBy(() -> client().listEtags()).isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }

    @Test
    void anOversizedBodyIsRefusedByItsDeclaredLength() {
        server.enqueue(Reply.xml(207, multistatus(null, changed("a.vcf", "\"" + "x".repeat(5_000) + "\""))));
        DavSettings settings = Loopback.davSettings().withMaxResponseBytes(4_096);

        assertThatThrownBy(() -> client(settings).listEtags()).isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("exceeds the limit of 4096 bytes");
    }

    @Test
    void anOversizedChunkedBodyIsRefusedWhileReading() {
        server.enqueue(Reply.xml(207, multistatus(null, changed("a.vcf", "\"" + "x".repeat(50_000) + "\"")))
                .withoutLength());
        DavSettings settings = Loopback.davSettings().withMaxResponseBytes(4_096);

        assertThatThrownBy(() -> client(settings).listEtags()).isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("more than 4096 bytes");
    }

    @Test
    void plainHttpToARemoteHostIsRefusedWithoutSendingTheCredentials() {
        DavTransport transport = new DavTransport(new DavCredentials("alice", PASSWORD), Loopback.davSettings());
        DavCollectionClient client = new DavCollectionClient(DavCollectionKind.ADDRESS_BOOK, transport, URI.create("http://dav.example.invalid" + BOOK));

        assertThatThrownBy(client::listEtags).isInstanceOf(DavConfigurationException.class)
                .hasMessageContaining("plain http");
        assertThat(transport.requestCount()).isZero();
    }

    @Test
    void plainHttpToANameStartingWith127IsRefusedWithoutSendingTheCredentials() {
        // Loopback allowed (a server on the same machine): only the loopback address itself may get plain http.
        DavTransport transport = new DavTransport(new DavCredentials("alice", PASSWORD), Loopback.davSettings());
        DavCollectionClient client = new DavCollectionClient(DavCollectionKind.ADDRESS_BOOK, transport, URI.create("http://127.0.0.1.attacker.invalid" + BOOK));

        assertThat(transport.plainHttpAllowed("127.0.0.1.attacker.invalid")).isFalse();
        assertThat(transport.plainHttpAllowed("127.0.0.1")).isTrue();
        assertThatThrownBy(client::listEtags).isInstanceOf(DavConfigurationException.class)
                .hasMessageContaining("plain http");
        assertThat(transport.requestCount()).isZero();
    }

    @Test
    void multigetReportsHrefsTheServerLeftOutAsMissing() {
        server.enqueue(Reply.xml(207, multistatus(null, """
                <d:response><d:href>/dav/alice/contacts/a.vcf</d:href><d:propstat><d:prop>
                <d:getetag>"1"</d:getetag><c:address-data xmlns:c="urn:ietf:params:xml:ns:carddav">BEGIN:VCARD
                UID:a
                END:VCARD
                </c:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>""")));

        MultigetResult result = client().multiget(List.of("a.vcf", BOOK + "b.vcf"));

        assertThat(result.found()).containsOnlyKeys("a.vcf");
        assertThat(result.found().get("a.vcf").data()).contains("UID:a");
        assertThat(result.missing()).containsExactly(BOOK + "b.vcf");
    }

    @Test
    void credentialsNeverAppearInToString() {
        assertThat(new DavCredentials("alice", PASSWORD).toString()).doesNotContain(PASSWORD);
    }
}
