package org.koppel.sim;

import static org.koppel.sync.RelationSlots.*;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.koppel.crm.relation.Relation;
import org.koppel.runtime.RelationProjection;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;

/**
 * The moves of a {@link SourceSimulation}: the source's user, in the source directly; Koppel's users,
 * through Koppel's write path. Picks go by position in the schedule's own lists, so a replay of the
 * seed makes the same moves. Values never repeat, so no edit can look like a return to the base.
 */
final class SourceMoves {

    /** What the source's user edits, per kind: fields of the document's field map, addresses included. */
    static final Map<String, List<String>> SOURCE_EDITS = Map.of(
            KIND_ORGANISATION, List.of(ORGANISATION_NAME, ORGANISATION_PHONE, ORGANISATION_EMAIL, ORGANISATION_WEBSITE,
                    ORGANISATION_KVK, address("visiting", "street"), address("visiting", "city"), address("postal", "city")),
            KIND_CONTACT_PERSON, List.of(PERSON_FIRST_NAMES, PERSON_INITIALS, PERSON_LAST_NAME, PERSON_FUNCTION,
                    PERSON_DIRECT_PHONE, PERSON_MOBILE_BUSINESS, PERSON_PRIVATE_PHONE, PERSON_EMAIL_BUSINESS),
            KIND_PRIVATE_INDIVIDUAL, List.of(INDIVIDUAL_NAME, INDIVIDUAL_EMAIL, INDIVIDUAL_PHONE, address("private", "street"),
                    address("private", "city")));

    private final SourceSimulation sim;
    private final Koppel koppel;
    private final Random random;
    private int counter;

    SourceMoves(SourceSimulation sim, Koppel koppel, Random random) {
        this.sim = sim;
        this.koppel = koppel;
        this.random = random;
    }

    // ---- the source's user ----------------------------------------------------------------------

    void sourceCreateOrganisation() {
        String type = List.of("1", "1", "2", "6").get(random.nextInt(4));
        var values = new LinkedHashMap<String, String>();
        for (String slot : List.of(ORGANISATION_NAME, ORGANISATION_PHONE, ORGANISATION_EMAIL, ORGANISATION_WEBSITE, ORGANISATION_KVK,
                address("visiting", "street"), address("visiting", "houseNumber"), address("visiting", "city"))) {
            values.put(slot, value(slot));
        }
        if (random.nextBoolean()) values.put(address("postal", "city"), value(address("postal", "city")));
        var fields = SourceSide.fields(values);
        if (random.nextInt(3) == 0) fields.withArray("addresses").addObject().put("type", "invoice").put("city", "Factuurstad");
        String id = sim.side.server.createOrganisation(fields, type);
        made(id, KIND_ORGANISATION, type, null, values);
        // Some come archived: Koppel does not take them over, nor their contact persons, until restored.
        if (random.nextInt(6) == 0) archive(id);
    }

    /** Mostly of an organisation; now and then of a private individual, which Koppel must not take over. */
    void sourceCreateContactPerson() {
        String parentKind = random.nextInt(6) == 0 ? KIND_PRIVATE_INDIVIDUAL : KIND_ORGANISATION;
        List<String> parents = sim.sourceIds.stream().filter(id -> sim.kinds.get(id).equals(parentKind)
                && !sim.states.get(id).equals("deleted")).toList();
        if (parents.isEmpty()) return;
        String parent = parents.get(random.nextInt(parents.size()));
        var values = new LinkedHashMap<String, String>();
        for (String slot : List.of(PERSON_FIRST_NAMES, PERSON_LAST_NAME, PERSON_FUNCTION, PERSON_DIRECT_PHONE,
                PERSON_MOBILE_BUSINESS, PERSON_EMAIL_BUSINESS)) {
            values.put(slot, value(slot));
        }
        String type = random.nextInt(5) == 0 ? "3" : "1";
        made(sim.side.server.createContactPerson(parent, SourceSide.fields(values), type), KIND_CONTACT_PERSON, type, parent, values);
    }

