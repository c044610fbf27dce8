package org.koppel.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.koppel.connector.graph.GraphContacts;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.DataType;
import org.koppel.bench.BenchRuns.GraphMeasured;
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

    GraphMeasured initialSync() {
        if (fake.folderNamed(mailbox, FOLDER).isPresent()) throw new IllegalStateException(mailbox + " is not fresh");
        GraphMeasured m = sync("initial sync");
        requireFolder();
        BenchRuns.requireCreated(m.report(), DataType.CONTACTS, size, label + ": the initial sync");
        return m;
    }

    GraphMeasured noOp() {
        GraphMeasured m = sync("no-op re-sync");
        BenchRuns.requireNothingDone(m.report(), label + ": the no-op re-sync");
        requireFolder();
        return m;
    }

    /** 1% of the persons get a new first name in Koppel; their contacts must show it after the run. */
    GraphMeasured editInKoppel() {
        List<Long> edited = persons.pick(0);
        persons.rename(edited, "Koppel");
        GraphMeasured m = sync("re-sync after 1% edits in Koppel");
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
    GraphMeasured editInOutlook() {
        List<Long> edited = persons.pick(size / 200);
        Map<Long, ObjectNode> folder = requireFolder();
        for (long id : edited) {
            fake.outlookEdit(mailbox, folder.get(id).path("id").asString(), "{\"givenName\":\"Outlook" + id + "\"}");
        }
        GraphMeasured m = sync("re-sync after 1% edits in Outlook");
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

    private GraphMeasured sync(String what) {
        return BenchRuns.graph(runner, fake, peers, connection, mailbox, label + " " + what, DataType.CONTACTS);
    }

    private void requireSynced(GraphMeasured m, int expected) {
        BenchRuns.requireSynced(m.report(), DataType.CONTACTS, expected, label + ": the run");
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
