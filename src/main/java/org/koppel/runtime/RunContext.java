package org.koppel.runtime;

import java.time.Clock;
import java.time.Instant;
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
import org.koppel.store.LinkStore;
import org.koppel.sync.Base;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Merge;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncCursor;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncWindow;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The state of one run of one data type, shared by its reading and deciding ({@link TypeRun}) and
 * its writing ({@link RunWrites}): the connection, its peer, the type's records, policy, window and
 * field map, the report, the links by CRM id and by peer id as the run changes them, the held reviews
 * and the items the peer could not read; and what both sides do alike (isolate an item's failure,
 * read items, merge a record, store a link). Lives as long as the run.
 *
 * @param <R> the record type of the data type
 */
final class RunContext<R> {

    final Connection connection;
    /** Where this data type's sync stood when the run began. */
    final SyncCursor cursor;
    final ItemPeer peer;
    final SyncedRecords<R> records;
    final long runId;
    final SyncPolicy policy;
    final SyncWindow window;
    final FieldMap map;
    final ReportBuilder report;
    final Map<Long, Link> byCrm = new HashMap<>();
    final Map<String, Link> byPeer = new HashMap<>();
    /** Held peer changes: records waiting for a decision are left alone; decisions are carried out. */
    final RunReviews held;
    /** Items the peer could not read this run: reported, and neither merged nor taken as deleted. */
    final Set<String> unreadable = new HashSet<>();
    final LinkStore links;
    final TransactionTemplate transactions;
    final Clock clock;

    RunContext(Connection connection, SyncCursor cursor, ItemPeer peer, SyncedRecords<R> records, long runId,
               SyncPolicy policy, SyncWindow window, FieldMap map, ReportBuilder report, RunReviews held,
               LinkStore links, TransactionTemplate transactions, Clock clock) {
        this.connection = connection;
        this.cursor = cursor;
        this.peer = peer;
        this.records = records;
        this.runId = runId;
        this.policy = policy;
        this.window = window;
        this.map = map;
        this.report = report;
        this.held = held;
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

    /** The three-way merge of the record with the peer's values against {@code base} (null: nothing agreed yet). */
    Merge.Result merge(Base base, R record, Snapshot peerValues, Instant peerModified) {
        Snapshot crm = project(record);
        return records.coupled(Merge.merge(base, crm, held(peerValues, crm), records.rows(map, record), policy.direction(),
                policy.conflictRule(), new Merge.Times(records.updatedAt(record), peerModified)));
    }

    /** The peer's values with the CRM's in the slots the peer has no place for ({@link ItemPeer#unheldSlots}). */
    Snapshot held(Snapshot peerValues, Snapshot crm) {
        if (peer.unheldSlots().isEmpty()) return peerValues;
        var values = new java.util.TreeMap<>(peerValues.values());
        for (String slot : peer.unheldSlots()) {
            values.remove(slot);
            if (crm.get(slot) != null) values.put(slot, crm.get(slot));
        }
        return new Snapshot(values);
    }

    Snapshot project(R record) {
        return records.project(record, map);
    }

    void save(long crmId, String peerId, String peerVersion, Snapshot base, long crmVersion) {
        transactions.executeWithoutResult(tx -> links.save(connection.id(), records.type(), crmId, peerId,
                peerVersion, base == null ? Snapshot.EMPTY : base, crmVersion, clock.instant()));
    }
}
