package org.koppel.runtime;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.koppel.connector.PeerItem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.Relations;
import org.koppel.store.LinkStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RelationSlots;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.SyncPolicy;
import org.springframework.stereotype.Service;

/**
 * A source relation no link knows becomes a relation in Koppel, linked by the source's id in the same
 * transaction, so a run killed at any point never imports it twice (reference/tribe-advocaatcentraal-nl.txt,
 * "Initiële synchronisatie" and "Periodieke synchronisatie"). Not imported, each with its reason in
 * the report: relations the source archived, relations of a type the admin did not map, contact
 * persons of private individuals, and contact persons whose organisation is not synced.
 */
@Service
class SourceImports {

    /** The connection settings {@code relationType.<source type id>} name the Koppel relation type. */
    static final String TYPE_SETTING = "relationType.";
    /**
     * The connection setting naming the employee who becomes relation manager of imported relations
     * (default: the connection's owner). Every relation needs one, and a manager's address book may
     * receive the relations they manage: a firm picks who that is.
     */
    static final String MANAGER_SETTING = "manager";

    private final Relations relations;
    private final LinkStore links;
    private final Clock clock;

    SourceImports(Relations relations, LinkStore links, Clock clock) {
        this.relations = relations;
        this.links = links;
        this.clock = clock;
    }

    void consider(PeerItem item, TypeRun<Relation> run, RelationRecords records) {
        RunContext<Relation> c = run.context;
        // Imported earlier in this run with its organisation (importWithWaiting): once is enough.
        if (records.linked(item.peerId(), c)) return;
        Map<String, String> v = item.values().values();
        String skipped = reasonNotToImport(v, c.connection, c.policy);
        if (skipped == null && RelationSlots.KIND_CONTACT_PERSON.equals(v.get(RelationSlots.KIND))) {
            Long organisation = organisationOf(v.get(RelationSlots.PARENT_ID), run, records);
            if (organisation == null) {
                skipped = "its organisation (source id " + v.get(RelationSlots.PARENT_ID) + ") is not synced: archived, "
                        + "deleted, or of a relation type that is not mapped";
            } else if (!records.linked(item.peerId(), c)) {
                importAs(item, blankPerson(c.connection, v, List.of(new ContactRole(organisation, null, null, null, null))), run, records);
                return;
            } else {
                return;
            }
        }
        if (skipped != null) {
            records.passedOver(item.peerId());
            c.report.item(null, item.peerId(), Outcome.SKIPPED, nameOf(v) + ": " + skipped);
        } else if (RelationSlots.KIND_ORGANISATION.equals(v.get(RelationSlots.KIND))) {
            Organisation blank = new Organisation(null, null, null, null, null, null, null, managerOf(c.connection), List.of(),
                    false, List.of(mappedType(c.connection, v)), List.of(), null, Map.of(), null, null, null);
            if (late(item, c)) importWithWaiting(item, blank, run, records);
            else importAs(item, blank, run, records);
        } else {
            importAs(item, blankPerson(c.connection, v, List.of()), run, records);
        }
    }

    /**
     * An organisation imported by a periodic run that the source changed since it made it: it may have
     * been left out before (archived and now restored, say), and so may its contact persons, which the
     * source lists again only when they change. A new organisation (version 1) has none left out, and
     * an initial sync lists its contact persons after it anyway.
     */
    private static boolean late(PeerItem organisation, RunContext<Relation> c) {
        if (c.cursor.peer() == null) return false;
        try {
            return Long.parseLong(organisation.version()) > 1;
        } catch (NumberFormatException notANumber) {
            return true;
        }
    }

    /**
     * A late organisation with the contact persons that waited for it (from one full listing per run,
     * {@link RelationRecords#contactPersonsOf}, read before anything is written), in one transaction:
     * a run that died between the two would leave those persons out for good, as the organisation is
     * then linked and the source does not list them again. Should Koppel refuse one of them, each is
     * imported on its own instead, the refused one reported.
     */
    private void importWithWaiting(PeerItem organisation, Organisation blank, TypeRun<Relation> run, RelationRecords records) {
        RunContext<Relation> c = run.context;
        List<PeerItem> waiting = records.contactPersonsOf(organisation.peerId(), c.peer).stream()
                .filter(p -> reasonNotToImport(p.values().values(), c.connection, c.policy) == null && !records.linked(p.peerId(), c))
                .toList();
        Map<PeerItem, Relation> created;
        try {
            created = c.transactions.execute(tx -> {
                var made = new java.util.LinkedHashMap<PeerItem, Relation>();
                Relation o = createLinked(organisation, blank, c, records);
                made.put(organisation, o);
                for (PeerItem person : waiting) {
                    made.put(person, createLinked(person, blankPerson(c.connection, person.values().values(),
                            List.of(new ContactRole(o.id(), null, null, null, null))), c, records));
                }
                return made;
            });
        } catch (InvalidInputException | org.springframework.transaction.TransactionException refused) {
            importAs(organisation, blank, run, records);
            if (records.linked(organisation.peerId(), c)) waiting.forEach(person -> consider(person, run, records));
            return;
        }
        created.forEach((item, r) -> {
            records.imported(item.peerId(), r.id());
            c.report.item(r.id(), item.peerId(), Outcome.CREATED_IN_CRM, "imported from the source");
        });
    }

