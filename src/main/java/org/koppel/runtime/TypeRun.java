package org.koppel.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.runtime.ItemSync.Result;
import org.koppel.runtime.RunWrites.Pending;
import org.koppel.runtime.SyncedRecords.Leaving;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.ContactReviewStore.Review;
import org.koppel.sync.Base;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Merge;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Sent;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;

/**
 * The reading and deciding part of one run of one data type: the links by CRM id and by peer id, the
 * peer's changes since its cursor, the CRM records to look at, the mass-change guard (rule 7), and per
 * record what happens to it: a merge to apply, a peer item to create, an unlink, leaving scope. A peer
 * item no link knows is re-found through its stamped CRM id or left to the type ({@link SyncedRecords#adopt}).
 * What it decides is applied by {@link RunWrites}; the cursors it hands back move only after that.
 *
 * @param <R> the record type of the data type
 */
final class TypeRun<R> {

    private static final int FAREWELL_ATTEMPTS = 3;

    final RunContext<R> context;
    final RunWrites<R> writes;
    final SyncedRecords<R> records;
    private final Connection connection;
    private final ItemPeer peer;
    private final SyncPolicy policy;
    private final ReportBuilder report;
    private final Map<Long, Link> byCrm;
    private final Map<String, Link> byPeer;
    private final RunReviews held;
    /** Records the type linked to an unlinked peer item during this run (see {@link #unlinkedPeerItem}). */
    private final Set<Long> adopted = new HashSet<>();
    /** The peer items handed to {@link SyncedRecords#adopt} this run. */
    private final List<String> adoptedItems = new ArrayList<>();

    TypeRun(RunContext<R> context, RunWrites<R> writes) {
        this.context = context;
        this.writes = writes;
        this.records = context.records;
        this.connection = context.connection;
        this.peer = context.peer;
        this.policy = context.policy;
        this.report = context.report;
        this.byCrm = context.byCrm;
        this.byPeer = context.byPeer;
        this.held = context.held;
    }

    /** @param read the peer's delta when {@link NothingToDo} asked for it already (null: not asked) */
    Result execute(long crmCursor, PeerDelta read) {
        if (policy.direction() == SyncPolicy.Direction.OFF) {
            return new Result(context.cursor.peer(), crmCursor);
        }
        for (Link link : context.links.all(connection.id(), records.type())) {
            byCrm.put(link.crmId(), link);
            if (!link.peerGone()) byPeer.put(link.peerId(), link);
        }
        peer.limitTo(context.window);
        PeerDelta delta = read != null ? read : peerChanges();
        Map<String, PeerItem> changed = new LinkedHashMap<>();
        delta.changed().forEach(item -> changed.put(item.peerId(), item));
        List<String> also = records.alsoRead(connection.id()).stream()
                .filter(id -> !byPeer.containsKey(id) && !changed.containsKey(id)).toList();
        if (!also.isEmpty()) changed.putAll(peer.fetch(also));
        // Items a dead run wrote to without storing the outcome: merged with what they hold now.
        changed.putAll(context.readable(byPeer.values().stream().filter(l -> l.sent() != null).map(Link::peerId)
                .filter(id -> !changed.containsKey(id)).toList()));
        takeReviews(changed);
        Set<String> removed = new HashSet<>(delta.complete() ? byPeer.keySet() : delta.removed());
        if (delta.complete()) removed.removeAll(delta.present());
        removed.retainAll(byPeer.keySet());

        delta.rejected().forEach((peerId, reason) -> report.item(
                byPeer.containsKey(peerId) ? byPeer.get(peerId).crmId() : null, peerId, Outcome.ERROR, reason));

        Set<Long> scope = records.scope(connection, policy, context.window);
        if (records.confirmsRemovals()) confirmRemovals(removed, changed);
        Set<Long> candidates = candidates(scope, changed, removed);

        report.expect(candidates.size() + (int) changed.keySet().stream().filter(id -> !byPeer.containsKey(id)).count());
        Map<Long, R> loaded = load(candidates, changed.values());
        guardMassChange(scope, removed, loaded);
        records.prepare(loaded.values());
        for (PeerItem item : changed.values()) {
            if (!byPeer.containsKey(item.peerId())) {
                context.isolated(item.stampedCrmId(), item.peerId(), () -> unlinkedPeerItem(item, scope, loaded));
            }
        }
        records.adopted(this);
        // A record that was there before the run (a person imported from the queue) and is now linked to
        // an adopted item is done for this run: without this it would look unlinked and get a second item.
        for (String peerId : adoptedItems) context.links.crmIdOf(connection.id(), records.type(), peerId).ifPresent(adopted::add);
        var pending = new ArrayList<Pending<R>>();
        var toCreate = new ArrayList<R>();
        candidates.removeAll(adopted);
        for (long crmId : candidates) {
            Link link = byCrm.get(crmId);
            context.isolated(crmId, link == null ? null : link.peerId(), () -> {
                Pending<R> p = decide(crmId, loaded.get(crmId), scope.contains(crmId), changed, removed, toCreate);
                if (p != null) pending.add(p);
            });
        }
        writes.createAllInPeer(toCreate);
        writes.applyAll(pending);
        held.finish();
        return new Result(delta.nextCursor(), crmCursor);
    }

