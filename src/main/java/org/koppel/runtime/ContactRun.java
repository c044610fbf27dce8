package org.koppel.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.crm.Change;
import org.koppel.crm.RecordType;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.runtime.ContactSync.Result;
import org.koppel.runtime.RunWrites.Pending;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.ContactReviewStore.Review;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.Base;
import org.koppel.sync.DataType;
import org.koppel.sync.Link;
import org.koppel.sync.Merge;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reading and deciding part of one contacts run: the links by CRM id and by peer id, the peer's
 * changes since its cursor, the CRM records to look at, the mass-change guard (rule 7), and per record
 * what happens to it: a merge to apply, a peer item to create, an unlink, leaving scope. A peer item
 * no link knows is re-found through its stamped CRM id or left to the creation policy. What it decides
 * is applied by {@link RunWrites}; the cursors it hands back move only after that.
 */
final class ContactRun {

    private final RunContext context;
    private final RunWrites writes;
    private final ChangeLogStore changeLog;
    private final SyncConfigStore config;
    private final PeerImports imports;
    private final Connection connection;
    private final ItemPeer peer;
    private final SyncPolicy policy;
    private final ReportBuilder report;
    private final Map<Long, Link> byCrm;
    private final Map<String, Link> byPeer;
    private final RunReviews held;
    private final RelationStore relationStore;
    private final LinkStore links;
    private final TransactionTemplate transactions;

    ContactRun(RunContext context, RunWrites writes, ChangeLogStore changeLog, SyncConfigStore config,
               PeerImports imports) {
        this.context = context;
        this.writes = writes;
        this.changeLog = changeLog;
        this.config = config;
        this.imports = imports;
        this.connection = context.connection;
        this.peer = context.peer;
        this.policy = context.policy;
        this.report = context.report;
        this.byCrm = context.byCrm;
        this.byPeer = context.byPeer;
        this.held = context.held;
        this.relationStore = context.relationStore;
        this.links = context.links;
        this.transactions = context.transactions;
    }