    private static String reasonNotToImport(Map<String, String> v, Connection connection, SyncPolicy policy) {
        if (policy.creation() == SyncPolicy.Creation.NEVER) return "this connection imports no new relations (creation NEVER)";
        if ("true".equals(v.get(RelationSlots.ARCHIVED))) return "archived in the source; archived relations are not imported";
        if (mappedType(connection, v) == null) {
            return "its relation type (source type " + v.get(RelationSlots.RELATION_TYPE) + ") is not mapped to a Koppel "
                    + "relation type, so it is not synced";
        }
        if (RelationSlots.KIND_CONTACT_PERSON.equals(v.get(RelationSlots.KIND))
                && !RelationSlots.KIND_ORGANISATION.equals(v.get(RelationSlots.PARENT_KIND))) {
            return "a contact person of a private individual; only contact persons of organisations are synced";
        }
        return null;
    }

    private static long managerOf(Connection connection) {
        String manager = connection.settings().get(MANAGER_SETTING);
        if (manager == null || manager.isBlank()) return connection.ownerId();
        try {
            return Long.parseLong(manager.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("settings." + MANAGER_SETTING, "'" + manager + "' is no employee id");
        }
    }

    private static String mappedType(Connection connection, Map<String, String> v) {
        String mapped = connection.settings().get(TYPE_SETTING + v.get(RelationSlots.RELATION_TYPE));
        return mapped == null || mapped.isBlank() ? null : mapped.strip();
    }

    /**
     * The Koppel organisation of a contact person: linked before, or imported now. The source lists
     * organisations before their contact persons; one that is not in this run's listing (unchanged
     * since it was skipped, restored later) is read and imported first, once per run: its other
     * contact persons find it decided.
     */
    private Long organisationOf(String parentId, TypeRun<Relation> run, RelationRecords records) {
        RunContext<Relation> c = run.context;
        if (records.decided(parentId, c)) return records.koppelIdOf(parentId, c);
        PeerItem parent = c.readable(List.of(parentId)).get(parentId);
        if (parent == null || !RelationSlots.KIND_ORGANISATION.equals(parent.values().get(RelationSlots.KIND))) {
            records.passedOver(parentId);
            return null;
        }
        consider(parent, run, records);
        records.passedOver(parentId);
        return records.koppelIdOf(parentId, c);
    }

    /** The relation's name as the source shows it, so a report line says which relation it is about. */
    static String nameOf(Map<String, String> v) {
        String name = switch (String.valueOf(v.get(RelationSlots.KIND))) {
            case RelationSlots.KIND_ORGANISATION -> v.get(RelationSlots.ORGANISATION_NAME);
            case RelationSlots.KIND_PRIVATE_INDIVIDUAL -> v.get(RelationSlots.INDIVIDUAL_NAME);
            default -> java.util.stream.Stream.of(v.get(RelationSlots.PERSON_FIRST_NAMES), v.get(RelationSlots.PERSON_INFIX),
                    v.get(RelationSlots.PERSON_LAST_NAME)).filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.joining(" "));
        };
        return name == null || name.isBlank() ? "(no name)" : "'" + name + "'";
    }

    private static Person blankPerson(Connection connection, Map<String, String> v, List<ContactRole> roles) {
        return new Person(null, null, null, null, null, null, null, null, null, null, null, null, null, roles, null,
                managerOf(connection), List.of(), false, List.of(mappedType(connection, v)), List.of(), null, Map.of(),
                null, null, null);
    }

    /**
     * The relation made from the source's values by the kind's field map rows (so a later run maps it
     * back to the same values) and linked at once. A value Koppel refuses (an e-mail address that is
     * none) refuses the whole relation, reported with the reason; it is tried again when it changes
     * in the source. Importing it without that value would make the next run clear it in the source.
     */
    private void importAs(PeerItem item, Relation blank, TypeRun<Relation> run, RelationRecords records) {
        RunContext<Relation> c = run.context;
        try {
            Relation created = c.transactions.execute(tx -> createLinked(item, blank, c, records));
            records.imported(item.peerId(), created.id());
            c.report.item(created.id(), item.peerId(), Outcome.CREATED_IN_CRM, "imported from the source");
        } catch (InvalidInputException e) {
            records.passedOver(item.peerId());
            c.report.item(null, item.peerId(), Outcome.ERROR, nameOf(item.values().values()) + " cannot be imported: "
                    + e.getMessage());
        }
    }

    /** The relation made and linked (a new link: the relation was made just now); the caller holds the transaction. */
    private Relation createLinked(PeerItem item, Relation blank, RunContext<Relation> c, RelationRecords records) {
        var values = new HashMap<String, String>();
        records.rows(c.map, blank).stream().filter(row -> row.direction() != org.koppel.sync.FieldMap.RowDirection.CRM_TO_PEER)
                .forEach(row -> values.put(row.crmField(), item.values().get(row.slot())));
        Relation r = relations.create(RelationFields.write(blank, values), Origin.connection(c.connection.id()));
        links.insert(c.connection.id(), DataType.RELATIONS, r.id(), item.peerId(), item.version(), records.project(r, c.map),
                r.version(), clock.instant());
        return r;
    }
}
