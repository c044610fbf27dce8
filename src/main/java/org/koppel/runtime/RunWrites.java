package org.koppel.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.crm.Origin;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.Base;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Merge;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Sent;
import org.koppel.sync.Snapshot;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writing part of one run of one data type: carries out what {@link TypeRun} decided. It writes the
 * merges to the peer (in batches of the peer's size, each item's result on its own) and to Koppel,
 * creates the peer items of records in scope without one, stores the links and logs the conflicts.
 * A peer write is recorded on its link before it goes out ({@link Sent}) and confirmed before the
 * link is stored; a CRM write and its link are stored in one transaction. One per run.
 */
final class RunWrites<R> {

    private static final int MAX_PRECONDITION_RETRIES = 3;

    private final RunContext<R> context;
    private final SyncedRecords<R> records;
    private final SyncRunStore runs;
    private final Connection connection;
    private final ItemPeer peer;
    private final long runId;
    private final FieldMap map;
    private final ReportBuilder report;
    private final Map<String, Link> byPeer;
    private final Set<String> unreadable;
    private final LinkStore links;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Origin origin;

    RunWrites(RunContext<R> context, SyncRunStore runs) {
        this.context = context;
        this.records = context.records;
        this.runs = runs;
        this.connection = context.connection;
        this.peer = context.peer;
        this.runId = context.runId;
        this.map = context.map;
        this.report = context.report;
        this.byPeer = context.byPeer;
        this.unreadable = context.unreadable;
        this.links = context.links;
        this.transactions = context.transactions;
        this.clock = context.clock;
        this.origin = Origin.connection(connection.id());
    }

    /** A decided change to one linked or new item, waiting for the peer's current content if it needs it. */
    record Pending<R>(R record, Link link, PeerItem peerItem, Merge.Result merge) {
    }

    /**
     * Applies the decided merges. The peer's current content of items it did not report is fetched
     * in one batch; peer writes go in batches of the peer's size, each item's result on its own.
     */
    void applyAll(List<Pending<R>> pending) {
        var toFetch = pending.stream().filter(p -> p.merge().writesPeer() && p.peerItem() == null)
                .map(p -> p.link().peerId()).toList();
        Map<String, PeerItem> fetched = context.readable(toFetch);
        var peerWrites = new ArrayList<Ready<R>>();
        for (Pending<R> p : pending) {
            if (unreadable.contains(p.link().peerId())) continue;
            PeerItem current = p.peerItem() != null ? p.peerItem() : fetched.get(p.link().peerId());
            // The card changed after the listing (or a change the cursor passed earlier was not applied):
            // merge with what it holds now, never write the old merge over it.
            boolean movedOn = current != null && p.peerItem() == null && !current.version().equals(p.link().peerVersion());
            if (movedOn && context.isHeld(p.link(), current)) continue;
            Merge.Result merge = movedOn ? merge(p.link(), p.record(), current) : p.merge();
            var ready = new Ready<>(p.record(), p.link(), current, merge);
            if (merge.writesPeer() && current != null) peerWrites.add(ready);
            else context.isolated(records.id(p.record()), p.link().peerId(), () -> apply(ready.record(), ready.link(), current, merge, 0));
        }
        for (List<Ready<R>> batch : batches(peerWrites)) {
            batch.forEach(r -> logConflicts(r.record(), r.link().peerId(), r.merge()));
            transactions.executeWithoutResult(tx -> batch.forEach(r -> markSent(r.link(), r.merge(), r.current())));
            Map<Long, ItemPeer.Written<PeerItem>> written = peer.updateAll(batch.stream()
                    .map(r -> new ItemPeer.Update(r.current(), forPeer(peerValues(r.current(), r.record(),
                            r.merge()), r.record()), records.id(r.record()))).toList());
            PeerException.Transient later = null;
            for (Ready<R> r : batch) {
                ItemPeer.Written<PeerItem> result = written.get(records.id(r.record()));
                if (result.failure() instanceof PeerException.Transient t) {
                    later = t;
                    continue;
                }
                context.isolated(records.id(r.record()), r.link().peerId(), () -> {
                    if (result.failure() instanceof PeerException.VersionMismatch) {
                        notSent(r.link());
                        retryAfterMismatch(r.record(), r.link(), 0);
                    } else if (result.failure() != null) {
                        notSent(r.link());
                        throw result.failure();
                    } else {
                        afterPeerWrite(r.record(), r.link(), r.merge(), result.item().version());
                    }
                });
            }
            if (later != null) throw later;
        }
    }

    /** A merge whose peer write can go out in a batch. */
    private record Ready<R>(R record, Link link, PeerItem current, Merge.Result merge) {
    }