    Result execute() {
        // Read the change-log position first: a CRM change committed while this run reads is then seen next run.
        long crmCursor = changeLog.lastSeq();
        if (policy.direction() == SyncPolicy.Direction.OFF) {
            return new Result(context.cursor.peer(), crmCursor);
        }
        for (Link link : links.all(connection.id(), DataType.CONTACTS)) {
            byCrm.put(link.crmId(), link);
            if (!link.peerGone()) byPeer.put(link.peerId(), link);
        }
        PeerDelta delta = peerChanges();
        Map<String, PeerItem> changed = new LinkedHashMap<>();
        delta.changed().forEach(item -> changed.put(item.peerId(), item));
        // Contacts a person imported from the queue since the last run: fetched, so they get linked now.
        List<String> decided = imports.decidedSinceLastRun(connection.id()).stream()
                .filter(id -> !byPeer.containsKey(id) && !changed.containsKey(id)).toList();
        if (!decided.isEmpty()) changed.putAll(peer.fetch(decided));
        // Items a dead run wrote to without storing the outcome: merged with what they hold now.
        changed.putAll(context.readable(byPeer.values().stream().filter(l -> l.sent() != null).map(Link::peerId)
                .filter(id -> !changed.containsKey(id)).toList()));
        takeReviews(changed);
        Set<String> removed = new HashSet<>(delta.complete() ? byPeer.keySet() : delta.removed());
        if (delta.complete()) removed.removeAll(delta.present());
        removed.retainAll(byPeer.keySet());

        delta.rejected().forEach((peerId, reason) -> report.item(
                byPeer.containsKey(peerId) ? byPeer.get(peerId).crmId() : null, peerId, Outcome.ERROR, reason));

        Set<Long> scope = config.personsInScope(connection.ownerId(), policy.scope(), policy.scopeMainGroup());
        Set<Long> candidates = candidates(scope, changed, removed);
        guardMassChange(scope, removed);

        report.expect(candidates.size() + (int) changed.keySet().stream().filter(id -> !byPeer.containsKey(id)).count());
        Map<Long, Person> persons = persons(candidates, changed.values());
        context.readOrganisationNames(persons.values());
        for (PeerItem item : changed.values()) {
            if (!byPeer.containsKey(item.peerId())) {
                context.isolated(item.stampedCrmId(), item.peerId(), () -> unlinkedPeerItem(item, scope, persons));
            }
        }
        var pending = new ArrayList<Pending>();
        var toCreate = new ArrayList<Person>();
        for (long crmId : candidates) {
            Link link = byCrm.get(crmId);
            context.isolated(crmId, link == null ? null : link.peerId(), () -> {
                Pending p = decide(crmId, persons.get(crmId), scope.contains(crmId), changed, removed, toCreate);
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

    /** The CRM records this run must look at. */
    private Set<Long> candidates(Set<Long> scope, Map<String, PeerItem> changed, Set<String> removed) {
        var ids = new TreeSet<Long>();
        for (long id : scope) if (!byCrm.containsKey(id) || byCrm.get(id).peerGone()) ids.add(id);
        for (long id : byCrm.keySet()) if (!scope.contains(id) && !byCrm.get(id).peerGone()) ids.add(id);
        for (long id : crmChangedSince(context.cursor.crm())) if (byCrm.containsKey(id)) ids.add(id);
        for (String peerId : changed.keySet()) if (byPeer.containsKey(peerId)) ids.add(byPeer.get(peerId).crmId());
        for (String peerId : removed) ids.add(byPeer.get(peerId).crmId());
        return ids;
    }

    private Set<Long> crmChangedSince(long cursor) {
        var persons = new HashSet<Long>();
        var organisations = new ArrayList<Long>();
        long after = cursor;
        List<Change> page;
        do {
            page = changeLog.after(after, 1000);
            for (Change c : page) {
                if (c.recordType() == RecordType.PERSON) persons.add(c.recordId());
                if (c.recordType() == RecordType.ORGANISATION && c.fields().contains("name")) organisations.add(c.recordId());
                after = c.seq();
            }
        } while (page.size() == 1000);
        persons.addAll(config.contactPersonsOf(organisations));
        return persons;
    }

    /** Rule 7: a run that would unlink or delete more than a set share of the links stops and asks. */
    private void guardMassChange(Set<Long> scope, Set<String> removed) {
        long live = byPeer.size();
        long leaving = byPeer.values().stream().filter(l -> !scope.contains(l.crmId())).count();
        long affected = leaving + removed.stream().filter(id -> scope.contains(byPeer.get(id).crmId())).count();
        if (affected > policy.massChangeMinimum() && affected > policy.massChangeShare() * live
                && !connection.confirmedMassChange()) {
            throw new MassChangeException((int) affected, (int) live);
        }
    }

    private Map<Long, Person> persons(Set<Long> candidates, java.util.Collection<PeerItem> changed) {
        var ids = new ArrayList<Long>(candidates);
        changed.stream().map(PeerItem::stampedCrmId).filter(java.util.Objects::nonNull).forEach(ids::add);
        var persons = new HashMap<Long, Person>();
        for (Relation r : relationStore.load(ids.stream().distinct().toList())) {
            if (r instanceof Person p) persons.put(p.id(), p);
        }
        return persons;
    }

    private Pending decide(long crmId, Person person, boolean inScope, Map<String, PeerItem> changed,
                           Set<String> removed, List<Person> toCreate) {
        Link link = byCrm.get(crmId);
        if (link == null || link.peerGone()) {
            // A record whose peer item was deleted comes back only after it changes in the CRM (Tribe document §1).
            boolean toPeer = policy.direction() != SyncPolicy.Direction.PEER_TO_CRM;
            if (toPeer && inScope && (link == null || person.version() > link.crmVersion())) toCreate.add(person);
            else if (inScope) report.unchanged();
            return null;
        }
        if (removed.contains(link.peerId())) {
            held.unlinked(crmId);
            context.save(crmId, null, null, link.base().agreed(), person == null ? link.crmVersion() : person.version());
            report.item(crmId, link.peerId(), Outcome.UNLINKED, "deleted in the peer; kept in Koppel, and put back "
                    + "in the peer after its next change in Koppel while it is in scope");
            return null;
        }
        if (!inScope) {
            leaveScope(link, person);
            return null;
        }
        PeerItem item = changed.get(link.peerId());
        if (context.isHeld(link, item)) return null;
        // Not reported by the peer: unchanged since the link was stored (a link with a write left
        // unconfirmed was read above). Should the merge write it, it is read before the write.
        Base base = item != null ? link.baseAgainst(item.version(), item.values()) : link.base();
        Snapshot peerValues = item != null ? item.values() : base.agreed();
        Merge.Result merge = context.merge(base, person, peerValues, item == null ? null : item.modifiedAt());
        return new Pending(person, link, item, merge);
    }

    private void leaveScope(Link link, Person person) {
        held.unlinked(link.crmId());
        String why = person == null || person.deleted() ? "deleted in Koppel"
                : person.former() ? "marked former in Koppel" : "no longer in your sync scope";
        if (policy.removeFromPeerWhenOutOfScope() && policy.direction() != SyncPolicy.Direction.PEER_TO_CRM) {
            try {
                peer.delete(link.peerId(), link.peerVersion());
            } catch (PeerException.VersionMismatch edited) {
                // Edited on the phone since: the user's newer copy is kept, only the link goes.
                transactions.executeWithoutResult(tx -> links.delete(connection.id(), DataType.CONTACTS, link.crmId()));
                report.item(link.crmId(), link.peerId(), Outcome.UNLINKED, why + "; edited in the peer since, so "
                        + "the peer keeps it");
                return;
            }
            transactions.executeWithoutResult(tx -> links.delete(connection.id(), DataType.CONTACTS, link.crmId()));
            report.item(link.crmId(), link.peerId(), Outcome.DELETED_IN_PEER, why + "; removed from the peer as set");
        } else {
            transactions.executeWithoutResult(tx -> links.delete(connection.id(), DataType.CONTACTS, link.crmId()));
            report.item(link.crmId(), link.peerId(), Outcome.UNLINKED, why + "; the peer keeps its copy, "
                    + "which gets no more updates");
        }
    }

    /** A peer item no link knows: re-found through its stamped CRM id, or left to the creation policy. */
    private void unlinkedPeerItem(PeerItem item, Set<Long> scope, Map<Long, Person> persons) {
        Long crmId = item.stampedCrmId();
        Person person = crmId == null ? null : persons.get(crmId);
        if (person == null && policy.direction() == SyncPolicy.Direction.CRM_TO_PEER) {
            report.item(null, item.peerId(), Outcome.SKIPPED, "this connection only sends Koppel's contacts to the peer");
            return;
        }
        if (person == null && !peer.importsNewItems()) {
            report.item(null, item.peerId(), Outcome.SKIPPED, "made in the peer, not in Koppel: this connection syncs "
                    + "only contacts that come from Koppel");
            return;
        }
        if (person == null) {
            imports.consider(connection, peer, policy, item, report, transactions);
            return;
        }
        Link existing = byCrm.get(crmId);
        if (existing != null && !existing.peerGone()) {
            report.item(crmId, item.peerId(), Outcome.SKIPPED, "a copy of a contact Koppel already syncs as "
                    + existing.peerId() + "; left alone");
        } else if (!scope.contains(crmId)) {
            report.item(crmId, item.peerId(), Outcome.SKIPPED, "comes from Koppel but is not in your sync scope");
        } else {
            writes.relink(person, item);
            byCrm.put(crmId, byPeer.get(item.peerId()));
        }
    }
}
