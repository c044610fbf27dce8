package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Loopback;

import tools.jackson.databind.json.JsonMapper;

/** The CardDAV contact peer on its own, against Radicale: both ways of finding changes, preconditions. */
class CardDavContactPeerTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private Radicale radicale;
    private URI book;

    @BeforeEach
    void setUp() {
        radicale = Radicale.shared();
        book = radicale.createAddressBook(Radicale.ALICE, "peer-" + UUID.randomUUID(), "Peer test");
    }

    private CardDavContactPeer peer(boolean syncCollection) {
        return new CardDavContactPeer(DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book, new DavCredentials(Radicale.ALICE,
                radicale.password(Radicale.ALICE)), Loopback.davSettings()), syncCollection, json);
    }

    @Test
    void withoutSyncCollectionAnUnchangedCtagCostsOneRequestAndAChangedOneAListing() {
        var peer = peer(false);
        var created = peer.create(7, Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Ctag", ContactSlots.GIVEN_NAME, "Carla")));
        PeerDelta first = peer.fullListing(id -> null);
        assertThat(first.present()).containsExactly(created.item().peerId());

        long before = peer.requests();
        PeerDelta nothing = peer.changes(first.nextCursor(), id -> created.item().version());
        assertThat(nothing.changed()).isEmpty();
        assertThat(peer.requests() - before).isEqualTo(1);

        peer.update(created.item(), Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Ctag", ContactSlots.GIVEN_NAME, "Karla")), 7);
        PeerDelta changed = peer.changes(nothing.nextCursor(), id -> created.item().version());
        assertThat(changed.complete()).isTrue();
        assertThat(changed.changed()).singleElement().satisfies(i -> {
            assertThat(i.values().get(ContactSlots.GIVEN_NAME)).isEqualTo("Karla");
            assertThat(i.stampedCrmId()).isEqualTo(7);
        });
    }

    @Test
    void aSecondCreateForTheSameRecordFindsTheFirstAndAStaleUpdateIsRefused() {
        var peer = peer(true);
        var values = Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Twice"));
        var first = peer.create(8, values);
        var again = peer.create(8, values);
        assertThat(again.existed()).isTrue();
        assertThat(again.item().peerId()).isEqualTo(first.item().peerId());

        peer.update(first.item(), Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Once")), 8);
        try {
            peer.update(first.item(), Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Blind")), 8);
            throw new AssertionError("a stale update must be refused");
        } catch (PeerException.VersionMismatch expected) {
            assertThat(peer.fetch(java.util.List.of(first.item().peerId())).get(first.item().peerId()).values()
                    .get(ContactSlots.FAMILY_NAME)).isEqualTo("Once");
        }
    }

    @Test
    void anUnknownSyncTokenIsAnExpiredCursor() {
        var peer = peer(true);
        String bogus = "{\"version\":1,\"syncToken\":\"http://radicale.org/ns/sync/0000\",\"ctag\":null}";
        try {
            peer.changes(bogus, id -> null);
            throw new AssertionError("expected an expired cursor");
        } catch (PeerException.CursorExpired expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