    /**
     * Decided reviews are carried out now, on the item as it is. Accepted: the held item is merged
     * as a peer change. Rejected: the held values become the link's base, so the merge sees only
     * Koppel's side as changed and writes it back over the peer's rewrite. An item that changed
     * again since it was held is asked about again instead.
     */
    private void takeReviews(Map<String, PeerItem> changed) {
        List<Review> decisions = held.decisions(byCrm);
        Map<String, PeerItem> fetched = context.readable(decisions.stream().map(Review::peerId)
                .filter(id -> !changed.containsKey(id)).toList());
        changed.putAll(fetched);
        for (Review r : decisions) {
            PeerItem now = changed.get(r.peerId());
            if (now != null && !now.version().equals(r.peerVersion())) {
                held.changedSinceDecision(r, now);
            } else if (r.status() == ContactReviewStore.Status.REJECTED) {
                Link link = byCrm.get(r.crmId());
                Link base = link.withBase(r.peer());
                byCrm.put(r.crmId(), base);
                byPeer.put(link.peerId(), base);
            }
        }
    }

    private PeerDelta peerChanges() {
        Function<String, String> known = id -> {
            Link link = byPeer.get(id);
            return link == null ? null : link.peerVersion();
        };
        if (context.cursor.peer() == null) return peer.fullListing(known);
        try {
            return peer.changes(context.cursor.peer(), known);
        } catch (PeerException.CursorExpired e) {
            // Rule 2: an expired cursor means a full listing reconciled against the links.
            return peer.fullListing(known);
        }
    }

    /**
     * A peer that lists by time says "removed" of an item that moved out of its window. Every removal
     * is read: an item that still exists is a change, only one that is gone counts as deleted (also
     * for a record resting out of scope, whose link must not point at nothing when it comes back).
     */
    private void confirmRemovals(Set<String> removed, Map<String, PeerItem> changed) {
        Map<String, PeerItem> present = context.readable(List.copyOf(removed));
        changed.putAll(present);
        removed.removeAll(present.keySet());
    }

    /** The CRM records this run must look at. */
    private Set<Long> candidates(Set<Long> scope, Map<String, PeerItem> changed, Set<String> removed) {
        var ids = new TreeSet<Long>();
        for (long id : scope) if (!byCrm.containsKey(id) || byCrm.get(id).peerGone()) ids.add(id);
        for (long id : byCrm.keySet()) if (!scope.contains(id) && !byCrm.get(id).peerGone()) ids.add(id);
        for (long id : records.changedSince(context.cursor.crm())) if (byCrm.containsKey(id)) ids.add(id);
        for (String peerId : changed.keySet()) if (byPeer.containsKey(peerId)) ids.add(byPeer.get(peerId).crmId());
        for (String peerId : removed) ids.add(byPeer.get(peerId).crmId());
        return ids;
    }

    /**
     * Rule 7: a run that would unlink or delete more than a set share of the links stops and asks.
     * A record out of scope that keeps its link (an appointment past the window) changes nothing
     * there, so it does not count: as a calendar ages, most of its links rest like that.
     */
    private void guardMassChange(Set<Long> scope, Set<String> removed, Map<Long, R> loaded) {
        long live = byPeer.size();
        List<Link> leaving = byPeer.values().stream().filter(l -> !scope.contains(l.crmId()) && !resting(l, loaded)).toList();
        List<Link> gone = removed.stream().map(byPeer::get).filter(l -> scope.contains(l.crmId())).toList();
        long affected = leaving.size() + gone.size();
        if (affected > policy.massChangeMinimum() && affected > policy.massChangeShare() * live
                && !connection.confirmedMassChange()) {
            // Each held record is on the report, so the person asked to confirm sees which ones (by name) it concerns.
            leaving.forEach(l -> report.item(l.crmId(), l.peerId(), Outcome.SKIPPED, MassChangeException.HELD_LEAVING));
            gone.forEach(l -> report.item(l.crmId(), l.peerId(), Outcome.SKIPPED, MassChangeException.HELD_GONE));
            throw new MassChangeException((int) affected, (int) live);
        }
    }

    private boolean resting(Link link, Map<Long, R> loaded) {
        R record = loaded.get(link.crmId());
        if (record == null) return false;
        Leaving leaving = records.leaving(record, connection);
        return leaving.kind() == Leaving.Kind.KEEP || said(link, leaving);
    }

