package org.koppel.sim;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.sync.ContactSlots;

/**
 * The moves of a schedule, on either side. Values are new every time (a counter), so an edit is
 * always a change and each value names the write it came from. Family names are never edited, on
 * either side: a peer change of both names with the same e-mail address is held for review by
 * design (sync/IdentityRewrite), which is not what this simulation checks.
 */
final class Moves {

    private final Simulation sim;
    private final Koppel koppel;
    private final PeerSide side;
    private final Random random;
    private int counter;
    /** Side, record and slot of every value a side set by an edit: such a slot is not cleared by that side again. */
    private final java.util.Set<String> setBySide = new java.util.HashSet<>();

    Moves(Simulation sim, Koppel koppel, PeerSide side, Random random) {
        this.sim = sim;
        this.koppel = koppel;
        this.side = side;
        this.random = random;
    }

    // ---- Koppel's side ------------------------------------------------------------------------

    void crmCreate() {
        int n = ++counter;
        boolean mine = random.nextInt(10) < 7;
        List<Long> owners = random.nextInt(5) == 0 ? List.of(sim.user) : List.of();
        Person p = People.create("Given" + n, "Sim" + n, random.nextBoolean() ? "mail" + n + "@sim.example" : null,
                random.nextBoolean() ? phone(n) : null, mine ? sim.user : sim.colleague, owners);
        Person created = (Person) koppel.relations.create(p, sim.origin());
        sim.persons.add(created.id());
        for (String slot : People.SLOTS) {
            if (People.get(created, slot) != null) sim.writes.crm(created.id(), slot, People.get(created, slot));
        }
        sim.trace.add("Koppel creates #" + (sim.persons.size() - 1) + " (" + created.id() + ") managed by "
                + (mine ? "the user" : "the colleague") + (owners.isEmpty() ? "" : ", owned by the user"));
    }

    /** An edit of a slot the peer's user also edits: concurrent edits of the same field happen often. */
    void crmEdit() {
        edit(side.editableSlots().get(random.nextInt(side.editableSlots().size())));
    }

    /** An edit of any mapped slot. */
    void crmEditOther() {
        edit(People.SLOTS.get(random.nextInt(People.SLOTS.size())));
    }

    private void edit(String slot) {
        pickLive().ifPresent(p -> edit(p, slot));
    }

    private void edit(Person p, String slot) {
        String value = newValue(slot, People.get(p, slot), "crm/" + p.id() + "/" + slot);
        Person updated = (Person) koppel.relations.update(RelationKind.PERSON, p.id(), null, People.with(p, slot, value),
                sim.origin());
        String stored = People.get(updated, slot);
        if (!java.util.Objects.equals(stored, People.get(p, slot))) sim.writes.crm(updated.id(), slot, stored);
        sim.trace.add("Koppel edits " + label(updated.id()) + " " + slot + " = " + stored);
    }

    void crmDelete() {
        pickLive().ifPresent(p -> {
            koppel.relations.delete(RelationKind.PERSON, p.id(), null, sim.origin());
            sim.deletedBySchedule.add(p.id());
            sim.trace.add("Koppel deletes " + label(p.id()));
        });
    }

    void crmFormer() {
        pickLive().ifPresent(p -> {
            koppel.relations.update(RelationKind.PERSON, p.id(), null, People.former(p, !p.former()), sim.origin());
            sim.trace.add("Koppel marks " + label(p.id()) + (p.former() ? " active again" : " former"));
        });
    }

    void crmManager() {
        pickLive().ifPresent(p -> {
            long to = p.managerId() == sim.user ? sim.colleague : sim.user;
            koppel.relations.update(RelationKind.PERSON, p.id(), null, People.managedBy(p, to), sim.origin());
            sim.trace.add("Koppel hands " + label(p.id()) + " to " + (to == sim.user ? "the user" : "the colleague"));
        });
    }

    void crmOwner() {
        pickLive().ifPresent(p -> {
            koppel.relations.update(RelationKind.PERSON, p.id(), null, People.ownerToggled(p, sim.user), sim.origin());
            sim.trace.add("Koppel toggles the user as owner of " + label(p.id()));
        });
    }

    /**
     * A record leaves the user's scope and comes back (former and active again, or handed to the
     * colleague and back), with a run in between half the time: what people do all the time.
     */
    void crmScopeBounce(Runnable runBetween) {
        pickLive().ifPresent(p -> {
            boolean viaFormer = random.nextBoolean() || p.managerId() != sim.user;
            Person away = viaFormer ? People.former(p, !p.former()) : People.managedBy(p, sim.colleague);
            Person left = (Person) koppel.relations.update(RelationKind.PERSON, p.id(), null, away, sim.origin());
            sim.trace.add("Koppel takes " + label(p.id()) + (viaFormer ? " through former" : " to the colleague") + " and back");
            sim.sampleScope();
            if (random.nextBoolean()) runBetween.run();
            Person back = viaFormer ? People.former(current(left), p.former()) : People.managedBy(current(left), sim.user);
            koppel.relations.update(RelationKind.PERSON, p.id(), null, back, sim.origin());
        });
    }

    private Person current(Person p) {
        return current(p.id());
    }

    private Person current(long id) {
        return (Person) koppel.relations.find(RelationKind.PERSON, id);
    }

