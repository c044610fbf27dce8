package org.koppel.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavResource;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.DataType;
import org.koppel.bench.BenchRuns.Measured;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Loopback;
import org.springframework.context.ApplicationContext;

/**
 * Koppel's half of the contact-sync benchmark: one employee managing N persons, a CardDAV
 * connection to an empty Radicale address book, and timed sync runs, each checked for what it
 * should have done. The server-side edits are made by a {@link DavCollectionClient} as a phone makes
 * them: GET, change, PUT with If-Match.
 */
final class KoppelContactSide {

    private final SyncRunner runner;
    private final Radicale radicale;
    private final int size;
    private final KoppelPersons persons;
    private final DavCollectionClient phone;
    private final long connection;

    KoppelContactSide(ApplicationContext context, Radicale radicale, int size) {
        this.runner = context.getBean(SyncRunner.class);
        this.radicale = radicale;
        this.size = size;
        this.persons = new KoppelPersons(context, "sales", "Sanne de Verkoper", size, size);
        URI book = radicale.createAddressBook(Radicale.ALICE, "koppel", "Koppel");
        this.phone = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book, new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE)),
                Loopback.davSettings());
        this.connection = context.getBean(Connections.class).create("carddav", "Bench phone",
                Map.of("url", book.toString(), "username", Radicale.ALICE), radicale.password(Radicale.ALICE),
                persons.owner()).id();
    }

    Measured initialSync() {
        Measured m = sync("initial sync");
        requireCards();
        BenchRuns.requireCreated(m.report(), DataType.CONTACTS, size, "the initial sync");
        return m;
    }

    Measured noOp() {
        Measured m = sync("no-op re-sync");
        BenchRuns.requireNothingDone(m.report(), "the no-op re-sync");
        return m;
    }

    /** 1% of the persons get a new first name in Koppel; the cards must show it after the run. */
    Measured editInKoppel() {
        List<Long> edited = persons.pick(0);
        persons.rename(edited, "Koppel");
        Measured m = sync("re-sync after 1% edits in Koppel");
        var hrefs = edited.stream().map(id -> phone.hrefForUid("koppel-" + id)).toList();
        Map<String, DavResource> found = phone.multiget(hrefs).found();
        for (long id : edited) {
            DavResource card = found.get(phone.hrefForUid("koppel-" + id));
            if (card == null || !card.data().contains(";Koppel" + id + ";")) {
                throw new IllegalStateException("the edit of person " + id + " did not reach its card: " + card);
            }
        }
        requireCards();
        return m;
    }

    /** 1% of the cards get a new given name on the server, as a phone would; Koppel must show it after the run. */
    Measured editOnServer() {
        List<Long> edited = persons.pick(size / 200);
        for (long id : edited) {
            String href = phone.hrefForUid("koppel-" + id);
            DavResource card = phone.get(href).orElseThrow();
            String crlf = card.data().replace("\r\n", "\n").replace("\n", "\r\n");
            phone.update(href, card.etag(), VdirsyncerSide.withGivenName(crlf, "Telefoon" + id));
        }
        Measured m = sync("re-sync after 1% edits on the server");
        for (long id : edited) {
            String first = persons.firstName(id);
            if (!first.equals("Telefoon" + id)) {
                throw new IllegalStateException("the server edit of person " + id + " did not reach Koppel: " + first);
            }
        }
        requireCards();
        return m;
    }

    /** Every card in Koppel's address book, by href: what vdirsyncer gets to sync too. Not timed. */
    Map<String, String> exportCards() {
        Map<String, String> cards = VdirsyncerSide.objects(phone);
        if (cards.size() != size) throw new IllegalStateException("exported " + cards.size() + " cards, not " + size);
        return cards;
    }

    private Measured sync(String what) {
        return BenchRuns.radicale(runner, radicale, connection, what);
    }

    private void requireCards() {
        int cards = phone.listEtags().size();
        if (cards != size) throw new IllegalStateException("Koppel's address book holds " + cards + " cards, not " + size);
    }
}
