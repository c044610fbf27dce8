package org.koppel.sim;

import static org.koppel.sync.RelationSlots.KIND_CONTACT_PERSON;
import static org.koppel.sync.RelationSlots.KIND_ORGANISATION;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.koppel.connector.PeerItem;
import org.koppel.crm.Change;
import org.koppel.crm.RecordType;
import org.koppel.crm.relation.Relation;
import org.koppel.runtime.RelationProjection;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncConflict;

/**
 * The promises of issue 13, checked once a source schedule has settled: every active source relation
 * of a mapped type (a contact person only of an organisation Koppel syncs) is linked once and lives
 * once in Koppel; nothing made in Koppel reaches the source; no delete crosses, either way; both sides
 * agree on every synced field of every linked relation; the last edit of a field is in place or in
 * the conflict log. Each violation names the source id, the Koppel id and the slot.
 */
final class SourceInvariants {

    private final SourceSimulation sim;
    private final Koppel koppel;
    private final List<String> found = new ArrayList<>();
    private final List<Link> links;
    private final Map<String, Link> byPeer = new HashMap<>();
    private final Map<String, PeerItem> items;
    private final RelationProjection projection;

    SourceInvariants(SourceSimulation sim, Koppel koppel) {
        this.sim = sim;
        this.koppel = koppel;
        this.links = koppel.links.all(sim.connection, DataType.RELATIONS);
        links.forEach(l -> {
            if (!l.peerGone()) byPeer.put(l.peerId(), l);
        });
        sim.between(); // the quiet runs linked more since the last step
        this.items = sim.side.items();
        this.projection = new RelationProjection(koppel.connections.find(sim.connection).orElseThrow(),
                koppel.config.fieldMap(DataType.RELATIONS));
    }

    List<String> check() {
        List<Change> changes = sim.changesSinceStart(Set.of(RecordType.ORGANISATION, RecordType.PERSON));
        Set<Long> imported = sim.importedBy(changes);
        everyActiveMappedRelationLinkedOnce();
        nothingDuplicated(imported);
        nothingOfKoppelInTheSource();
        noDeleteCrossed(changes, imported);
        bothSidesAgree();
        noEditLost();
        found.addAll(sim.reportsAddUp());
        return found;
    }

    /** Whether the source relation must be in Koppel: active, of a mapped type, a contact person only of a synced organisation. */
    private boolean mustBeLinked(String id) {
        if (!sim.states.get(id).equals("active") || !SourceSimulation.MAPPED_TYPES.contains(sim.types.get(id))) return false;
        if (!sim.kinds.get(id).equals(KIND_CONTACT_PERSON)) return true;
        String parent = sim.parents.get(id);
        return sim.kinds.get(parent).equals(KIND_ORGANISATION) && synced(parent);
    }

    /** Linked, and not deleted in Koppel: its contact persons have an organisation to belong to. */
    private boolean synced(String id) {
        Link link = byPeer.get(id);
        return link != null && !sim.deletedInKoppel.contains(link.crmId());
    }

    private void everyActiveMappedRelationLinkedOnce() {
        for (String id : sim.sourceIds) {
            Link link = byPeer.get(id);
            if (mustBeLinked(id) && link == null) {
                found.add("source " + sim.kinds.get(id) + " " + id + " (type " + sim.types.get(id) + ", "
                        + (sim.parents.containsKey(id) ? "of " + sim.parents.get(id) + ", " : "") + "active) is not in Koppel");
            }
            if (link != null && sim.states.get(id).equals("deleted")) {
                found.add("source relation " + id + " was deleted in the source but is still linked to " + link.crmId());
            }
            if (link != null && !SourceSimulation.MAPPED_TYPES.contains(sim.types.get(id))) {
                found.add("source relation " + id + " of unmapped type " + sim.types.get(id) + " is linked to " + link.crmId());
            }
            if (link != null && sim.kinds.get(id).equals(KIND_CONTACT_PERSON) && !sim.kinds.get(sim.parents.get(id)).equals(KIND_ORGANISATION)) {
                found.add("contact person " + id + " of a private individual is linked to " + link.crmId());
            }
        }
    }

