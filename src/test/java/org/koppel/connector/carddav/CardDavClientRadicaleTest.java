package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.koppel.connector.carddav.Cards.vcard;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavAuthException;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavConfigurationException;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavException;
import org.koppel.connector.dav.DavItemRejectedException;
import org.koppel.connector.dav.DavResource;
import org.koppel.connector.dav.DavSettings;
import org.koppel.connector.dav.DavTransport;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.connector.dav.MultigetResult;
import org.koppel.connector.dav.PreconditionFailedException;
import org.koppel.connector.dav.SyncResult;
import org.koppel.connector.dav.SyncTokenExpiredException;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Loopback;

/** The client against a real Radicale 3.1: each test gets an address book of its own. */
class CardDavClientRadicaleTest {

    private static Radicale radicale;

    private URI book;
    private DavCollectionClient client;

    @BeforeAll
    static void server() {
        radicale = Radicale.shared();
    }

    @BeforeEach
    void addressBook() {
        book = radicale.createAddressBook(Radicale.ALICE, "book-" + UUID.randomUUID(), "Contacts");
        client = clientFor(Radicale.ALICE, radicale.password(Radicale.ALICE), book, Loopback.davSettings());
    }

    private static DavCollectionClient clientFor(String user, String password, URI book, DavSettings settings) {
        return new DavCollectionClient(DavCollectionKind.ADDRESS_BOOK, new DavTransport(new DavCredentials(user, password), settings), book);
    }

    @Test
    void createReturnsTheEtagTheServerStores() {
        String href = client.hrefForUid("ann");
        String etag = client.create(href, vcard("ann", "Ann"));

        DavResource stored = client.get(href).orElseThrow();
        assertThat(stored.etag()).isEqualTo(etag);
        assertThat(stored.href()).isEqualTo(book.getRawPath() + "ann.vcf");
        assertThat(stored.data()).contains("UID:ann").contains("FN:Ann");
    }

