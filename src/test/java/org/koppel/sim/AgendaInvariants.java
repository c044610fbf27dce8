package org.koppel.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Change;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncConflict;
import org.koppel.sync.SyncWindow;

/**
 * The promises for appointments and tasks, checked per data type once a schedule has settled. Each
 * violation names the record, the item and the slot, so it can be read off the trace.
 *
 * @param <R> the record type
 */
final class AgendaInvariants<R> {

    private final AgendaSimulation sim;
    private final AgendaMoves<R> moves;
    private final AgendaKind<R> kind;
    private final DataType type;
    private final List<String> found = new ArrayList<>();
    private final Map<Long, Link> byCrm = new HashMap<>();
    private final Map<String, Link> byPeer = new HashMap<>();
    private final Map<String, StoreSide.Item> items;
    private final Map<Long, R> records = new HashMap<>();
    private final Set<Long> inScope;
    private final FieldMap map;
    private final String noun;

    AgendaInvariants(AgendaSimulation sim, AgendaMoves<R> moves) {
        this.sim = sim;
        this.moves = moves;
        this.kind = moves.kind;
        this.type = kind.type();
        this.noun = type.name().toLowerCase(java.util.Locale.ROOT);
        for (Link l : sim.koppel.links.all(sim.connection, type)) {
            byCrm.put(l.crmId(), l);
            if (!l.peerGone()) byPeer.put(l.peerId(), l);
        }
        this.items = moves.side.items();
        moves.records.forEach(id -> records.put(id, kind.find(id)));
        this.inScope = kind.scope(sim.user, sim.window(type));
        this.map = sim.koppel.config.fieldMap(type);
    }

    List<String> check() {
        Set<Long> imported = importedRecords();
        inScopeMeansInThePeer();
        nothingDuplicated();
        noEditLost();
        nothingDeleted();
        farewellsSayCompleted();
        createdOnlyWhatBelongs();
        peerItemsInKoppelOnce(imported);
        nothingOutsideScope(imported);
        peerOnlyEditsKept();
        conflictsFollowTheRule();
        return found.stream().map(v -> noun + ": " + v).toList();
    }

    /** A record of this schedule, or one in the user's scope it did not make (none is expected). */
    private R record(long id) {
        return records.computeIfAbsent(id, kind::find);
    }

    private String label(Long crmId) {
        return moves.label(crmId);
    }

    /** Every record in scope is linked to an item that holds its values, unless the peer's user deleted that item and the record did not change since. */
    private void inScopeMeansInThePeer() {
        for (long id : inScope) {
            Link link = byCrm.get(id);
            if (link == null) {
                found.add(label(id) + " is in scope but not in the peer (no link)");
            } else if (link.peerGone()) {
                if (!moves.userDeleted.containsValue(id)) {
                    found.add(label(id) + " lost its item, though the peer's user never deleted one of it");
                } else if (kind.version(record(id)) > link.crmVersion()) {
                    found.add(label(id) + " changed in Koppel after its item was deleted in the peer, yet is not back in the peer");
                }
            } else {
                agrees(id, link);
            }
        }
    }

    private void agrees(long id, Link link) {
        StoreSide.Item item = items.get(link.peerId());
        if (item == null) {
            found.add(label(id) + " is linked to " + link.peerId() + ", which is not in the peer");
            return;
        }
        Snapshot crm = kind.project(record(id));
        for (FieldMap.Row row : map.rows()) {
            if (!Objects.equals(crm.get(row.slot()), item.slots().get(row.slot()))) {
                found.add(label(id) + " and " + item.id() + " disagree on " + row.slot() + ": Koppel '" + crm.get(row.slot())
                        + "', peer '" + item.slots().get(row.slot()) + "'");
            }
        }
    }

