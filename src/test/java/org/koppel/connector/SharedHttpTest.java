package org.koppel.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavTransport;
import org.koppel.connector.graph.GraphClient;
import org.koppel.connector.source.SourceClient;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.Radicale;

import tools.jackson.databind.json.JsonMapper;

/**
 * Each connector's peers share one HTTP client: 10,000 connections must not mean 10,000 selector
 * threads, and closing one peer must not cut off the others.
 */
class SharedHttpTest {

    private static final AccessTokens TOKENS = new AccessTokens() {
        @Override
        public String current() {
            return "token";
        }

        @Override
        public String renew(String rejected) {
            return "token";
        }
    };

    @Test
    void twoHundredOpenPeersOfEachConnectorAddNoThreads() {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        var open = new ArrayList<AutoCloseable>();
        for (int i = 0; i < 200; i++) {
            open.add(new DavTransport(new DavCredentials("user" + i, "secret" + i), Loopback.davSettings()));
            GraphClient graph = new GraphClient(URI.create("https://graph.example/v1.0"), TOKENS, "mailbox" + i);
            open.add(graph::close);
            open.add(new SourceClient(URI.create("https://source.example/api/v1"), "office" + i, "key" + i, Loopback.POLICY,
                    JsonMapper.builder().build(), Clock.systemUTC()));
        }
        int whileOpen = ManagementFactory.getThreadMXBean().getThreadCount();
        open.forEach(SharedHttpTest::close);

        assertThat(whileOpen - before).as("600 peers open at once (one client each would be a selector thread each)")
                .isLessThan(20);
    }

    @Test
    void closingOnePeerLeavesTheSharedClientWorkingForTheOthers() {
        Radicale radicale = Radicale.shared();
        URI book = radicale.createAddressBook(Radicale.ALICE, "book-" + UUID.randomUUID(), "Contacts");
        var credentials = new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE));
        DavCollectionClient first = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book, credentials, Loopback.davSettings());
        DavCollectionClient second = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book, credentials, Loopback.davSettings());
        first.create(first.hrefForUid("shared-1"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:shared-1\r\nFN:Een\r\nN:Een;;;;\r\nEND:VCARD\r\n");

        first.close();

        assertThat(second.listEtags()).hasSize(1);
        second.close();
    }

    @Test
    void aConnectorsClientIsOneInstanceAndConnectorsDoNotShareTheirs() {
        var timeout = java.time.Duration.ofSeconds(7);
        assertThat(SharedHttp.client("dav", null, timeout)).isSameAs(SharedHttp.client("dav", null, timeout))
                .isNotSameAs(SharedHttp.client("graph", null, timeout));
        assertThat(SharedHttp.client("dav", null, timeout).followRedirects()).isEqualTo(java.net.http.HttpClient.Redirect.NEVER);
        assertThat(SharedHttp.client("dav", null, timeout).authenticator()).isEmpty();
        assertThat(SharedHttp.client("dav", null, timeout).cookieHandler()).isEmpty();
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