    /** Whether the link's base already holds the leaving record's last words: the farewell was said, the link rests. */
    private static boolean said(Link link, Leaving leaving) {
        if (leaving.kind() != Leaving.Kind.FAREWELL || link.base() == null) return false;
        Snapshot agreed = link.base().agreed();
        return leaving.lastWords().values().entrySet().stream()
                .allMatch(e -> e.getValue().equals(agreed.get(e.getKey())));
    }

    private Map<Long, R> load(Set<Long> candidates, java.util.Collection<PeerItem> changed) {
        var ids = new ArrayList<Long>(candidates);
        changed.stream().map(PeerItem::stampedCrmId).filter(Objects::nonNull).forEach(ids::add);
        return records.load(ids.stream().distinct().toList());
    }

    private Pending<R> decide(long crmId, R record, boolean inScope, Map<String, PeerItem> changed,
                              Set<String> removed, List<R> toCreate) {
        Link link = byCrm.get(crmId);
        if (link == null || link.peerGone()) {
            // A record whose peer item was deleted comes back only after it changes in the CRM (Tribe document §1).
            boolean toPeer = policy.direction() != SyncPolicy.Direction.PEER_TO_CRM;
            boolean comesBack = link == null || records.version(record) > link.crmVersion();
            if (toPeer && inScope && comesBack && records.creatable(record)) toCreate.add(record);
            else if (inScope) report.unchanged();
            return null;
        }
        if (removed.contains(link.peerId())) {
            held.unlinked(crmId);
            context.save(crmId, null, null, link.base().agreed(), record == null ? link.crmVersion() : records.version(record));
            report.item(crmId, link.peerId(), Outcome.UNLINKED, records.peerDeleted());
            return null;
        }
        PeerItem item = changed.get(link.peerId());
        if (!inScope) {
            boolean rests = record != null && records.leaving(record, connection).kind() == Leaving.Kind.KEEP;
            // Only a real change: a time-listing peer's removals are read back, unchanged ones too.
            if (rests && item != null && link.sent() == null && !item.version().equals(link.peerVersion())) remember(link);
            leaveScope(link, record);
            return null;
        }
        if (context.isHeld(link, item)) return null;
        // Not reported by the peer: unchanged since the link was stored (a link with a write left
        // unconfirmed was read above). Should the merge write it, it is read before the write.
        Base base = item != null ? link.baseAgainst(item.version(), item.values()) : link.base();
        Snapshot peerValues = item != null ? item.values() : base.agreed();
        Merge.Result merge = context.merge(base, record, peerValues, item == null ? null : item.modifiedAt());
        return new Pending<>(record, link, item, merge);
    }

    /**
     * A resting record's item changed (a person edited it on the phone): the peer reports that once,
     * and it would be lost by the time the record comes back (into the window, from a colleague). The
     * link remembers it as a write of nothing left unconfirmed ({@link Sent} with no slots, against the
     * version it knew), so every run reads the item again, and the record merges with it on its return
     * like any other change, both ways, under the connection's conflict rule.
     */
    private void remember(Link link) {
        Link remembering = new Link(link.id(), link.connectionId(), link.dataType(), link.crmId(), link.peerId(),
                link.peerVersion(), link.base(), link.crmVersion(), new Sent(link.peerVersion(), Set.of(), link.base().agreed()));
        context.transactions.executeWithoutResult(tx -> context.links.save(remembering, context.clock.instant()));
    }

    private void leaveScope(Link link, R record) {
        Leaving leaving = record == null ? Leaving.unlink("deleted in Koppel") : records.leaving(record, connection);
        if (leaving.kind() == Leaving.Kind.KEEP || said(link, leaving)) return;
        held.unlinked(link.crmId());
        boolean toPeer = policy.direction() != SyncPolicy.Direction.PEER_TO_CRM;
        if (leaving.kind() == Leaving.Kind.FAREWELL && toPeer) {
            farewell(link, leaving, records.version(record));
        } else if (policy.removeFromPeerWhenOutOfScope() && toPeer) {
            try {
                peer.delete(link.peerId(), link.peerVersion());
            } catch (PeerException.VersionMismatch edited) {
                // Edited on the phone since: the user's newer copy is kept, only the link goes.
                unlink(link, Outcome.UNLINKED, leaving.why() + "; edited in the peer since, so the peer keeps it");
                return;
            }
            unlink(link, Outcome.DELETED_IN_PEER, leaving.why() + "; removed from the peer as set");
        } else {
            unlink(link, Outcome.UNLINKED, leaving.why() + "; the peer keeps its copy, which gets no more updates");
        }
    }

