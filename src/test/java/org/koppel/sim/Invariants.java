package org.koppel.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Change;
import org.koppel.crm.RecordType;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncConflict;

/**
 * The promises of issue 5, checked once a schedule has settled. Each returns what it found wrong,
 * in words that name the record, the item and the slot, so a violation can be read off the trace.
 */
final class Invariants {

    private final Simulation sim;
    private final Koppel koppel;
    private final PeerSide side;
    private final List<String> found = new ArrayList<>();
    private final List<Link> links;
    private final Map<String, PeerSide.Item> items;
    private final FieldMap map;

    Invariants(Simulation sim, Koppel koppel, PeerSide side) {
        this.sim = sim;
        this.koppel = koppel;
        this.side = side;
        this.links = koppel.links.all(sim.connection, DataType.CONTACTS);
        this.items = side.items();
        this.map = koppel.config.fieldMap(DataType.CONTACTS);
    }

    List<String> check() {
        List<Change> changes = sim.changesSinceStart(Set.of(RecordType.PERSON));
        Set<Long> imported = sim.importedBy(changes);
        bothSidesAgree();
        nothingDuplicated(imported);
        noEditLost();
        nothingDeletedBySync(changes);
        nothingOutsideScope(imported);
        found.addAll(sim.reportsAddUp());
        return found;
    }

    /** Every live link: the item exists and holds what the record projects, slot by slot. */
    private void bothSidesAgree() {
        for (Link link : links) {
            if (link.peerGone()) continue;
            PeerSide.Item item = items.get(link.peerId());
            Person person = (Person) koppel.relations.find(RelationKind.PERSON, link.crmId());
            if (item == null) {
                found.add("link " + link.crmId() + " -> " + link.peerId() + ": the item is not in the peer");
                continue;
            }
            Snapshot crm = ContactProjection.project(person, Map.of(), map);
            for (String slot : map.slotsFor(ContactProjection.roleOf(person))) {
                if (!Objects.equals(crm.get(slot), item.slots().get(slot))) {
                    found.add("record " + link.crmId() + " and " + link.peerId() + " disagree on " + slot + ": Koppel '"
                            + crm.get(slot) + "', peer '" + item.slots().get(slot) + "'");
                }
            }
        }
    }

    /** One peer item per record, one record per peer item. */
    private void nothingDuplicated(Set<Long> imported) {
        Map<Long, List<String>> byStamp = new HashMap<>();
        items.values().forEach(i -> {
            if (i.stamp() != null) byStamp.computeIfAbsent(i.stamp(), s -> new ArrayList<>()).add(i.id());
        });
        byStamp.forEach((stamp, ids) -> {
            if (ids.size() > 1) found.add("record " + stamp + " is in the peer " + ids.size() + " times: " + ids);
        });
        Map<Long, Integer> linksPerRecord = new HashMap<>();
        Set<String> linkedItems = new HashSet<>();
        for (Link l : links) {
            linksPerRecord.merge(l.crmId(), 1, Integer::sum);
            if (!l.peerGone() && !linkedItems.add(l.peerId())) found.add("item " + l.peerId() + " is linked twice");
        }
        linksPerRecord.forEach((id, n) -> {
            if (n > 1) found.add("record " + id + " has " + n + " links");
        });
        // Each contact the peer's user made becomes at most one record.
        if (imported.size() > sim.userCreatedItems.size()) {
            found.add(imported.size() + " records created from " + sim.userCreatedItems.size() + " peer contacts");
        }
    }

    /**
     * The last value written to a slot, by either side, is where both sides agree, or lost a
     * conflict and is in the conflict log. Going back from the newest write: a write that may
     * rightly be gone ({@link WriteLog#mayBeGone}) is passed over, the first other one decides.
     */
    private void noEditLost() {
        Map<String, Set<String>> losers = new HashMap<>();
        for (SyncConflict c : koppel.runs.conflicts(sim.connection)) {
            losers.computeIfAbsent(c.crmId() + "/" + c.field(), k -> new HashSet<>()).add(String.valueOf(c.losingValue()));
        }
        for (Link link : links) {
            if (link.peerGone() || !items.containsKey(link.peerId())) continue;
            Person person = (Person) koppel.relations.find(RelationKind.PERSON, link.crmId());
            for (String slot : People.SLOTS) {
                String agreed = People.get(person, slot);
                Set<String> lost = losers.getOrDefault(link.crmId() + "/" + slot, Set.of());
                for (WriteLog.Write w : sim.writes.newestFirst(link.crmId(), slot)) {
                    if (kept(w, agreed, lost)) break;
                    if (sim.writes.mayBeGone(w, link.peerId())) continue;
                    found.add("record " + link.crmId() + " " + slot + ": the last edit (" + w.side() + " '" + w.value()
                            + "') is neither in place ('" + agreed + "') nor in the conflict log " + lost);
                    break;
                }
            }
        }
    }

    private static boolean kept(WriteLog.Write w, String agreed, Set<String> lost) {
        return Objects.equals(w.value(), agreed) || lost.contains(String.valueOf(w.value()));
    }

    /** Rule 7: a sync never deletes a record; every record the schedule did not delete is still there. */
    private void nothingDeletedBySync(List<Change> changes) {
        found.addAll(Schedule.deletesBySync(changes));
        for (long id : sim.persons) {
            if (!sim.deletedBySchedule.contains(id) && koppel.relations.find(RelationKind.PERSON, id).deleted()) {
                found.add("record " + id + " is deleted, though the schedule never deleted it");
            }
        }
    }

    /**
     * Rule 8: the peer holds only records that were in the user's scope at some time (a record that
     * left stays there without updates, rule 7), or that its own contacts became; and after the last
     * run only records in scope now are linked.
     */
    private void nothingOutsideScope(Set<Long> imported) {
        Set<Long> inScopeNow = koppel.config.personsInScope(sim.user, Simulation.SCOPE, null);
        for (PeerSide.Item i : items.values()) {
            if (i.stamp() != null && !sim.everInScope.contains(i.stamp()) && !imported.contains(i.stamp())) {
                found.add("record " + i.stamp() + " reached the peer (" + i.id() + ") but was never in the user's scope");
            }
        }
        for (Link l : links) {
            if (!l.peerGone() && !inScopeNow.contains(l.crmId())) {
                found.add("record " + l.crmId() + " is out of scope but still linked to " + l.peerId());
            }
        }
    }
}
