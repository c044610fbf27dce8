package org.koppel.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.sync.Base;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Merge;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The state of one contacts run, shared by its reading and deciding ({@link ContactRun}) and its
 * writing ({@link RunWrites}): the connection, its peer, policy and field map, the report, the links
 * by CRM id and by peer id as the run changes them, the held reviews and the items the peer could not
 * read; and what both sides do alike (isolate an item's failure, read items, project a person, store a
 * link). Lives as long as the run.
 */
final class RunContext {

    final Connection connection;
    /** Where this data type's sync stood when the run began. */
    final org.koppel.sync.SyncCursor cursor;
    final ItemPeer peer;
    final long runId;
    final SyncPolicy policy;
    final FieldMap map;
    final ReportBuilder report;
    final Map<Long, Link> byCrm = new HashMap<>();
    final Map<String, Link> byPeer = new HashMap<>();
    /** Held peer changes: records waiting for a decision are left alone; decisions are carried out. */
    final RunReviews held;
    /** Items the peer could not read this run: reported, and neither merged nor taken as deleted. */
    final Set<String> unreadable = new HashSet<>();
    /** Names of the organisations of the persons this run projects, read once per run, not per person. */
    private final Map<Long, String> organisationNames = new HashMap<>();
    final RelationStore relationStore;
    final LinkStore links;
    final TransactionTemplate transactions;
    final Clock clock;

    RunContext(Connection connection, org.koppel.sync.SyncCursor cursor, ItemPeer peer, long runId, SyncPolicy policy, FieldMap map, ReportBuilder report,
               RunReviews held, RelationStore relationStore, LinkStore links, TransactionTemplate transactions, Clock clock) {
        this.connection = connection;
        this.cursor = cursor;
        this.peer = peer;
        this.runId = runId;
        this.policy = policy;
        this.map = map;
        this.report = report;
        this.held = held;
        this.relationStore = relationStore;
        this.links = links;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** True when the record's peer change waits for a decision (held now or before); reported as held. */
    boolean isHeld(Link link, PeerItem item) {
        Optional<String> reason = held.holdReason(link, item);
        reason.ifPresent(why -> report.item(link.crmId(), link.peerId(), Outcome.HELD_FOR_REVIEW, why));
        return reason.isPresent();
    }

    /**
     * The current content of some items. One the peer cannot read is reported as an error with its
     * record and left out: neither merged nor taken as deleted; the others go on.
     */
    Map<String, PeerItem> readable(List<String> peerIds) {
        if (peerIds.isEmpty()) return Map.of();
        try {
            return peer.fetch(peerIds);
        } catch (PeerException.ItemRejected some) {
            var result = new HashMap<String, PeerItem>();
            for (String id : peerIds) {
                Long crmId = byPeer.containsKey(id) ? byPeer.get(id).crmId() : null;
                try {
                    result.putAll(peer.fetch(List.of(id)));
                } catch (PeerException.ItemRejected e) {
                    unreadable.add(id);
                    held.failed(crmId);
                    report.item(crmId, id, Outcome.ERROR, e.getMessage());
                }
            }
            return result;
        }
    }

    /**
     * One item's work; a failure that concerns only this item is reported with it and the run
     * goes on (rule 12). Failures of the peer as a whole (auth, transient) end the run.
     */
    void isolated(Long crmId, String peerId, Runnable work) {
        try {
            work.run();
        } catch (PeerException.ItemRejected | PeerException.VersionMismatch | InvalidInputException e) {
            held.failed(crmId);
            report.item(crmId, peerId, Outcome.ERROR, e.getMessage());
        } catch (StaleVersionException e) {
            held.failed(crmId);
            report.item(crmId, peerId, Outcome.ERROR, "changed in Koppel during the run; it is synced on the next run");
        }
    }

    /** Reads the names of all the persons' organisations at once, before the persons are projected. */
    void readOrganisationNames(Collection<Person> persons) {
        organisationNames.putAll(relationStore.displayNames(persons.stream()
                .flatMap(p -> p.contactRoles().stream()).map(ContactRole::organisationId).distinct().toList()));
    }

    /** The three-way merge of the record with the peer's values against {@code base} (null: nothing agreed yet). */
    Merge.Result merge(Base base, Person person, Snapshot peerValues, Instant peerModified) {
        return Merge.merge(base, project(person), peerValues, map.rowsFor(ContactProjection.roleOf(person)),
                policy.direction(), policy.conflictRule(), new Merge.Times(person.updatedAt(), peerModified));
    }

    Snapshot project(Person person) {
        var missing = person.contactRoles().stream().map(ContactRole::organisationId)
                .filter(id -> !organisationNames.containsKey(id)).toList();
        organisationNames.putAll(relationStore.displayNames(missing));
        return ContactProjection.project(person, organisationNames, map);
    }

    void save(long crmId, String peerId, String peerVersion, Snapshot base, long crmVersion) {
        transactions.executeWithoutResult(tx -> links.save(connection.id(), DataType.CONTACTS, crmId, peerId,
                peerVersion, base == null ? Snapshot.EMPTY : base, crmVersion, clock.instant()));
    }
}
