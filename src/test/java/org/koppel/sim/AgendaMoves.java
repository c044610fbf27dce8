package org.koppel.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The moves of an agenda schedule for one data type, on either side, and what the checks need to
 * know of them. Texts are new on every edit (a counter). A slot never gets a value it held before,
 * on either side: a side that puts a slot back to its base before a run has made no change for a
 * three-way merge (rule 4), so the other side's edit would rightly win; with few values (private,
 * priority, status) that limits how often a record's slot changes, not which changes happen.
 *
 * @param <R> the record type
 */
final class AgendaMoves<R> {

    final AgendaKind<R> kind;
    final StoreSide side;
    private final AgendaSimulation sim;
    private final Random random;
    final WriteLog writes = new WriteLog();
    /** This type's records of the schedule, in the order made or first seen: picks go by position, so a replay picks the same. */
    final List<Long> records = new ArrayList<>();
    final Set<Long> deletedBySchedule = new HashSet<>();
    /** Records handed to the colleague at some time: their peer copy was let go unchanged (rule 7). */
    final Set<Long> handedAway = new HashSet<>();
    final Set<Long> everInScope = new HashSet<>();
    /** Items the peer's user made, with the values they were made with. */
    final Map<String, Map<String, String>> userCreated = new HashMap<>();
    /** Items the peer's user deleted, with their stamp (null: none). */
    final Map<String, Long> userDeleted = new HashMap<>();
    /** Every item seen in the store after a step, with its stamp. */
    final Map<String, Long> everSeen = new HashMap<>();
    /** The last value the peer's user gave a slot the field map does not sync, per item and slot. */
    final Map<String, String> peerOnlyWrites = new HashMap<>();
    final List<WatchedPeer.Sent> creates = java.util.Collections.synchronizedList(new ArrayList<>());

    AgendaMoves(AgendaSimulation sim, AgendaKind<R> kind, StoreSide side, Random random) {
        this.sim = sim;
        this.kind = kind;
        this.side = side;
        this.random = random;
    }

    // ---- Koppel's side ------------------------------------------------------------------------

    void crmCreate() {
        long owner = random.nextInt(100) < 85 ? sim.user : sim.colleague;
        R r = kind.create(owner, random, sim.next());
        long id = kind.id(r);
        records.add(id);
        Map<String, String> values = kind.project(r).values();
        for (String slot : kind.editedSlots()) writes.crm(id, slot, values.get(slot));
        sim.trace.add("Koppel creates " + label(id) + (owner == sim.user ? "" : " for the colleague") + " " + values);
    }

    void crmEdit() {
        pickLive().ifPresent(r -> crmEdit(r, pickSlot(kind.editedSlots())));
    }

    private void crmEdit(R r, String slot) {
        Map<String, String> changes = fresh(kind.id(r), slot, kind.project(r).values(), "crm");
        if (changes == null) return;
        R updated = kind.update(r, changes);
        Map<String, String> stored = kind.project(updated).values();
        for (String s : changes.keySet()) {
            if (!Objects.equals(stored.get(s), kind.project(r).values().get(s))) writes.crm(kind.id(r), s, stored.get(s));
        }
        sim.trace.add("Koppel edits " + label(kind.id(r)) + " " + changes);
    }

    void crmDelete() {
        pickLive().ifPresent(r -> {
            kind.delete(r);
            deletedBySchedule.add(kind.id(r));
            sim.trace.add("Koppel deletes " + label(kind.id(r)));
        });
    }

    /** The record goes to the colleague's agenda, or back: it leaves the user's scope and comes in again. */
    void crmHandOver() {
        pickLive().ifPresent(r -> {
            R now = kind.handTo(r, kind.owner(r) == sim.user ? sim.colleague : sim.user);
            handedAway.add(kind.id(r));
            sim.trace.add("Koppel hands " + label(kind.id(r)) + " to " + (kind.owner(now) == sim.user ? "the user" : "the colleague"));
        });
    }

    private Optional<R> pickLive() {
        List<Long> live = records.stream().filter(id -> !deletedBySchedule.contains(id)).toList();
        if (live.isEmpty()) return Optional.empty();
        return Optional.of(kind.find(live.get(random.nextInt(live.size()))));
    }

    // ---- the peer's side ----------------------------------------------------------------------

    void peerCreate() {
        Map<String, String> slots = kind.peerMade(random, sim.next());
        String id = side.userCreates(slots);
        userCreated.put(id, slots);
        sim.trace.add("peer user makes " + kind.noun() + " " + id + " " + slots);
    }

    void peerEdit() {
        pickStamped().ifPresent(item -> peerEdit(item, peerSlot(item)));
    }

    /** Now and then an edit only the peer makes (an occurrence of a series edited on its own), where it applies. */
    private String peerSlot(StoreSide.Item item) {
        if (!kind.peerOnlySlots().isEmpty() && random.nextInt(3) == 0) {
            String slot = pickSlot(kind.peerOnlySlots());
            // Asked with a random of its own, so that asking draws nothing from the schedule's.
            if (kind.change(slot, item.slots(), new Random(0), "probe", 0) != null) return slot;
        }
        return pickSlot(kind.editedSlots());
    }