    /**
     * Writes the leaving record's last words into the peer item (a task marked completed) and lets the
     * link rest with them as its base: the record is never written again while it stays out of scope,
     * so a person who reopens the task on the phone is not overruled, and a record that comes back
     * (restored, reopened) merges with the item instead of making a second one. An item edited in the
     * peer meanwhile is read again and gets the last words on top of that edit.
     */
    private void farewell(Link link, Leaving leaving, long crmVersion) {
        for (int attempt = 0; ; attempt++) {
            PeerItem current = context.readable(List.of(link.peerId())).get(link.peerId());
            if (current == null) {
                unlink(link, Outcome.UNLINKED, leaving.why() + "; no longer in the peer");
                return;
            }
            var values = new TreeMap<>(current.values().values());
            values.putAll(leaving.lastWords().values());
            Snapshot last = new Snapshot(values);
            // The base: what was agreed, with the last words. A phone edit not merged yet stays a
            // change of the peer's, so a record that comes back merges it instead of overwriting it.
            var agreed = new TreeMap<>(link.base() == null ? Map.<String, String>of() : link.base().agreed().values());
            agreed.putAll(leaving.lastWords().values());
            Snapshot base = new Snapshot(agreed);
            boolean unmerged = context.map.rows().stream().map(FieldMap.Row::slot).distinct()
                    .filter(slot -> !leaving.lastWords().values().containsKey(slot))
                    .filter(slot -> !peer.unheldSlots().contains(slot))
                    .anyMatch(slot -> !Objects.equals(current.values().get(slot), base.get(slot)));
            try {
                String version = last.equals(current.values()) ? current.version()
                        : peer.update(current, last, link.crmId()).version();
                // With a phone edit not merged yet, the link says so (a Sent of no slots): the item is read
                // again each run, as its base no longer tells what the item holds at this version.
                Sent reread = unmerged ? new Sent(current.version(), Set.of(), base) : null;
                context.transactions.executeWithoutResult(tx -> context.links.save(new Link(link.id(), connection.id(),
                        records.type(), link.crmId(), link.peerId(), version, Base.of(base), crmVersion, reread),
                        context.clock.instant()));
                report.item(link.crmId(), link.peerId(), Outcome.UPDATED_PEER, leaving.why());
                return;
            } catch (PeerException.VersionMismatch edited) {
                // The link stays as it was: the next run says farewell again.
                if (attempt >= FAREWELL_ATTEMPTS) throw new PeerException.Transient(
                        "the peer item kept changing while Koppel wrote its last words", null, edited);
            }
        }
    }

    private void unlink(Link link, Outcome outcome, String why) {
        context.transactions.executeWithoutResult(tx -> context.links.delete(connection.id(), records.type(), link.crmId()));
        report.item(link.crmId(), link.peerId(), outcome, why);
    }

    /** A peer item no link knows: re-found through its stamped CRM id, or left to the type's adoption. */
    private void unlinkedPeerItem(PeerItem item, Set<Long> scope, Map<Long, R> loaded) {
        Long crmId = item.stampedCrmId();
        R record = crmId == null ? null : loaded.get(crmId);
        if (record == null && policy.direction() == SyncPolicy.Direction.CRM_TO_PEER) {
            report.item(null, item.peerId(), Outcome.SKIPPED, "this connection only sends Koppel's "
                    + records.noun() + " to the peer");
            return;
        }
        if (record == null && !peer.importsNewItems()) {
            report.item(null, item.peerId(), Outcome.SKIPPED, "made in the peer, not in Koppel: this connection syncs "
                    + "only " + records.noun() + " that come from Koppel");
            return;
        }
        if (record == null) {
            records.adopt(item, this);
            adoptedItems.add(item.peerId());
            return;
        }
        Link existing = byCrm.get(crmId);
        if (existing != null && !existing.peerGone()) {
            report.item(crmId, item.peerId(), Outcome.SKIPPED, "a copy of one Koppel already syncs as "
                    + existing.peerId() + "; left alone");
        } else if (!scope.contains(crmId)) {
            Leaving leaving = records.leaving(record, connection);
            if (leaving.kind() == Leaving.Kind.FAREWELL && policy.direction() != SyncPolicy.Direction.PEER_TO_CRM) {
                // Koppel made it in a run that died before linking it, and the record left meanwhile (a task
                // completed): it still gets its last words, so it does not stay open in the peer.
                farewell(new Link(0, connection.id(), records.type(), crmId, item.peerId(), item.version(),
                        Base.of(item.values()), records.version(record), null), leaving, records.version(record));
            } else {
                report.item(crmId, item.peerId(), Outcome.SKIPPED, "comes from Koppel but is not in your sync scope");
            }
        } else {
            writes.relink(record, item);
            byCrm.put(crmId, byPeer.get(item.peerId()));
        }
    }
}