    private <T> List<List<T>> batches(List<T> all) {
        int size = Math.max(1, peer.batchSize());
        var batches = new ArrayList<List<T>>();
        for (int i = 0; i < all.size(); i += size) batches.add(all.subList(i, Math.min(all.size(), i + size)));
        return batches;
    }

    private void apply(R record, Link link, PeerItem current, Merge.Result merge, int attempt) {
        long crmId = records.id(record);
        Snapshot base = link.base() == null ? Snapshot.EMPTY : link.base().agreed();
        if (!merge.writesPeer() && !merge.writesCrm()) {
            boolean stored = link.base() != null && link.base().unsure().isEmpty() && link.sent() == null
                    && merge.merged().equals(base)
                    && (current == null || current.version().equals(link.peerVersion()));
            if (!stored) {
                context.save(crmId, link.peerId(), current == null ? link.peerVersion() : current.version(),
                        merge.merged(), records.version(record));
            }
            logConflicts(record, link.peerId(), merge);
            if (merge.conflicts().isEmpty()) report.unchanged();
            else report.item(crmId, link.peerId(), Outcome.UPDATED_BOTH, "both sides agreed after the conflict");
            return;
        }
        // The version the peer holds now, also when only Koppel is written: a later conditional
        // write (a delete when the record leaves scope) must not carry a version long gone.
        String peerVersion = current != null ? current.version() : link.peerVersion();
        // Write-ahead: the losing values are logged before a write overwrites them, so a run that
        // dies right after the write loses nothing (rule 11); afterPeerWrite logs them only if new.
        logConflicts(record, link.peerId(), merge);
        if (merge.writesPeer()) {
            if (current == null) {
                context.save(crmId, null, null, base, records.version(record));
                report.item(crmId, link.peerId(), Outcome.UNLINKED, "no longer in the peer; kept in Koppel");
                return;
            }
            try {
                transactions.executeWithoutResult(tx -> markSent(link, merge, current));
                peerVersion = peer.update(current, forPeer(peerValues(current, record, merge), record),
                        crmId).version();
            } catch (PeerException.VersionMismatch e) {
                notSent(link);
                if (attempt >= MAX_PRECONDITION_RETRIES) throw new PeerException.Transient(
                        "the peer item kept changing while Koppel wrote it", null, e);
                retryAfterMismatch(record, link, attempt);
                return;
            }
        }
        afterPeerWrite(record, link, merge, peerVersion);
    }

    /**
     * Records what goes to the peer before it goes (Sent): should the run die before the link is
     * stored after the write, the next run can tell a value it wrote from a person's change since.
     */
    private void markSent(Link link, Merge.Result merge, PeerItem current) {
        links.save(new Link(link.id(), connection.id(), records.type(), link.crmId(), link.peerId(),
                link.peerVersion(), merge.untilWritten(), link.crmVersion(),
                new Sent(current.version(), merge.peerSlots(), merge.merged())), clock.instant());
    }

    /**
     * The peer refused the write (a 412, or the item's own error): it did not land, so the link
     * goes back to what it was. Only an outcome not known (the run died, a timeout, a 5xx)
     * leaves the record of sending for the next run.
     */
    private void notSent(Link link) {
        if (link.base() != null) transactions.executeWithoutResult(tx -> links.save(link, clock.instant()));
    }

    /** Never overwrite blindly: read the item again and merge with what it holds now. */
    private void retryAfterMismatch(R record, Link link, int attempt) {
        long crmId = records.id(record);
        PeerItem fresh = peer.fetch(List.of(link.peerId())).get(link.peerId());
        if (fresh != null && context.isHeld(link, fresh)) return;
        if (fresh == null) {
            // Deleted while Koppel wrote it: a peer delete, which unlinks and keeps the record (rule 7).
            context.save(crmId, null, null, link.base() == null ? null : link.base().agreed(), records.version(record));
            report.item(crmId, link.peerId(), Outcome.UNLINKED, "deleted in the peer; kept in Koppel");
            return;
        }
        apply(record, link, fresh, merge(link, record, fresh), attempt + 1);
    }

    /** The CRM side of a merge, and the link, once the peer holds {@code peerVersion}. */
    private void afterPeerWrite(R record, Link link, Merge.Result merge, String peerVersion) {
        long crmId = records.id(record);
        if (merge.writesCrm()) {
            R changed = records.apply(record, merge.merged(), merge.crmSlots(), map);
            transactions.executeWithoutResult(tx -> {
                R stored = records.update(record, changed, origin);
                links.save(connection.id(), records.type(), crmId, link.peerId(), peerVersion,
                        merge.merged(), records.version(stored), clock.instant());
            });
        } else {
            context.save(crmId, link.peerId(), peerVersion, merge.merged(), records.version(record));
        }
        logConflicts(record, link.peerId(), merge);
        Outcome outcome = merge.writesPeer() && merge.writesCrm() ? Outcome.UPDATED_BOTH
                : merge.writesPeer() ? Outcome.UPDATED_PEER : Outcome.UPDATED_CRM;
        report.item(crmId, link.peerId(), outcome, describe(merge));
    }