    private void peerEdit(StoreSide.Item item, String slot) {
        Map<String, String> changes = fresh(item.stamp(), slot, item.slots(), "peer");
        if (changes == null) return;
        side.userEdits(item.id(), changes).ifPresent(after -> {
            for (String s : changes.keySet()) {
                if (kind.peerOnlySlots().contains(s)) peerOnlyWrites.put(item.id() + "/" + s, after.slots().get(s));
                else if (!Objects.equals(after.slots().get(s), item.slots().get(s))) {
                    writes.peer(item.stamp(), item.id(), s, after.slots().get(s));
                }
            }
            sim.trace.add("peer user edits " + item.id() + " of " + label(item.stamp()) + " " + changes);
        });
    }

    /** Both sides edit one record before the next run: the same slot half the time. */
    void bothEdit() {
        pickStamped().ifPresent(item -> {
            String crmSlot = pickSlot(kind.editedSlots());
            String peerSlot = random.nextBoolean() ? crmSlot : pickSlot(kind.editedSlots());
            boolean crmFirst = random.nextBoolean();
            if (!crmFirst) peerEdit(item, peerSlot);
            R r = kind.find(item.stamp());
            if (!kind.deleted(r)) crmEdit(r, crmSlot);
            if (crmFirst) peerEdit(side.items().getOrDefault(item.id(), item), peerSlot);
        });
    }

    void peerDelete() {
        pickStamped().ifPresent(item -> {
            side.userDeletes(item.id());
            userDeleted.put(item.id(), item.stamp());
            // An item made again at this id (a store whose ids derive from Koppel's) is another item, without them.
            peerOnlyWrites.keySet().removeIf(key -> key.startsWith(item.id() + "/"));
            writes.itemDeleted(item.id());
            sim.trace.add("peer user deletes " + item.id() + " of " + label(item.stamp()));
        });
    }

    /** A conditional write to this item is about to go out: the peer's user edits it first. */
    void raceEdit(String itemId) {
        StoreSide.Item item = side.items().get(itemId);
        if (item == null || item.stamp() == null || !records.contains(item.stamp())) return;
        peerEdit(item, peerSlot(item));
        sim.trace.add("  (that edit raced a conditional write)");
    }

    /** A stamped item of a record of this schedule, picked by the record's position, so a replay picks the same. */
    private Optional<StoreSide.Item> pickStamped() {
        learnStamps();
        List<StoreSide.Item> stamped = side.items().values().stream()
                .filter(i -> i.stamp() != null && records.contains(i.stamp()))
                .sorted(Comparator.comparingInt((StoreSide.Item i) -> records.indexOf(i.stamp())).thenComparing(StoreSide.Item::id))
                .toList();
        if (stamped.isEmpty()) return Optional.empty();
        return Optional.of(stamped.get(random.nextInt(stamped.size())));
    }

    // ---- what the checks need ----------------------------------------------------------------

    /**
     * After every step: the records in scope, which are linked, the items in the store, and records
     * Koppel made from the user's items.
     */
    void sample(org.koppel.sync.SyncWindow window) {
        everInScope.addAll(kind.scope(sim.user, window));
        learnStamps();
        side.items().forEach((id, item) -> everSeen.putIfAbsent(id, item.stamp()));
    }

    /**
     * A user's item Koppel took in and stamped: its record joins the schedule's, with the values it
     * was made with as the peer's first writes (what Koppel created the record from).
     */
    private void learnStamps() {
        side.items().values().stream().filter(i -> userCreated.containsKey(i.id()) && i.stamp() != null)
                .filter(i -> !records.contains(i.stamp())).sorted(Comparator.comparing(StoreSide.Item::id)).forEach(i -> {
                    records.add(i.stamp());
                    Map<String, String> made = userCreated.get(i.id());
                    for (String slot : kind.editedSlots()) writes.peer(i.stamp(), i.id(), slot, made.get(slot));
                });
    }

    // ---- values -------------------------------------------------------------------------------

    /** An edit of the slot whose every value is new to the record; null when none comes up in a few tries. */
    private Map<String, String> fresh(long crmId, String slot, Map<String, String> now, String label) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Map<String, String> changes = kind.change(slot, now, random, label, sim.next());
            if (changes == null) return null;
            boolean isNew = changes.entrySet().stream().allMatch(e -> kind.peerOnlySlots().contains(e.getKey())
                    || !writes.values(crmId, e.getKey()).contains(e.getValue()));
            if (isNew) return changes;
        }
        return null;
    }

    private String pickSlot(List<String> slots) {
        return slots.get(random.nextInt(slots.size()));
    }

    String label(Long crmId) {
        return crmId == null ? "(no stamp)" : kind.noun() + " #" + records.indexOf(crmId) + " (" + crmId + ")";
    }
}
