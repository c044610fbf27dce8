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
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.Base;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Merge;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Sent;
import org.koppel.sync.Snapshot;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writing part of one contacts run: carries out what {@link ContactRun} decided. It writes the
 * merges to the peer (in batches of the peer's size, each item's result on its own) and to Koppel,
 * creates the peer items of records in scope without one, stores the links and logs the conflicts.
 * A peer write is recorded on its link before it goes out ({@link Sent}) and confirmed before the
 * link is stored; a CRM write and its link are stored in one transaction. One per run.
 */
final class RunWrites {

    private static final int MAX_PRECONDITION_RETRIES = 3;

    private final RunContext context;
    private final Relations relations;
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

    RunWrites(RunContext context, Relations relations, SyncRunStore runs) {
        this.context = context;
        this.relations = relations;
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
    record Pending(Person person, Link link, PeerItem peerItem, Merge.Result merge) {
    }

    /**
     * Applies the decided merges. The peer's current content of items it did not report is fetched
     * in one batch; peer writes go in batches of the peer's size, each item's result on its own.
     */
    void applyAll(List<Pending> pending) {
        var toFetch = pending.stream().filter(p -> p.merge().writesPeer() && p.peerItem() == null)
                .map(p -> p.link().peerId()).toList();
        Map<String, PeerItem> fetched = context.readable(toFetch);
        var peerWrites = new ArrayList<Ready>();
        for (Pending p : pending) {
            if (unreadable.contains(p.link().peerId())) continue;
            PeerItem current = p.peerItem() != null ? p.peerItem() : fetched.get(p.link().peerId());
            // The card changed after the listing (or a change the cursor passed earlier was not applied):
            // merge with what it holds now, never write the old merge over it.
            boolean movedOn = current != null && p.peerItem() == null && !current.version().equals(p.link().peerVersion());
            if (movedOn && context.isHeld(p.link(), current)) continue;
            Merge.Result merge = movedOn ? merge(p.link(), p.person(), current) : p.merge();
            var ready = new Ready(p.person(), p.link(), current, merge);
            if (merge.writesPeer() && current != null) peerWrites.add(ready);
            else context.isolated(p.person().id(), p.link().peerId(), () -> apply(ready.person(), ready.link(), current, merge, 0));
        }
        for (List<Ready> batch : batches(peerWrites)) {
            batch.forEach(r -> logConflicts(r.person(), r.link().peerId(), r.merge()));
            transactions.executeWithoutResult(tx -> batch.forEach(r -> markSent(r.link(), r.merge(), r.current())));
            Map<Long, ItemPeer.Written<PeerItem>> written = peer.updateAll(batch.stream()
                    .map(r -> new ItemPeer.Update(r.current(), forPeer(peerValues(r.current(), r.person(),
                            r.merge().merged()), r.person()), r.person().id())).toList());
            PeerException.Transient later = null;
            for (Ready r : batch) {
                ItemPeer.Written<PeerItem> result = written.get(r.person().id());
                if (result.failure() instanceof PeerException.Transient t) {
                    later = t;
                    continue;
                }
                context.isolated(r.person().id(), r.link().peerId(), () -> {
                    if (result.failure() instanceof PeerException.VersionMismatch) {
                        notSent(r.link());
                        retryAfterMismatch(r.person(), r.link(), 0);
                    } else if (result.failure() != null) {
                        notSent(r.link());
                        throw result.failure();
                    } else {
                        afterPeerWrite(r.person(), r.link(), r.merge(), result.item().version());
                    }
                });
            }
            if (later != null) throw later;
        }
    }

    /** A merge whose peer write can go out in a batch. */
    private record Ready(Person person, Link link, PeerItem current, Merge.Result merge) {
    }

    private <T> List<List<T>> batches(List<T> all) {
        int size = Math.max(1, peer.batchSize());
        var batches = new ArrayList<List<T>>();
        for (int i = 0; i < all.size(); i += size) batches.add(all.subList(i, Math.min(all.size(), i + size)));
        return batches;
    }

    private void apply(Person person, Link link, PeerItem current, Merge.Result merge, int attempt) {
        Snapshot base = link.base() == null ? Snapshot.EMPTY : link.base().agreed();
        if (!merge.writesPeer() && !merge.writesCrm()) {
            boolean stored = link.base() != null && link.base().unsure().isEmpty() && link.sent() == null
                    && merge.merged().equals(base)
                    && (current == null || current.version().equals(link.peerVersion()));
            if (!stored) {
                context.save(person.id(), link.peerId(), current == null ? link.peerVersion() : current.version(),
                        merge.merged(), person.version());
            }
            logConflicts(person, link.peerId(), merge);
            if (merge.conflicts().isEmpty()) report.unchanged();
            else report.item(person.id(), link.peerId(), Outcome.UPDATED_BOTH, "both sides agreed after the conflict");
            return;
        }
        // The version the peer holds now, also when only Koppel is written: a later conditional
        // write (a delete when the record leaves scope) must not carry a version long gone.
        String peerVersion = current != null ? current.version() : link.peerVersion();
        // Write-ahead: the losing values are logged before a write overwrites them, so a run that
        // dies right after the write loses nothing (rule 11); afterPeerWrite logs them only if new.
        logConflicts(person, link.peerId(), merge);
        if (merge.writesPeer()) {
            if (current == null) {
                context.save(person.id(), null, null, base, person.version());
                report.item(person.id(), link.peerId(), Outcome.UNLINKED, "no longer in the peer; kept in Koppel");
                return;
            }
            try {
                transactions.executeWithoutResult(tx -> markSent(link, merge, current));
                peerVersion = peer.update(current, forPeer(peerValues(current, person, merge.merged()), person),
                        person.id()).version();
            } catch (PeerException.VersionMismatch e) {
                notSent(link);
                if (attempt >= MAX_PRECONDITION_RETRIES) throw new PeerException.Transient(
                        "the peer item kept changing while Koppel wrote it", null, e);
                retryAfterMismatch(person, link, attempt);
                return;
            }
        }
        afterPeerWrite(person, link, merge, peerVersion);
    }

    /**
     * Records what goes to the peer before it goes (Sent): should the run die before the link is
     * stored after the write, the next run can tell a value it wrote from a person's change since.
     */
    private void markSent(Link link, Merge.Result merge, PeerItem current) {
        links.save(new Link(link.id(), connection.id(), DataType.CONTACTS, link.crmId(), link.peerId(),
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
    private void retryAfterMismatch(Person person, Link link, int attempt) {
        PeerItem fresh = peer.fetch(List.of(link.peerId())).get(link.peerId());
        if (fresh != null && context.isHeld(link, fresh)) return;
        if (fresh == null) {
            // Deleted while Koppel wrote it: a peer delete, which unlinks and keeps the record (rule 7).
            context.save(person.id(), null, null, link.base() == null ? null : link.base().agreed(), person.version());
            report.item(person.id(), link.peerId(), Outcome.UNLINKED, "deleted in the peer; kept in Koppel");
            return;
        }
        apply(person, link, fresh, merge(link, person, fresh), attempt + 1);
    }

    /** The CRM side of a merge, and the link, once the peer holds {@code peerVersion}. */
    private void afterPeerWrite(Person person, Link link, Merge.Result merge, String peerVersion) {
        if (merge.writesCrm()) {
            Person changed = ContactProjection.apply(person, merge.merged(), merge.crmSlots(), map);
            transactions.executeWithoutResult(tx -> {
                Relation stored = relations.update(RelationKind.PERSON, person.id(), person.version(), changed, origin);
                links.save(connection.id(), DataType.CONTACTS, person.id(), link.peerId(), peerVersion,
                        merge.merged(), stored.version(), clock.instant());
            });
        } else {
            context.save(person.id(), link.peerId(), peerVersion, merge.merged(), person.version());
        }
        logConflicts(person, link.peerId(), merge);
        Outcome outcome = merge.writesPeer() && merge.writesCrm() ? Outcome.UPDATED_BOTH
                : merge.writesPeer() ? Outcome.UPDATED_PEER : Outcome.UPDATED_CRM;
        report.item(person.id(), link.peerId(), outcome, describe(merge));
    }

    /** Creates the peer items of records in scope without one, in batches of the peer's size. */
    void createAllInPeer(List<Person> persons) {
        for (List<Person> batch : batches(persons)) {
            var values = new LinkedHashMap<Long, Snapshot>();
            batch.forEach(p -> values.put(p.id(), context.project(p)));
            var byId = new LinkedHashMap<Long, Snapshot>();
            batch.forEach(p -> byId.put(p.id(), forPeer(values.get(p.id()), p)));
            Map<Long, ItemPeer.Written<ItemPeer.Created>> written = peer.createAll(byId);
            PeerException.Transient later = null;
            for (Person person : batch) {
                ItemPeer.Written<ItemPeer.Created> result = written.get(person.id());
                if (result.failure() instanceof PeerException.Transient t) {
                    later = t;
                    continue;
                }
                context.isolated(person.id(), null, () -> {
                    if (result.failure() != null) throw result.failure();
                    created(person, values.get(person.id()), result.item());
                });
            }
            // The items the batch did write are linked first; then the peer's "later" ends the run.
            if (later != null) throw later;
        }
    }

    private void created(Person person, Snapshot values, ItemPeer.Created created) {
        PeerItem item = created.item();
        if (!created.existed()) {
            context.save(person.id(), item.peerId(), item.version(), values, person.version());
            report.item(person.id(), item.peerId(), Outcome.CREATED_IN_PEER, "in scope, not yet in the peer");
            return;
        }
        // Found at its own address: an earlier run created it and stopped before linking it.
        relink(person, item);
    }

    /** Links the record to a peer item found without a link, and merges the two (no base: nothing agreed yet). */
    void relink(Person person, PeerItem item) {
        var link = new Link(0, connection.id(), DataType.CONTACTS, person.id(), item.peerId(), item.version(), null,
                person.version(), null);
        byPeer.put(item.peerId(), link);
        apply(person, link, item, merge(link, person, item), 0);
    }

    /** Merges the record with the item as it is now, against the link's base for that item (none when re-found). */
    private Merge.Result merge(Link link, Person person, PeerItem item) {
        Base base = link.base() == null ? null : link.baseAgainst(item.version(), item.values());
        return context.merge(base, person, item.values(), item.modifiedAt());
    }

    /** The card's values with the mapped slots replaced: slots the map does not cover stay as the peer has them. */
    private Snapshot peerValues(PeerItem current, Person person, Snapshot merged) {
        var values = new java.util.TreeMap<>(current.values().values());
        for (String slot : map.slotsFor(ContactProjection.roleOf(person))) {
            if (merged.get(slot) != null) values.put(slot, merged.get(slot));
            else values.remove(slot);
        }
        return new Snapshot(values);
    }

    /** Values as a connector gets them: with the person's kind, for peers whose values are untyped. */
    private static Snapshot forPeer(Snapshot values, Person person) {
        var withKind = new java.util.TreeMap<>(values.values());
        withKind.put(ContactSlots.KIND, ContactProjection.roleOf(person) == org.koppel.sync.FieldMap.PersonRole.CONTACT_PERSON
                ? ContactSlots.KIND_CONTACT_PERSON : ContactSlots.KIND_PRIVATE_INDIVIDUAL);
        return new Snapshot(withKind);
    }

    /** Logs and reports the merge's conflicts that are not logged yet (see SyncRunStore#conflict). */
    private void logConflicts(Person person, String peerId, Merge.Result merge) {
        Instant now = clock.instant();
        for (Merge.FieldConflict c : merge.conflicts()) {
            if (!runs.conflict(connection.id(), runId, DataType.CONTACTS, person.id(), peerId, c, now)) continue;
            report.conflict(person.id(), peerId, ContactSlots.label(c.slot()) + " changed on both sides: "
                    + (c.winner() == Merge.Side.CRM ? "Koppel's '" + c.crm() + "' kept, the peer's '" + c.peer()
                    : "the peer's '" + c.peer() + "' kept, Koppel's '" + c.crm()) + "' is in the conflict log");
        }
    }

    private static String labels(Set<String> slots) {
        return String.join(", ", slots.stream().map(ContactSlots::label).toList());
    }

    private static String describe(Merge.Result merge) {
        var parts = new ArrayList<String>();
        if (merge.writesPeer()) parts.add("to the peer: " + labels(merge.peerSlots()));
        if (merge.writesCrm()) parts.add("to Koppel: " + labels(merge.crmSlots()));
        return String.join("; ", parts);
    }
}
