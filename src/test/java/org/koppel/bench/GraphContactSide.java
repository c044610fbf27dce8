package org.koppel.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.koppel.connector.graph.GraphClient;
import org.koppel.connector.graph.GraphContacts;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.graph.FakeGraph;
import org.springframework.context.ApplicationContext;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One variant of the Graph benchmark: an employee managing N persons, a connection of one
 * {@link GraphBenchPeers} type to a fresh mailbox of the Graph fake, and timed sync runs, each
 * checked for what it should have done. Requests are counted by the fake (what it admitted and
 * what it refused, per mailbox, and HTTP round trips) and by Koppel's own client.
 */
final class GraphContactSide {

    /**
     * @param mailboxRequests  requests the fake admitted for the mailbox, each inside a batch on its own
     * @param ownCount         the same as Koppel's client counts it ({@code RunReport.peerRequests}), retries included
     * @param roundTrips       HTTP requests the fake received (a batch once)
     * @param ownRoundTrips    the same as Koppel's client counts it
     * @param refused          requests of the mailbox the fake answered 429
     * @param highestConcurrency the most of the mailbox's requests in flight at once during the run
     * @param synced           contacts created or updated on either side
     */
    record Measured(double seconds, long mailboxRequests, long ownCount, long roundTrips, long ownRoundTrips,
                    long refused, int highestConcurrency, int synced, RunReport report) {
    }

    private static final String FOLDER = "Koppel";

    final String label;
    private final SyncRunner runner;
    private final FakeGraph fake;
    private final GraphBenchPeers peers;
    private final String mailbox;
    private final int size;
    private final KoppelPersons persons;
    private final long connection;
    private final GraphContacts contacts = new GraphContacts(JsonMapper.builder().build());

    GraphContactSide(ApplicationContext context, FakeGraph fake, GraphBenchPeers peers, String label, String login,
                     String mailbox, int size) {
        this.label = label;
        this.runner = context.getBean(SyncRunner.class);
        this.fake = fake;
        this.peers = peers;
        this.mailbox = mailbox;
        this.size = size;
        // The same seed for every variant: each syncs the same persons.
        this.persons = new KoppelPersons(context, login, label, size, size);
        this.connection = context.getBean(Connections.class).create(peers.type(), "Bench " + label,
                Map.of("mailbox", mailbox), fake.issueToken(mailbox), persons.owner()).id();
    }

    Measured initialSync() {
        if (fake.folderNamed(mailbox, FOLDER).isPresent()) throw new IllegalStateException(mailbox + " is not fresh");
        Measured m = sync("initial sync");
        requireFolder();
        int created = totals(m).created();
        if (created != size) throw new IllegalStateException("initial sync created " + created + " contacts, not " + size);
        return m;
    }

    Measured noOp() {
        Measured m = sync("no-op re-sync");
        if (!m.report().items().isEmpty()) {
            throw new IllegalStateException("the no-op re-sync reported " + m.report().items().size() + " items");
        }
        requireFolder();
        return m;
    }

    /** 1% of the persons get a new first name in Koppel; their contacts must show it after the run. */
    Measured editInKoppel() {
        List<Long> edited = persons.pick(0);
        persons.rename(edited, "Koppel");
        Measured m = sync("re-sync after 1% edits in Koppel");
        Map<Long, ObjectNode> folder = requireFolder();
        for (long id : edited) {
            String given = folder.get(id).path("givenName").asString("");
            if (!given.equals("Koppel" + id)) {
                throw new IllegalStateException("the edit of person " + id + " did not reach Outlook: " + given);
            }
        }
        requireSynced(m, edited.size());
        return m;
    }

    /** 1% of the contacts get a new given name in Outlook; Koppel must show it after the run. */
    Measured editInOutlook() {
        List<Long> edited = persons.pick(size / 200);
        Map<Long, ObjectNode> folder = requireFolder();
        for (long id : edited) {
            fake.outlookEdit(mailbox, folder.get(id).path("id").asString(), "{\"givenName\":\"Outlook" + id + "\"}");
        }
        Measured m = sync("re-sync after 1% edits in Outlook");
        for (long id : edited) {
            String first = persons.firstName(id);
            if (!first.equals("Outlook" + id)) {
                throw new IllegalStateException("the Outlook edit of person " + id + " did not reach Koppel: " + first);
            }
        }
        requireFolder();
        requireSynced(m, edited.size());
        return m;
    }

    private Measured sync(String what) {
        long admitted = fake.mailboxRequests(mailbox);
        long refused = fake.refusals(mailbox);
        long http = fake.httpRequests();
        fake.resetHighestConcurrency(mailbox);
        long start = System.nanoTime();
        RunReport report = runner.run(connection, "bench");
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report.status() != RunReport.Status.SUCCEEDED) {
            throw new IllegalStateException(label + " " + what + " ended " + report.status() + ": " + report.errorKind()
                    + " " + report.errorMessage());
        }
        GraphClient client = peers.client(connection);
        var totals = report.totals().get(DataType.CONTACTS);
        var m = new Measured(seconds, fake.mailboxRequests(mailbox) - admitted, report.peerRequests(),
                fake.httpRequests() - http, client.httpRequests(), fake.refusals(mailbox) - refused,
                fake.highestConcurrency(mailbox), totals.created() + totals.updated(), report);
        System.out.printf("bench:   %s %s: %.2f s, %d mailbox requests (own count %d), %d round trips (own count %d), "
                        + "%d refused, concurrency %d, %s%n", label, what, seconds, m.mailboxRequests(), m.ownCount(),
                m.roundTrips(), m.ownRoundTrips(), m.refused(), m.highestConcurrency(), totals);
        return m;
    }

    private static RunReport.Totals totals(Measured m) {
        return m.report().totals().get(DataType.CONTACTS);
    }

    private void requireSynced(Measured m, int expected) {
        if (m.synced() != expected) {
            throw new IllegalStateException(label + ": the run synced " + m.synced() + " contacts, not " + expected
                    + ": " + m.report().items());
        }
    }

    /** The Koppel folder's contacts by stamped CRM id: exactly one per person, none without a stamp. Not timed. */
    private Map<Long, ObjectNode> requireFolder() {
        String folderId = fake.folderNamed(mailbox, FOLDER)
                .orElseThrow(() -> new IllegalStateException(mailbox + " has no folder " + FOLDER));
        List<ObjectNode> all = fake.contacts(mailbox, folderId);
        if (all.size() != size) {
            throw new IllegalStateException(label + ": the Koppel folder holds " + all.size() + " contacts, not " + size);
        }
        var byStamp = new HashMap<Long, ObjectNode>();
        for (ObjectNode contact : all) {
            Long stamp = contacts.stampedCrmId(contact);
            if (stamp == null) throw new IllegalStateException(label + ": a contact without a stamp: " + contact);
            if (byStamp.put(stamp, contact) != null) throw new IllegalStateException(label + ": two contacts of " + stamp);
        }
        if (!byStamp.keySet().equals(new HashSet<>(persons.ids()))) {
            throw new IllegalStateException(label + ": the stamps are not the persons' ids");
        }
        return byStamp;
    }
}