    /** One item per record (a series too: never one per occurrence), one record per item, and no item from nowhere. */
    private void nothingDuplicated() {
        Map<Long, List<String>> byStamp = new HashMap<>();
        items.values().forEach(i -> {
            if (i.stamp() != null) byStamp.computeIfAbsent(i.stamp(), s -> new ArrayList<>()).add(i.id());
            else if (!moves.userCreated.containsKey(i.id())) found.add("item " + i.id() + " has no stamp and no user made it");
        });
        byStamp.forEach((stamp, ids) -> {
            if (ids.size() > 1) found.add(label(stamp) + " is in the peer " + ids.size() + " times: " + ids);
        });
        Set<String> linked = new HashSet<>();
        byCrm.values().forEach(l -> {
            if (!l.peerGone() && !linked.add(l.peerId())) found.add("item " + l.peerId() + " is linked twice");
            if (!l.peerGone() && items.containsKey(l.peerId()) && items.get(l.peerId()).stamp() != null
                    && items.get(l.peerId()).stamp() != l.crmId()) {
                found.add(label(l.crmId()) + " is linked to " + l.peerId() + ", stamped with " + items.get(l.peerId()).stamp());
            }
        });
    }

    /**
     * For every linked record in scope and edited slot: going back from the newest write of either
     * side, the first is where both sides agree now, or its value is in the conflict log as a loser.
     * A peer write to an item deleted afterwards, or to an item the record is not linked to now, may
     * rightly be gone (rule 7) and is passed over.
     */
    private void noEditLost() {
        Map<String, Set<String>> losers = new HashMap<>();
        for (SyncConflict c : sim.koppel.runs.conflicts(sim.connection)) {
            if (c.dataType() == type) losers.computeIfAbsent(c.crmId() + "/" + c.field(), k -> new HashSet<>()).add(c.losingValue());
        }
        for (Link link : byCrm.values()) {
            if (link.peerGone() || !items.containsKey(link.peerId()) || !inScope.contains(link.crmId())) continue;
            Snapshot agreed = kind.project(record(link.crmId()));
            for (String slot : kind.editedSlots()) {
                Set<String> lost = losers.getOrDefault(link.crmId() + "/" + slot, java.util.Collections.emptySet()); // a loser may be null
                for (WriteLog.Write w : moves.writes.newestFirst(link.crmId(), slot)) {
                    if (Objects.equals(w.value(), agreed.get(slot)) || lost.contains(w.value())) break;
                    if (moves.writes.mayBeGone(w, link.peerId())) continue;
                    found.add(label(link.crmId()) + " " + slot + ": the last edit (" + w.side() + " '" + w.value()
                            + "') is neither in place ('" + agreed.get(slot) + "') nor in the conflict log " + lost);
                    break;
                }
            }
        }
    }

    /**
     * Rule 7 and the agenda's own: a sync deletes no record, and no item in the peer: an appointment
     * deleted on one side stays on the other, a task deleted in Koppel is marked completed there.
     */
    private void nothingDeleted() {
        for (Change c : changes()) {
            if (c.operation() == Change.Operation.DELETE && c.origin().type() == Origin.OriginType.CONNECTION) {
                found.add(label(c.recordId()) + " was deleted by connection " + c.origin().id());
            }
        }
        records.forEach((id, r) -> {
            if (!moves.deletedBySchedule.contains(id) && kind.deleted(r)) found.add(label(id) + " is deleted, though the schedule never deleted it");
        });
        moves.everSeen.forEach((itemId, stamp) -> {
            if (!items.containsKey(itemId) && !moves.userDeleted.containsKey(itemId)) {
                found.add("item " + itemId + " of " + label(stamp) + " is gone from the peer, though its user never deleted it");
            }
        });
    }

    /** A task completed or deleted in Koppel is completed in the peer (one the colleague had at some time was let go earlier). */
    private void farewellsSayCompleted() {
        for (StoreSide.Item item : items.values()) {
            R r = item.stamp() == null ? null : records.get(item.stamp());
            if (r != null && !moves.handedAway.contains(item.stamp()) && kind.mustShowCompleted(r, sim.user)
                    && !kind.showsCompleted(item.slots())) {
                found.add(label(item.stamp()) + " is " + (kind.deleted(r) ? "deleted" : "completed") + " in Koppel, but "
                        + item.id() + " is still open in the peer: " + item.slots());
            }
        }
    }