    /** Creates the peer items of records in scope without one, in batches of the peer's size. */
    void createAllInPeer(List<R> toCreate) {
        for (List<R> batch : batches(toCreate)) {
            var values = new LinkedHashMap<Long, Snapshot>();
            batch.forEach(r -> values.put(records.id(r), context.project(r)));
            var byId = new LinkedHashMap<Long, Snapshot>();
            batch.forEach(r -> byId.put(records.id(r), forPeer(values.get(records.id(r)), r)));
            Map<Long, ItemPeer.Written<ItemPeer.Created>> written = peer.createAll(byId);
            PeerException.Transient later = null;
            for (R record : batch) {
                ItemPeer.Written<ItemPeer.Created> result = written.get(records.id(record));
                if (result.failure() instanceof PeerException.Transient t) {
                    later = t;
                    continue;
                }
                context.isolated(records.id(record), null, () -> {
                    if (result.failure() != null) throw result.failure();
                    created(record, values.get(records.id(record)), result.item());
                });
            }
            // The items the batch did write are linked first; then the peer's "later" ends the run.
            if (later != null) throw later;
        }
    }

    private void created(R record, Snapshot values, ItemPeer.Created created) {
        long crmId = records.id(record);
        PeerItem item = created.item();
        if (!created.existed()) {
            context.save(crmId, item.peerId(), item.version(), values, records.version(record));
            report.item(crmId, item.peerId(), Outcome.CREATED_IN_PEER, "in scope, not yet in the peer");
            return;
        }
        // Found at its own address: an earlier run created it and stopped before linking it.
        relink(record, item);
    }

    /** Links the record to a peer item found without a link, and merges the two (no base: nothing agreed yet). */
    void relink(R record, PeerItem item) {
        var link = new Link(0, connection.id(), records.type(), records.id(record), item.peerId(), item.version(), null,
                records.version(record), null);
        byPeer.put(item.peerId(), link);
        apply(record, link, item, merge(link, record, item), 0);
    }

    /** Merges the record with the item as it is now, against the link's base for that item (none when re-found). */
    private Merge.Result merge(Link link, R record, PeerItem item) {
        Base base = link.base() == null ? null : link.baseAgainst(item.version(), item.values());
        return context.merge(base, record, item.values(), item.modifiedAt());
    }

    /**
     * The card's values with the mapped slots replaced: slots the map does not cover stay as the peer
     * has them, and so does a peer's own edit of a slot that only takes the CRM's changes
     * ({@link FieldMap.RowDirection#CRM_CHANGES_TO_PEER}) while the CRM's value did not change.
     */
    private Snapshot peerValues(PeerItem current, R record, Merge.Result merge) {
        Snapshot merged = merge.merged();
        var values = new java.util.TreeMap<>(current.values().values());
        for (FieldMap.Row row : records.rows(map, record)) {
            String slot = row.slot();
            if (row.direction() == FieldMap.RowDirection.CRM_CHANGES_TO_PEER && !merge.peerSlots().contains(slot)) continue;
            if (merged.get(slot) != null) values.put(slot, merged.get(slot));
            else values.remove(slot);
        }
        return new Snapshot(values);
    }

    /** Values as a connector gets them, with the type's hints (a person's kind, for peers whose values are untyped). */
    private Snapshot forPeer(Snapshot values, R record) {
        return records.forPeer(values, record);
    }

    /** Logs and reports the merge's conflicts that are not logged yet (see SyncRunStore#conflict). */
    private void logConflicts(R record, String peerId, Merge.Result merge) {
        long crmId = records.id(record);
        Instant now = clock.instant();
        for (Merge.FieldConflict c : merge.conflicts()) {
            if (!runs.conflict(connection.id(), runId, records.type(), crmId, peerId, c, now)) continue;
            report.conflict(crmId, peerId, records.label(c.slot()) + " changed on both sides: "
                    + (c.winner() == Merge.Side.CRM ? "Koppel's '" + c.crm() + "' kept, the peer's '" + c.peer()
                    : "the peer's '" + c.peer() + "' kept, Koppel's '" + c.crm()) + "' is in the conflict log");
        }
    }

    private String labels(Set<String> slots) {
        return String.join(", ", slots.stream().map(records::label).toList());
    }

    private String describe(Merge.Result merge) {
        var parts = new ArrayList<String>();
        if (merge.writesPeer()) parts.add("to the peer: " + labels(merge.peerSlots()));
        if (merge.writesCrm()) parts.add("to Koppel: " + labels(merge.crmSlots()));
        return String.join("; ", parts);
    }
}