    void sourceCreatePrivateIndividual() {
        String type = List.of("1", "2", "2", "5").get(random.nextInt(4));
        var values = new LinkedHashMap<String, String>();
        for (String slot : List.of(INDIVIDUAL_NAME, INDIVIDUAL_EMAIL, INDIVIDUAL_PHONE, address("private", "street"),
                address("private", "city"))) {
            values.put(slot, value(slot));
        }
        made(sim.side.server.createPrivateIndividual(SourceSide.fields(values), type), KIND_PRIVATE_INDIVIDUAL, type, null, values);
    }

    private void made(String id, String kind, String type, String parent, Map<String, String> values) {
        sim.sourceIds.add(id);
        sim.kinds.put(id, kind);
        sim.types.put(id, type);
        if (parent != null) sim.parents.put(id, parent);
        sim.states.put(id, "active");
        values.forEach((slot, value) -> SourceSide.fedBy(slot).forEach(s -> sim.writes.peer(SourceSimulation.key(id), id, s, value)));
        sim.trace.add("source user makes " + kind + " " + id + " of type " + type + (parent == null ? "" : " at " + parent));
    }

    void sourceEdit() {
        pickSource().ifPresent(this::sourceEdit);
    }

    private void sourceEdit(String id) {
        List<String> slots = SOURCE_EDITS.get(sim.kinds.get(id));
        sourceEdit(id, slots.get(random.nextInt(slots.size())));
    }

    private void sourceEdit(String id, String slot) {
        String value = value(slot);
        sim.side.userEdits(id, slot, value);
        SourceSide.fedBy(slot).forEach(s -> sim.writes.peer(SourceSimulation.key(id), id, s, value));
        sim.trace.add("source user edits " + id + " " + slot + " = " + value);
    }

    void sourceArchive() {
        pickSource().filter(id -> sim.states.get(id).equals("active")).ifPresent(this::archive);
    }

    private void archive(String id) {
        sim.side.server.archive(id);
        sim.states.put(id, "archived");
        sim.trace.add("source user archives " + id);
    }

    void sourceRestore() {
        List<String> archived = sim.sourceIds.stream().filter(id -> sim.states.get(id).equals("archived")).toList();
        if (archived.isEmpty()) return;
        Optional.of(archived.get(random.nextInt(archived.size()))).ifPresent(id -> {
            sim.side.server.restore(id);
            sim.states.put(id, "active");
            sim.trace.add("source user restores " + id);
        });
    }

    void sourceDelete() {
        pickSource().ifPresent(id -> {
            sim.side.server.delete(id);
            sim.states.put(id, "deleted");
            sim.writes.itemDeleted(id);
            sim.trace.add("source user deletes " + id);
        });
    }

    /** The proxy is about to forward Koppel's PATCH of this relation: the source's user edits it first. */
    void raceEdit(String id) {
        if (!sim.kinds.containsKey(id) || sim.states.get(id).equals("deleted")) return;
        sourceEdit(id);
        sim.trace.add("  (that edit raced Koppel's PATCH)");
    }

    private Optional<String> pickSource() {
        List<String> live = sim.sourceIds.stream().filter(id -> !sim.states.get(id).equals("deleted")).toList();
        return live.isEmpty() ? Optional.empty() : Optional.of(live.get(random.nextInt(live.size())));
    }

    // ---- Koppel's users -------------------------------------------------------------------------

    void crmEdit() {
        pickLinked().ifPresent(link -> crmEdit(link, null));
    }

    /** A field Koppel syncs with the source, set through Koppel's write path; {@code slot} null: any. */
    private void crmEdit(Link link, String slot) {
        Relation r = koppel.relations.find(null, link.crmId());
        if (r.deleted()) return;
        List<FieldMap.Row> rows = editable(r);
        FieldMap.Row row = slot == null ? rows.get(random.nextInt(rows.size()))
                : rows.stream().filter(x -> SourceSide.fedBy(slot).contains(x.slot())).findFirst().orElse(rows.get(random.nextInt(rows.size())));
        String value = value(row.slot());
        koppel.relations.update(r.kind(), r.id(), r.version(), RelationProjection.with(r, Map.of(row.crmField(), value)), sim.origin());
        SourceSide.fedBy(row.slot()).forEach(s -> sim.writes.crm(SourceSimulation.key(link.peerId()), s, value));
        sim.trace.add("Koppel user edits " + r.id() + " (" + link.peerId() + ") " + row.crmField() + " = " + value);
    }