    @Test
    void secondCreateAtTheSameHrefFailsItsPreconditionAndKeepsTheFirst() {
        String href = client.hrefForUid("ann");
        String etag = client.create(href, vcard("ann", "Ann"));

        assertThatThrownBy(() -> client.create(href, vcard("ann", "Someone else")))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
                    assertThat(e.status()).hasValue(412);
                    assertThat(e.href()).isEqualTo(href);
                });
        DavResource stored = client.get(href).orElseThrow();
        assertThat(stored.etag()).isEqualTo(etag);
        assertThat(stored.data()).contains("FN:Ann").doesNotContain("Someone else");
    }

    @Test
    void updateWithAStaleEtagFailsAndLeavesTheCardUnchanged() {
        String href = client.hrefForUid("bob");
        String first = client.create(href, vcard("bob", "Bob"));
        String second = client.update(href, first, vcard("bob", "Bob Two"));
        assertThat(second).isNotEqualTo(first);

        assertThatThrownBy(() -> client.update(href, first, vcard("bob", "Bob Stale")))
                .isInstanceOf(PreconditionFailedException.class);

        DavResource stored = client.get(href).orElseThrow();
        assertThat(stored.etag()).isEqualTo(second);
        assertThat(stored.data()).contains("FN:Bob Two");
    }

    @Test
    void updateOfACardDeletedMeanwhileFailsItsPrecondition() {
        String href = client.hrefForUid("gone");
        String etag = client.create(href, vcard("gone", "Gone"));
        client.delete(href, etag);

        assertThatThrownBy(() -> client.update(href, etag, vcard("gone", "Back")))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(client.get(href)).isEmpty();
    }

    @Test
    void deleteWithAStaleEtagKeepsTheCardAndDeletingAGoneCardIsFine() {
        String href = client.hrefForUid("cor");
        String first = client.create(href, vcard("cor", "Cor"));
        String second = client.update(href, first, vcard("cor", "Cor Two"));

        assertThatThrownBy(() -> client.delete(href, first)).isInstanceOf(PreconditionFailedException.class);
        assertThat(client.get(href)).isPresent();

        client.delete(href, second);
        assertThat(client.get(href)).isEmpty();
        client.delete(href, second); // already gone: the goal is reached
    }

    @Test
    void initialSyncListsEveryCardAndIncrementalSyncExactlyTheChanges() {
        Map<String, String> etags = new java.util.HashMap<>();
        for (String uid : List.of("a", "b", "c")) {
            etags.put(uid, client.create(client.hrefForUid(uid), vcard(uid, uid.toUpperCase())));
        }

        SyncResult initial = client.syncCollection(null);
        assertThat(initial.changed()).containsExactlyInAnyOrder(
                member("a", etags.get("a")), member("b", etags.get("b")), member("c", etags.get("c")));
        assertThat(initial.removed()).isEmpty();

        String bEtag = client.update(client.hrefForUid("b"), etags.get("b"), vcard("b", "B changed"));
        client.delete(client.hrefForUid("c"), etags.get("c"));
        String dEtag = client.create(client.hrefForUid("d"), vcard("d", "D"));

        SyncResult next = client.syncCollection(initial.syncToken());
        assertThat(next.changed()).containsExactlyInAnyOrder(member("b", bEtag), member("d", dEtag));
        assertThat(next.removed()).containsExactly(client.hrefForUid("c"));
        assertThat(next.syncToken()).isNotEqualTo(initial.syncToken());

        SyncResult quiet = client.syncCollection(next.syncToken());
        assertThat(quiet.changed()).isEmpty();
        assertThat(quiet.removed()).isEmpty();
    }

    @Test
    void anUnknownSyncTokenRaisesSyncTokenExpired() {
        client.create(client.hrefForUid("a"), vcard("a", "A"));
        String wellFormedButUnknown = "http://radicale.org/ns/sync/" + "0".repeat(64);

        // Radicale answers 403 with <DAV:error><DAV:valid-sync-token/></DAV:error>.
        assertThatThrownBy(() -> client.syncCollection(wellFormedButUnknown))
                .isInstanceOfSatisfying(SyncTokenExpiredException.class, e -> {
                    assertThat(e.status()).hasValue(403);
                    assertThat(e.syncToken()).isEqualTo(wellFormedButUnknown);
                });
        assertThatThrownBy(() -> client.syncCollection("not-a-token")).isInstanceOf(SyncTokenExpiredException.class);
    }

    @Test
    void listEtagsListsTheCardsButNotTheAddressBookItself() {
        String a = client.create(client.hrefForUid("a"), vcard("a", "A"));
        String b = client.create(client.hrefForUid("b"), vcard("b", "B"));

        assertThat(client.listEtags()).containsExactlyInAnyOrder(member("a", a), member("b", b));
    }

    @Test
    void ctagAndSyncTokenMoveWhenACardChanges() {
        Optional<String> ctag = client.ctag();
        Optional<String> token = client.syncToken();
        assertThat(ctag).isPresent();
        assertThat(token).isPresent();

        client.create(client.hrefForUid("a"), vcard("a", "A"));

        assertThat(client.ctag()).isPresent().isNotEqualTo(ctag);
        assertThat(client.syncToken()).isPresent().isNotEqualTo(token);
    }

    @Test
    void multigetFetches250CardsInThreeBatchesAndReportsTheMissing() {
        List<String> hrefs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String uid = "card-" + i;
            radicale.put(Radicale.ALICE, book.resolve(uid + ".vcf"), vcard(uid, "Person " + i));
            hrefs.add(client.hrefForUid(uid));
        }
        hrefs.add(client.hrefForUid("never-there"));
        hrefs.add(client.hrefForUid("also-missing"));
        long before = client.requestCount();

        MultigetResult result = client.multiget(hrefs);

        assertThat(client.requestCount() - before).isEqualTo(3);
        assertThat(result.found()).hasSize(250);
        assertThat(result.missing()).containsExactlyInAnyOrder(client.hrefForUid("never-there"),
                client.hrefForUid("also-missing"));
        DavResource card = result.found().get(client.hrefForUid("card-17"));
        assertThat(card.data()).contains("UID:card-17").contains("FN:Person 17");
        Map<String, String> listed = client.listEtags().stream()
                .collect(Collectors.toMap(MemberEtag::href, m -> m.etag().orElseThrow()));
        assertThat(card.etag()).isEqualTo(listed.get(card.href()));
    }

    @Test
    void theRequestCounterCountsEveryRequest() {
        long start = client.requestCount();
        String href = client.hrefForUid("n");
        String etag = client.create(href, vcard("n", "N")); // Radicale returns the ETag: one request
        client.get(href);
        client.syncCollection(null);
        client.listEtags();
        client.multiget(List.of(href));
        client.delete(href, etag);
        assertThatThrownBy(() -> client.update(href, etag, vcard("n", "N"))).isInstanceOf(DavException.class);

        assertThat(client.requestCount() - start).isEqualTo(7);
    }

    @Test
    void aSecondCardWithTheSameUidIsRejectedAsAUidConflict() {
        client.create(book.getRawPath() + "first.vcf", vcard("same", "First"));

        assertThatThrownBy(() -> client.create(book.getRawPath() + "second.vcf", vcard("same", "Second")))
                .isInstanceOfSatisfying(DavItemRejectedException.class, e -> {
                    assertThat(e.isUidConflict()).isTrue();
                    assertThat(e.status()).hasValue(409);
                    assertThat(e.conflictingHref()).isEmpty(); // Radicale doesn't name the other card
                });
    }

    @Test
    void aCardWithoutUidIsRejectedForThatItemOnly() {
        String noUid = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Uid\r\nEND:VCARD\r\n";

        assertThatThrownBy(() -> client.create(book.getRawPath() + "no-uid.vcf", noUid))
                .isInstanceOfSatisfying(DavItemRejectedException.class, e -> assertThat(e.status()).hasValue(400));
        client.create(client.hrefForUid("fine"), vcard("fine", "Fine")); // the run goes on
    }

    @Test
    void hrefsWithReservedCharactersRoundTripInOneCanonicalSpelling() {
        String raw = book.getRawPath() + "a b@c.vcf";
        String etag = client.create(raw, vcard("a-b-c", "ABC"));

        String canonical = book.getRawPath() + "a%20b%40c.vcf";
        assertThat(client.listEtags()).containsExactly(new MemberEtag(canonical, Optional.of(etag)));
        assertThat(client.get(book.getRawPath() + "a%20b@c.vcf").orElseThrow().href()).isEqualTo(canonical);
        assertThat(client.hrefForUid("weird uid/with slash")).matches(".*/uid-[0-9a-f]{40}\\.vcf");
    }

    @Test
    void anotherUsersAddressBookIsForbidden() {
        DavCollectionClient bob = clientFor(Radicale.BOB, radicale.password(Radicale.BOB), book, Loopback.davSettings());

        assertThatThrownBy(bob::listEtags)
                .isInstanceOfSatisfying(DavAuthException.class, e -> assertThat(e.status()).hasValue(403));
    }

    @Test
    void aWrongPasswordIsAnAuthErrorThatNeverShowsThePassword() {
        DavCollectionClient wrong = clientFor(Radicale.ALICE, "not-the-password", book, Loopback.davSettings());

        assertThatThrownBy(wrong::listEtags)
                .isInstanceOfSatisfying(DavAuthException.class, e -> {
                    assertThat(e.status()).hasValue(401);
                    assertThat(e.getMessage()).doesNotContain("not-the-password");
                });
    }

    @Test
    void aMissingAddressBookIsAConfigurationError() {
        DavCollectionClient missing = clientFor(Radicale.ALICE, radicale.password(Radicale.ALICE),
                radicale.home(Radicale.ALICE).resolve("no-such-book/"), Loopback.davSettings());

        assertThatThrownBy(missing::listEtags)
                .isInstanceOfSatisfying(DavConfigurationException.class, e -> assertThat(e.status()).hasValue(404));
    }

    private MemberEtag member(String uid, String etag) {
        return new MemberEtag(client.hrefForUid(uid), Optional.of(etag));
    }
}