    void crmSyncFlag() {
        pickLive().ifPresent(p -> {
            boolean flagged = koppel.relations.isSyncFlagged(p.id(), sim.user);
            koppel.relations.setSyncFlag(RelationKind.PERSON, p.id(), sim.user, !flagged, sim.origin());
            sim.trace.add("the user " + (flagged ? "unflags " : "flags ") + label(p.id()));
        });
    }

    private Optional<Person> pickLive() {
        List<Long> live = sim.persons.stream().filter(id -> !sim.deletedBySchedule.contains(id)).toList();
        if (live.isEmpty()) return Optional.empty();
        return Optional.of((Person) koppel.relations.find(RelationKind.PERSON, live.get(random.nextInt(live.size()))));
    }

    // ---- the peer's side ----------------------------------------------------------------------

    void peerCreate() {
        int n = ++counter;
        side.userCreates("Phone" + n, "Contact" + n, "phone" + n + "@sim.example").ifPresent(id -> {
            sim.userCreatedItems.add(id);
            sim.trace.add("peer user creates " + id);
        });
    }

    void peerEdit() {
        pickStamped().ifPresent(item -> edit(item, side.editableSlots().get(random.nextInt(side.editableSlots().size()))));
    }

    /** Both sides edit one record before the next run: the same slot half the time, else two different ones. */
    void bothEdit() {
        pickStamped().ifPresent(item -> {
            List<String> slots = side.editableSlots();
            String crmSlot = slots.get(random.nextInt(slots.size()));
            String peerSlot = random.nextBoolean() ? crmSlot : slots.get(random.nextInt(slots.size()));
            boolean crmFirst = random.nextBoolean();
            if (!crmFirst) edit(item, peerSlot);
            Person p = current(item.stamp());
            if (!p.deleted()) edit(p, crmSlot);
            if (crmFirst) edit(side.items().getOrDefault(item.id(), item), peerSlot);
        });
    }

    void peerDelete() {
        pickStamped().ifPresent(item -> {
            side.userDeletes(item.id());
            sim.writes.itemDeleted(item.id());
            sim.trace.add("peer user deletes " + item.id() + " of " + label(item.stamp()));
        });
    }

    /** The proxy is about to forward a conditional write to this item: the peer's user edits it first. */
    void raceEdit(String itemId) {
        Map<String, PeerSide.Item> items = side.items();
        PeerSide.Item item = items.get(itemId);
        if (item == null || item.stamp() == null) return;
        edit(item, side.editableSlots().get(random.nextInt(side.editableSlots().size())));
        sim.trace.add("  (that edit raced a conditional write)");
    }

    private void edit(PeerSide.Item item, String slot) {
        String value = newValue(slot, item.slots().get(slot), "peer/" + item.stamp() + "/" + slot);
        side.userEdits(item.id(), slot, value).ifPresent(edited -> {
            if (!java.util.Objects.equals(edited.value(), item.slots().get(slot))) {
                sim.writes.peer(edited.stamp(), item.id(), slot, edited.value());
            }
            sim.trace.add("peer user edits " + item.id() + " of " + label(edited.stamp()) + " " + slot + " = " + edited.value());
        });
    }

    /** A stamped item, picked by its record's position in the schedule, so that a replay picks the same one. */
    private Optional<PeerSide.Item> pickStamped() {
        List<PeerSide.Item> stamped = side.items().values().stream()
                .filter(i -> i.stamp() != null && sim.persons.contains(i.stamp()))
                .sorted(Comparator.comparingInt((PeerSide.Item i) -> sim.persons.indexOf(i.stamp())).thenComparing(PeerSide.Item::id))
                .toList();
        if (stamped.isEmpty()) return Optional.empty();
        return Optional.of(stamped.get(random.nextInt(stamped.size())));
    }

    // ---- values -------------------------------------------------------------------------------

    /**
     * A new value; a set phone or e-mail is sometimes cleared instead, but only by a side that never
     * set that slot itself. A side that sets a value and clears it again before a run has put the
     * field back at its base: for a three-way merge that is no change at all (DESIGN.md rule 4,
     * "changed" means "differs from the base"), so the other side's edit rightly wins. Values never
     * repeat otherwise, so that pattern (A-B-A) cannot arise another way.
     */
    private String newValue(String slot, String current, String sideRecordSlot) {
        int n = ++counter;
        boolean clear = !slot.equals(ContactSlots.GIVEN_NAME) && current != null && random.nextInt(6) == 0;
        if (clear && !setBySide.contains(sideRecordSlot)) return null;
        setBySide.add(sideRecordSlot);
        return switch (slot) {
            case ContactSlots.GIVEN_NAME -> "Given" + n;
            case ContactSlots.TEL_HOME -> phone(n);
            case ContactSlots.TEL_CELL -> String.format("+31 6 1234 %04d", n % 10000);
            case ContactSlots.EMAIL_HOME -> "mail" + n + "@sim.example";
            default -> throw new IllegalArgumentException(slot);
        };
    }

    private static String phone(int n) {
        return String.format("+31 20 555 %04d", n % 10000);
    }

    private String label(Long crmId) {
        return crmId == null ? "(no stamp)" : "#" + sim.persons.indexOf(crmId) + " (" + crmId + ")";
    }
}
