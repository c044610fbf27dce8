package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavAccount;
import org.koppel.connector.dav.DavAuthException;
import org.koppel.connector.dav.DavCollectionInfo;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavDiscovery;
import org.koppel.connector.dav.DavTransport;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Loopback;

/** Discovery against a real Radicale: from what a person would type to the user's address books. */
class CardDavDiscoveryRadicaleTest {

    private static Radicale radicale;
    private static URI book;

    @BeforeAll
    static void server() {
        radicale = Radicale.shared();
        book = radicale.createAddressBook(Radicale.ALICE, "disc-" + UUID.randomUUID(), "Klanten & relaties");
    }

    private static DavDiscovery discovery(String user, String password) {
        return new DavDiscovery(new DavTransport(new DavCredentials(user, password), Loopback.davSettings()), DavCollectionKind.ADDRESS_BOOK);
    }

    private static DavDiscovery alice() {
        return discovery(Radicale.ALICE, radicale.password(Radicale.ALICE));
    }

    @Test
    void findsTheAddressBooksFromTheHostOnly() {
        DavAccount account = alice().discover(radicale.hostAndPort());

        assertAlicesAccount(account);
    }

    @Test
    void findsTheAddressBooksFromAFullUrl() {
        assertAlicesAccount(alice().discover(book.toString()));
        assertAlicesAccount(alice().discover(radicale.baseUri().toString()));
    }

    @Test
    void doesNotListAnotherUsersAddressBooks() {
        DavAccount bob = discovery(Radicale.BOB, radicale.password(Radicale.BOB)).discover(radicale.hostAndPort());

        assertThat(bob.principal()).isEqualTo(radicale.home(Radicale.BOB));
        assertThat(bob.collections()).noneMatch(b -> b.url().equals(book));
    }

    @Test
    void aWrongPasswordStopsDiscoveryWithAnAuthError() {
        assertThatThrownBy(() -> discovery(Radicale.ALICE, "wrong").discover(radicale.hostAndPort()))
                .isInstanceOfSatisfying(DavAuthException.class, e -> assertThat(e.status()).hasValue(401));
    }

    private static void assertAlicesAccount(DavAccount account) {
        assertThat(account.principal()).isEqualTo(radicale.home(Radicale.ALICE));
        assertThat(account.homeSets()).containsExactly(radicale.home(Radicale.ALICE));
        DavCollectionInfo found = account.collections().stream().filter(b -> b.url().equals(book)).findFirst()
                .orElseThrow(() -> new AssertionError(book + " not in " + account.collections()));
        assertThat(found.displayName()).isEqualTo("Klanten & relaties");
        assertThat(found.ctag()).isPresent();
        assertThat(found.syncToken()).isPresent();
        assertThat(found.supportsSyncCollection()).isTrue();
    }
}
