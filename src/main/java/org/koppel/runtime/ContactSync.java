package org.koppel.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.koppel.connector.ContactPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.crm.Change;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.ContactReviewStore.Review;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.store.SyncConfigStore;
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
import org.koppel.sync.SyncPolicy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One contacts run of one connection: peer changes since the peer cursor and CRM changes since the
 * CRM cursor are reconciled against the links (DESIGN.md "How data flows"), then applied. A peer
 * write is confirmed before its link is stored; a CRM write and its link are stored in one
 * transaction; the cursors move only after everything is applied. A run killed anywhere therefore
 * repeats work on restart but neither duplicates nor loses it.
 */
@Service
public class ContactSync {

    private static final int MAX_PRECONDITION_RETRIES = 3;

    private final Relations relations;
    private final RelationStore relationStore;
    private final ChangeLogStore changeLog;
    private final LinkStore links;
    private final SyncConfigStore config;
    private final SyncRunStore runs;
    private final SyncSettings settings;
    private final PeerImports imports;
    private final ContactReviewStore reviews;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ContactSync(Relations relations, RelationStore relationStore, ChangeLogStore changeLog, LinkStore links,
                       SyncConfigStore config, SyncRunStore runs, SyncSettings settings, PeerImports imports,
                       ContactReviewStore reviews, TransactionTemplate transactions, Clock clock) {
        this.relations = relations;
        this.relationStore = relationStore;
        this.changeLog = changeLog;
        this.links = links;
        this.config = config;
        this.runs = runs;
        this.settings = settings;
        this.imports = imports;
        this.reviews = reviews;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What a finished run hands back: the cursors to store. */
    public record Result(String peerCursor, long crmCursor) {
    }

    /** @param report filled as the run goes, so a run that fails halfway still reports what it did */
    public Result run(Connection connection, ContactPeer peer, long runId, ReportBuilder report) {
        SyncPolicy policy = settings.policyFor(connection.ownerId(), DataType.CONTACTS, connection.settings());
        var run = new Run(connection, peer, runId, policy, config.fieldMap(DataType.CONTACTS), report);
        return run.execute();
    }

    /** The state of one run; lives as long as the run. */
    private final class Run {
        private final Connection connection;
        private final ContactPeer peer;
        private final long runId;
        private final SyncPolicy policy;
        private final FieldMap map;
        private final ReportBuilder report;
        private final Map<Long, Link> byCrm = new HashMap<>();
        private final Map<String, Link> byPeer = new HashMap<>();
        private final Origin origin;
        /** Names of the organisations of the persons this run projects, read once per run, not per person. */
        private final Map<Long, String> organisationNames = new HashMap<>();
        /** Held peer changes: records waiting for a decision are left alone; decisions are carried out. */
        private final RunReviews held;
        /** Items the peer could not read this run: reported, and neither merged nor taken as deleted. */
        private final Set<String> unreadable = new HashSet<>();

        Run(Connection connection, ContactPeer peer, long runId, SyncPolicy policy, FieldMap map, ReportBuilder report) {
            this.report = report;
            this.connection = connection;
            this.peer = peer;
            this.runId = runId;
            this.policy = policy;
            this.map = map;
            this.origin = Origin.connection(connection.id());
            this.held = new RunReviews(reviews, connection.id(), clock);
        }

        Result execute() {
            // Read the change-log position first: a CRM change committed while this run reads is then seen next run.
            long crmCursor = changeLog.lastSeq();
            if (policy.direction() == SyncPolicy.Direction.OFF) {
                return new Result(connection.peerCursor(), crmCursor);
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
            changed.putAll(readable(byPeer.values().stream().filter(l -> l.sent() != null).map(Link::peerId)
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
            organisationNames.putAll(relationStore.displayNames(persons.values().stream()
                    .flatMap(p -> p.contactRoles().stream()).map(ContactRole::organisationId).distinct().toList()));
            for (PeerItem item : changed.values()) {
                if (!byPeer.containsKey(item.peerId())) {
                    isolated(item.stampedCrmId(), item.peerId(), () -> unlinkedPeerItem(item, scope, persons));
                }
            }
            var pending = new ArrayList<Pending>();
            var toCreate = new ArrayList<Person>();
            for (long crmId : candidates) {
                Link link = byCrm.get(crmId);
                isolated(crmId, link == null ? null : link.peerId(), () -> {
                    Pending p = decide(crmId, persons.get(crmId), scope.contains(crmId), changed, removed, toCreate);
                    if (p != null) pending.add(p);
                });
            }
            createAllInPeer(toCreate);
            applyAll(pending);
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
            Map<String, PeerItem> fetched = readable(decisions.stream().map(Review::peerId)
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

        /** True when the record's peer change waits for a decision (held now or before); reported as held. */
        private boolean isHeld(Link link, PeerItem item) {
            Optional<String> reason = held.holdReason(link, item);
            reason.ifPresent(why -> report.item(link.crmId(), link.peerId(), Outcome.HELD_FOR_REVIEW, why));
            return reason.isPresent();
        }

        /**
         * The current content of some items. One the peer cannot read is reported as an error with its
         * record and left out: neither merged nor taken as deleted; the others go on.
         */
        private Map<String, PeerItem> readable(List<String> peerIds) {
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
        private void isolated(Long crmId, String peerId, Runnable work) {
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

        private PeerDelta peerChanges() {
            Function<String, String> known = id -> {
                Link link = byPeer.get(id);
                return link == null ? null : link.peerVersion();
            };
            if (connection.peerCursor() == null) return peer.fullListing(known);
            try {
                return peer.changes(connection.peerCursor(), known);
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
            for (long id : crmChangedSince(connection.crmCursor())) if (byCrm.containsKey(id)) ids.add(id);
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

        /** A decided change to one linked or new item, waiting for the peer's current content if it needs it. */
        private record Pending(Person person, Link link, PeerItem peerItem, Merge.Result merge) {
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
                save(crmId, null, null, link.base().agreed(), person == null ? link.crmVersion() : person.version());
                report.item(crmId, link.peerId(), Outcome.UNLINKED, "deleted in the peer; kept in Koppel, and put back "
                        + "in the peer after its next change in Koppel while it is in scope");
                return null;
            }
            if (!inScope) {
                leaveScope(link, person);
                return null;
            }
            PeerItem item = changed.get(link.peerId());
            if (isHeld(link, item)) return null;
            // Not reported by the peer: unchanged since the link was stored (a link with a write left
            // unconfirmed was read above). Should the merge write it, it is read before the write.
            Base base = item != null ? link.baseAgainst(item.version(), item.values()) : link.base();
            Snapshot peerValues = item != null ? item.values() : base.agreed();
            Snapshot crmValues = project(person);
            Merge.Result merge = Merge.merge(base, crmValues, peerValues, map.rowsFor(ContactProjection.roleOf(person)),
                    policy.direction(), policy.conflictRule(),
                    new Merge.Times(person.updatedAt(), item == null ? null : item.modifiedAt()));
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

        /**
         * Applies the decided merges. The peer's current content of items it did not report is fetched
         * in one batch; peer writes go in batches of the peer's size, each item's result on its own.
         */
        private void applyAll(List<Pending> pending) {
            var toFetch = pending.stream().filter(p -> p.merge().writesPeer() && p.peerItem() == null)
                    .map(p -> p.link().peerId()).toList();
            Map<String, PeerItem> fetched = readable(toFetch);
            var peerWrites = new ArrayList<Ready>();
            for (Pending p : pending) {
                if (unreadable.contains(p.link().peerId())) continue;
                PeerItem current = p.peerItem() != null ? p.peerItem() : fetched.get(p.link().peerId());
                // The card changed after the listing (or a change the cursor passed earlier was not applied):
                // merge with what it holds now, never write the old merge over it.
                boolean movedOn = current != null && p.peerItem() == null && !current.version().equals(p.link().peerVersion());
                if (movedOn && isHeld(p.link(), current)) continue;
                Merge.Result merge = movedOn ? merge(p.link(), p.person(), current) : p.merge();
                var ready = new Ready(p.person(), p.link(), current, merge);
                if (merge.writesPeer() && current != null) peerWrites.add(ready);
                else isolated(p.person().id(), p.link().peerId(), () -> apply(ready.person(), ready.link(), current, merge, 0));
            }
            for (List<Ready> batch : batches(peerWrites)) {
                batch.forEach(r -> logConflicts(r.person(), r.link().peerId(), r.merge()));
                transactions.executeWithoutResult(tx -> batch.forEach(r -> markSent(r.link(), r.merge(), r.current())));
                Map<Long, ContactPeer.Written<PeerItem>> written = peer.updateAll(batch.stream()
                        .map(r -> new ContactPeer.Update(r.current(), forPeer(peerValues(r.current(), r.person(),
                                r.merge().merged()), r.person()), r.person().id())).toList());
                PeerException.Transient later = null;
                for (Ready r : batch) {
                    ContactPeer.Written<PeerItem> result = written.get(r.person().id());
                    if (result.failure() instanceof PeerException.Transient t) {
                        later = t;
                        continue;
                    }
                    isolated(r.person().id(), r.link().peerId(), () -> {
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
                    save(person.id(), link.peerId(), current == null ? link.peerVersion() : current.version(),
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
                    save(person.id(), null, null, base, person.version());
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
            if (fresh != null && isHeld(link, fresh)) return;
            if (fresh == null) {
                // Deleted while Koppel wrote it: a peer delete, which unlinks and keeps the record (rule 7).
                save(person.id(), null, null, link.base() == null ? null : link.base().agreed(), person.version());
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
                save(person.id(), link.peerId(), peerVersion, merge.merged(), person.version());
            }
            logConflicts(person, link.peerId(), merge);
            Outcome outcome = merge.writesPeer() && merge.writesCrm() ? Outcome.UPDATED_BOTH
                    : merge.writesPeer() ? Outcome.UPDATED_PEER : Outcome.UPDATED_CRM;
            report.item(person.id(), link.peerId(), outcome, describe(merge));
        }

        /** Creates the peer items of records in scope without one, in batches of the peer's size. */
        private void createAllInPeer(List<Person> persons) {
            for (List<Person> batch : batches(persons)) {
                var values = new LinkedHashMap<Long, Snapshot>();
                batch.forEach(p -> values.put(p.id(), project(p)));
                var byId = new LinkedHashMap<Long, Snapshot>();
                batch.forEach(p -> byId.put(p.id(), forPeer(values.get(p.id()), p)));
                Map<Long, ContactPeer.Written<ContactPeer.Created>> written = peer.createAll(byId);
                PeerException.Transient later = null;
                for (Person person : batch) {
                    ContactPeer.Written<ContactPeer.Created> result = written.get(person.id());
                    if (result.failure() instanceof PeerException.Transient t) {
                        later = t;
                        continue;
                    }
                    isolated(person.id(), null, () -> {
                        if (result.failure() != null) throw result.failure();
                        created(person, values.get(person.id()), result.item());
                    });
                }
                // The items the batch did write are linked first; then the peer's "later" ends the run.
                if (later != null) throw later;
            }
        }

        private void created(Person person, Snapshot values, ContactPeer.Created created) {
            PeerItem item = created.item();
            if (!created.existed()) {
                save(person.id(), item.peerId(), item.version(), values, person.version());
                report.item(person.id(), item.peerId(), Outcome.CREATED_IN_PEER, "in scope, not yet in the peer");
                return;
            }
            // Found at its own address: an earlier run created it and stopped before linking it.
            relink(person, item);
        }

        private void relink(Person person, PeerItem item) {
            var link = new Link(0, connection.id(), DataType.CONTACTS, person.id(), item.peerId(), item.version(), null,
                    person.version(), null);
            byPeer.put(item.peerId(), link);
            apply(person, link, item, merge(link, person, item), 0);
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
                imports.consider(connection, peer, policy, item, report);
                return;
            }
            Link existing = byCrm.get(crmId);
            if (existing != null && !existing.peerGone()) {
                report.item(crmId, item.peerId(), Outcome.SKIPPED, "a copy of a contact Koppel already syncs as "
                        + existing.peerId() + "; left alone");
            } else if (!scope.contains(crmId)) {
                report.item(crmId, item.peerId(), Outcome.SKIPPED, "comes from Koppel but is not in your sync scope");
            } else {
                relink(person, item);
                byCrm.put(crmId, byPeer.get(item.peerId()));
            }
        }

        /** Merges the record with the item as it is now, against the link's base for that item (none when re-found). */
        private Merge.Result merge(Link link, Person person, PeerItem item) {
            Base base = link.base() == null ? null : link.baseAgainst(item.version(), item.values());
            return Merge.merge(base, project(person), item.values(), map.rowsFor(ContactProjection.roleOf(person)),
                    policy.direction(), policy.conflictRule(), new Merge.Times(person.updatedAt(), item.modifiedAt()));
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

        private Snapshot project(Person person) {
            var missing = person.contactRoles().stream().map(ContactRole::organisationId)
                    .filter(id -> !organisationNames.containsKey(id)).toList();
            organisationNames.putAll(relationStore.displayNames(missing));
            return ContactProjection.project(person, organisationNames, map);
        }

        private void save(long crmId, String peerId, String peerVersion, Snapshot base, long crmVersion) {
            transactions.executeWithoutResult(tx -> links.save(connection.id(), DataType.CONTACTS, crmId, peerId,
                    peerVersion, base == null ? Snapshot.EMPTY : base, crmVersion, clock.instant()));
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
}