    /** Nothing outside the window was sent to be created, and no completed task. */
    private void createdOnlyWhatBelongs() {
        synchronized (moves.creates) {
            for (WatchedPeer.Sent sent : moves.creates) {
                SyncWindow then = sim.koppel.settings.policyFor(sim.user, type, sim.settings).window(sent.at());
                String refused = kind.refusedCreate(sent.values(), then);
                if (refused != null) found.add(label(sent.crmId()) + " was created in the peer, though " + refused + ": " + sent.values());
            }
        }
    }

    private Set<Long> importedRecords() {
        Set<Long> imported = new HashSet<>();
        for (Change c : changes()) {
            if (c.operation() == Change.Operation.CREATE && c.origin().equals(Origin.connection(sim.connection))) imported.add(c.recordId());
        }
        return imported;
    }

    /**
     * Every item the peer's user made that the engine takes in is a record once: linked to it, or
     * stamped with it; one it leaves out (an appointment that ended before the window, a task
     * completed already) is neither; no more records came from the peer than items were made there.
     */
    private void peerItemsInKoppelOnce(Set<Long> imported) {
        SyncWindow window = sim.window(type);
        long importable = moves.userCreated.values().stream().filter(v -> kind.importable(v, window)).count();
        if (imported.size() > importable) {
            found.add(imported.size() + " records created from " + importable + " items the peer's user made");
        }
        moves.userCreated.forEach((id, made) -> {
            StoreSide.Item item = items.get(id);
            if (item == null) return;
            Link link = byPeer.get(id);
            if (!kind.importable(made, window)) {
                if (link != null || item.stamp() != null) found.add("item " + id + " should have stayed out of Koppel, but is "
                        + (link != null ? "linked to " + label(link.crmId()) : "stamped with " + label(item.stamp())) + ": " + made);
            } else if (link == null && (item.stamp() == null || !imported.contains(item.stamp()))) {
                found.add("item " + id + " the peer's user made is not in Koppel: " + item.slots());
            }
        });
    }

    /** Every stamped item is a record that was in scope at some step, or one made from the peer's own item. */
    private void nothingOutsideScope(Set<Long> imported) {
        for (StoreSide.Item i : items.values()) {
            if (i.stamp() != null && !moves.everInScope.contains(i.stamp()) && !imported.contains(i.stamp())) {
                found.add(label(i.stamp()) + " reached the peer (" + i.id() + ") but was never in the user's scope");
            }
        }
    }

    /** What the peer's user put in a slot Koppel does not sync is still in the item: a write changes only mapped slots. */
    private void peerOnlyEditsKept() {
        moves.peerOnlyWrites.forEach((key, value) -> {
            String itemId = key.substring(0, key.lastIndexOf('/'));
            String slot = key.substring(key.lastIndexOf('/') + 1);
            StoreSide.Item item = items.get(itemId);
            if (item != null && !Objects.equals(value, item.slots().get(slot))) {
                found.add("item " + itemId + " of " + label(item.stamp()) + " lost the peer's own " + slot + " '" + value
                        + "', now '" + item.slots().get(slot) + "'");
            }
        });
    }

    /** The winner of every logged conflict is the side the connection's rule names. */
    private void conflictsFollowTheRule() {
        String rule = sim.settings.get(noun + ".conflictRule");
        for (SyncConflict c : sim.koppel.runs.conflicts(sim.connection)) {
            if (c.dataType() != type) continue;
            if (rule.equals("CRM_WINS") && !"CRM".equals(c.winner()) || rule.equals("PEER_WINS") && !"PEER".equals(c.winner())) {
                found.add(label(c.crmId()) + " " + c.field() + ": under " + rule + " the conflict went to " + c.winner());
            }
        }
    }

    private List<Change> changes() {
        RecordType recordType = type == DataType.TASKS ? RecordType.TASK : RecordType.APPOINTMENT;
        var all = new ArrayList<Change>();
        long after = sim.firstSeq;
        List<Change> page;
        do {
            page = sim.koppel.changeLog.after(after, 1000);
            for (Change c : page) {
                if (c.recordType() == recordType) all.add(c);
                after = c.seq();
            }
        } while (page.size() == 1000);
        return all;
    }
}
