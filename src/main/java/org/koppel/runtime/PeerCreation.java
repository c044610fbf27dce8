package org.koppel.runtime;

import java.util.function.Function;

import org.koppel.connector.PeerItem;
import org.koppel.crm.Origin;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.SyncPolicy;

/**
 * How an appointment or task made in the peer becomes a Koppel record (rule 6): the creation policy
 * says whether, and the record is created, linked and stamped the way an imported contact is.
 */
final class PeerCreation {

    private PeerCreation() {
    }

    /** Why the policy keeps this peer item out of Koppel, or null when it may be created. */
    static String refusal(SyncPolicy policy, PeerItem item, String noun) {
        return switch (policy.creation()) {
            case NEVER -> "not from Koppel; this connection only updates " + noun + " that came from Koppel";
            case WHEN_TAGGED -> item.categories().stream().anyMatch(c -> c.equalsIgnoreCase(SyncPolicy.CRM_TAG))
                    ? null : "not tagged with the category 'CRM'";
            // The import queue holds contacts, which need a choice of kind; these have none to make.
            case QUEUE, CREATE -> null;
        };
    }

    /**
     * Creates the record and links it in one transaction (a crash can then never import the item
     * twice), then stamps the CRM id into the peer item, so a lost link is re-found.
     */
    static <R> void create(PeerItem item, TypeRun<R> run, Function<Origin, R> create, String why) {
        RunContext<R> c = run.context;
        SyncedRecords<R> records = c.records;
        R created = c.transactions.execute(tx -> {
            R record = create.apply(Origin.connection(c.connection.id()));
            c.links.save(c.connection.id(), records.type(), records.id(record), item.peerId(), item.version(),
                    c.project(record), records.version(record), c.clock.instant());
            return record;
        });
        PeerItem stamped = c.peer.update(item, item.values(), records.id(created));
        c.save(records.id(created), stamped.peerId(), stamped.version(), c.project(created), records.version(created));
        c.report.item(records.id(created), item.peerId(), Outcome.CREATED_IN_CRM, why);
    }
}