    /** The rows of the source's own editable fields, of the shared pairs only the one this schedule's users edit. */
    private List<FieldMap.Row> editable(Relation r) {
        var projection = new RelationProjection(koppel.connections.find(sim.connection).orElseThrow(),
                koppel.config.fieldMap(DataType.RELATIONS));
        List<String> slots = SOURCE_EDITS.get(RelationProjection.kindOf(r));
        return projection.syncedRows(r).stream().filter(row -> {
            List<String> pair = SourceSide.fedBy(row.slot());
            if (pair.size() == 2) return row.slot().equals(pair.get(sim.editsWorkValues ? 0 : 1));
            return slots.contains(row.slot());
        }).sorted(Comparator.comparing(FieldMap.Row::slot)).toList();
    }

    void crmCreate() {
        int n = ++counter;
        long id = random.nextBoolean() ? koppel.samples.organisation("Koppel-made " + n, sim.user).id()
                : koppel.samples.person("Koppel", null, "Koppel-made " + n, sim.user).id();
        sim.koppelMade.add(id);
        sim.trace.add("Koppel user makes relation " + id);
    }

    void crmDelete() {
        pickLinked().ifPresent(link -> {
            Relation r = koppel.relations.find(null, link.crmId());
            koppel.relations.delete(r.kind(), r.id(), null, sim.origin());
            sim.deletedInKoppel.add(r.id());
            sim.trace.add("Koppel user deletes " + r.id() + " (" + link.peerId() + ")");
        });
    }

    /** Both sides edit one linked relation before the next run: the same field half the time. */
    void bothEdit() {
        pickLinked().ifPresent(link -> {
            String id = link.peerId();
            if (sim.states.get(id).equals("deleted")) return;
            List<String> slots = SOURCE_EDITS.get(sim.kinds.get(id));
            String slot = slots.get(random.nextInt(slots.size()));
            boolean same = random.nextBoolean();
            sourceEdit(id, slot);
            crmEdit(link, same ? slot : null);
        });
    }

    /** A live link whose relation lives in Koppel, by the source id's position in the schedule. */
    private Optional<Link> pickLinked() {
        List<Link> live = koppel.links.all(sim.connection, DataType.RELATIONS).stream()
                .filter(l -> !l.peerGone() && sim.kinds.containsKey(l.peerId()) && !sim.deletedInKoppel.contains(l.crmId()))
                .sorted(Comparator.comparingInt(l -> sim.sourceIds.indexOf(l.peerId()))).toList();
        return live.isEmpty() ? Optional.empty() : Optional.of(live.get(random.nextInt(live.size())));
    }

    // ---- values ---------------------------------------------------------------------------------

    /** A value never used before, of the form the slot holds. */
    private String value(String slot) {
        int n = ++counter;
        if (slot.startsWith("address.")) {
            return switch (slot.substring(slot.lastIndexOf('.') + 1)) {
                case "street" -> "Straat" + n;
                case "houseNumber" -> String.valueOf(n);
                case "city" -> "Stad" + n;
                default -> throw new IllegalArgumentException(slot);
            };
        }
        return switch (slot) {
            case ORGANISATION_NAME -> "Organisatie " + n + " B.V.";
            case INDIVIDUAL_NAME, PERSON_LAST_NAME -> "Achternaam" + n;
            case PERSON_FIRST_NAMES -> "Voornaam" + n;
            case PERSON_INITIALS -> "V." + n + ".";
            case PERSON_FUNCTION -> "Functie " + n;
            case ORGANISATION_PHONE, INDIVIDUAL_PHONE, PERSON_DIRECT_PHONE, PERSON_PRIVATE_PHONE -> String.format("+3120555%04d", n % 10000);
            case PERSON_MOBILE_BUSINESS, PERSON_MOBILE_PRIVATE -> String.format("+316123%05d", n % 100000);
            case ORGANISATION_EMAIL, INDIVIDUAL_EMAIL, PERSON_EMAIL_BUSINESS, PERSON_EMAIL_PRIVATE -> "m" + n + "@sim.example";
            case ORGANISATION_WEBSITE -> "https://w" + n + ".example.nl";
            case ORGANISATION_KVK -> String.format("%08d", 10_000_000 + n);
            default -> throw new IllegalArgumentException(slot);
        };
    }
}