    /** One Koppel relation per source relation, ever: imports are no more than the source relations ever linked. */
    private void nothingDuplicated(Set<Long> imported) {
        if (imported.size() > sim.everLinked.size()) {
            found.add(imported.size() + " relations imported for " + sim.everLinked.size() + " source relations ever linked");
        }
        Map<Long, Integer> perRecord = new HashMap<>();
        for (Link l : links) {
            perRecord.merge(l.crmId(), 1, Integer::sum);
            if (!imported.contains(l.crmId())) found.add("relation " + l.crmId() + " is linked to " + l.peerId() + " but was not imported");
        }
        perRecord.forEach((id, n) -> {
            if (n > 1) found.add("relation " + id + " has " + n + " links");
        });
    }

    /** The source holds only what its user made; its states are the user's. */
    private void nothingOfKoppelInTheSource() {
        for (String id : items.keySet()) {
            if (!sim.kinds.containsKey(id)) found.add("the source holds relation " + id + " that its user never made");
        }
        for (String id : sim.sourceIds) {
            String state = sim.side.raw(id).map(r -> r.path("state").asString("")).orElse("(gone)");
            if (!state.equals(sim.states.get(id))) {
                found.add("source relation " + id + " is " + state + ", its user left it " + sim.states.get(id));
            }
        }
        for (PeerItem item : items.values()) {
            for (String v : item.values().values().values()) {
                if (v != null && v.contains("Koppel-made")) found.add("source relation " + item.peerId() + " holds " + v + " made in Koppel");
            }
        }
    }

    /** No sync deletes a Koppel relation; what the schedule did not delete lives. */
    private void noDeleteCrossed(List<Change> changes, Set<Long> imported) {
        found.addAll(Schedule.deletesBySync(changes));
        var ours = new HashSet<>(imported);
        ours.addAll(sim.koppelMade);
        for (long id : ours) {
            if (!sim.deletedInKoppel.contains(id) && koppel.relations.find(null, id).deleted()) {
                found.add("relation " + id + " is deleted, though no Koppel user deleted it");
            }
        }
    }

    /** Every linked relation alive on both sides: the same value in every synced slot. */
    private void bothSidesAgree() {
        forEachLive((link, r, item) -> {
            Snapshot crm = projection.project(r);
            for (FieldMap.Row row : projection.syncedRows(r)) {
                String there = item.values().get(row.slot());
                if (!Objects.equals(crm.get(row.slot()), there)) {
                    found.add("relation " + r.id() + " and source " + link.peerId() + " disagree on " + row.slot() + ": Koppel '"
                            + crm.get(row.slot()) + "', source '" + there + "'");
                }
            }
        });
    }

    /**
     * The newest value written to a slot, by either side, is where both agree or lost a conflict and
     * is in the conflict log (a shared source field's two slots share their losers: one conflict
     * settles both).
     */
    private void noEditLost() {
        Map<String, Set<String>> losers = new HashMap<>();
        for (SyncConflict c : koppel.runs.conflicts(sim.connection)) {
            for (String slot : SourceSide.fedBy(c.field())) {
                losers.computeIfAbsent(c.crmId() + "/" + slot, k -> new HashSet<>()).add(String.valueOf(c.losingValue()));
            }
        }
        forEachLive((link, r, item) -> {
            for (FieldMap.Row row : projection.syncedRows(r)) {
                String agreed = item.values().get(row.slot());
                Set<String> lost = losers.getOrDefault(r.id() + "/" + row.slot(), Set.of());
                List<WriteLog.Write> newest = sim.writes.newestFirst(SourceSimulation.key(link.peerId()), row.slot());
                if (newest.isEmpty()) continue;
                WriteLog.Write w = newest.getFirst();
                if (!Objects.equals(w.value(), agreed) && !lost.contains(String.valueOf(w.value()))) {
                    found.add("relation " + r.id() + " (" + link.peerId() + ") " + row.slot() + ": the last edit (" + w.side()
                            + " '" + w.value() + "') is neither in place ('" + agreed + "') nor in the conflict log " + lost);
                }
            }
        });
    }

    private interface Live {
        void accept(Link link, Relation r, PeerItem item);
    }

    private void forEachLive(Live check) {
        for (Link link : byPeer.values()) {
            PeerItem item = items.get(link.peerId());
            Relation r = koppel.relations.find(null, link.crmId());
            if (item == null || r.deleted()) continue;
            check.accept(link, r, item);
        }
    }
}
