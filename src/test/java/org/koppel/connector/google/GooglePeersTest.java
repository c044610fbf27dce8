package org.koppel.connector.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.runtime.Connection;
import org.koppel.sync.DataType;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;

import tools.jackson.databind.json.JsonMapper;

class GooglePeersTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static Connection connection() {
        return new Connection(7, GooglePeers.TYPE, "Google", 1, Connection.Status.ACTIVE, null, Map.of(), false, 1,
                Instant.now(), Instant.now());
    }

    @Test
    void contactsAreOpenedWithTheSignInsTokensAndOtherTypesAreRefusedPlainly() {
        try (FakeGoogle google = FakeGoogle.start()) {
            var peers = new GooglePeers(() -> new FakeGoogleAccounts(google), JSON, PeopleClient.Options.defaults());

            // appointments and tasks: GooglePeersAgendaTest
            assertThat(peers.dataTypes(connection())).contains(DataType.CONTACTS).doesNotContain(DataType.EMAIL);
            try (var peer = peers.open(connection(), "someone@example.com", DataType.CONTACTS)) {
                assertThat(peer.fullListing(id -> null).complete()).isTrue();
            }
            assertThatThrownBy(() -> peers.open(connection(), "someone@example.com", DataType.EMAIL))
                    .isInstanceOf(PeerException.Configuration.class).hasMessageContaining("do not sync");
        }
    }

    @Test
    void withoutGoogleSignInAGoogleConnectionIsRefusedNotTheWholeKoppel() {
        var peers = new GooglePeers(() -> null, JSON, PeopleClient.Options.defaults());

        assertThatThrownBy(() -> peers.open(connection(), "x", DataType.CONTACTS))
                .isInstanceOf(PeerException.Configuration.class).hasMessageContaining("Google sign-in is not available");
    }
}
