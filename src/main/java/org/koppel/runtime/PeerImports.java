package org.koppel.runtime;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerItem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ImportQueueStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.FieldMap;
import org.springframework.transaction.support.TransactionTemplate;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.springframework.stereotype.Service;

/**
 * What happens to a peer contact no link knows and no stamp points at (DESIGN.md rule 6): never
 * imported, imported when tagged "CRM", queued for a person to decide, or created as a person.
 * A created person is stamped into the peer item and linked at once.
 */
@Service
class PeerImports {

    private final ImportQueueStore queue;
    private final Relations relations;
    private final LinkStore links;
    private final SyncConfigStore config;
    private final org.koppel.store.RelationStore relationStore;
    private final ContactFieldMap fieldMaps;
    private final Clock clock;

    PeerImports(ImportQueueStore queue, Relations relations, LinkStore links, SyncConfigStore config,
                org.koppel.store.RelationStore relationStore, Clock clock, ContactFieldMap fieldMaps) {
        this.fieldMaps = fieldMaps;
        this.config = config;
        this.relationStore = relationStore;
        this.queue = queue;
        this.relations = relations;
        this.links = links;
        this.clock = clock;
    }

    /** @param transactions the run's (fenced: see {@link FencedTransactions}) */
    void consider(Connection connection, ItemPeer peer, SyncPolicy policy, PeerItem item, ReportBuilder report,
                  TransactionTemplate transactions) {
        Snapshot v = item.values();
        var decided = queue.find(connection.id(), DataType.CONTACTS, item.peerId())
                .filter(e -> e.status().equals("IMPORTED") && e.crmId() != null && !relations.find(null, e.crmId()).deleted());
        if (decided.isPresent()) {
            linkImported(connection, peer, item, decided.get(), report, transactions);
            return;
        }
        switch (policy.creation()) {
            case NEVER -> report.item(null, item.peerId(), Outcome.SKIPPED,
                    "not from Koppel: this connection syncs only contacts that come from Koppel (creation policy NEVER)");
            case WHEN_TAGGED -> {
                if (item.categories().stream().anyMatch(c -> c.equalsIgnoreCase(SyncPolicy.CRM_TAG))) {
                    create(connection, peer, item, report, transactions);
                } else {
                    report.item(null, item.peerId(), Outcome.SKIPPED, "not tagged with the category 'CRM'");
                }
            }
            case QUEUE -> {
                if (Boolean.TRUE.equals(transactions.execute(tx -> queue.queue(connection.id(), DataType.CONTACTS,
                        item.peerId(), item.version(), links.encode(v), displayName(v), clock.instant())))) {
                    report.item(null, item.peerId(), Outcome.QUEUED, "waits in the import queue: organisation, person or lead?");
                } else {
                    report.item(null, item.peerId(), Outcome.SKIPPED, "already decided in the import queue");
                }
            }
            case CREATE -> {
                boolean named = v.get(ContactSlots.FAMILY_NAME) != null || v.get(ContactSlots.GIVEN_NAME) != null;
                boolean reachable = v.get(ContactSlots.ORGANISATION) != null || v.get(ContactSlots.EMAIL_WORK) != null
                        || v.get(ContactSlots.EMAIL_HOME) != null;
                if (named && reachable) create(connection, peer, item, report, transactions);
                else report.item(null, item.peerId(), Outcome.SKIPPED,
                        "needs a name and an organisation or e-mail address to be created in Koppel");
            }
        }
    }

    /**
     * A person made from the card with all its data (as the import queue makes one: a role at the
     * card's organisation, addresses, note), managed by the connection's owner and carrying their
     * sync flag, linked in the same transaction: a crash before the stamp can never import the card twice.
     */
    private void create(Connection connection, ItemPeer peer, PeerItem item, ReportBuilder report,
                        TransactionTemplate transactions) {
        try {
            FieldMap map = config.fieldMap(DataType.CONTACTS);
            long owner = connection.ownerId();
            Origin origin = Origin.connection(connection.id());
            Person created = transactions.execute(tx -> {
                Person person = (Person) relations.create(personFrom(connection, item.values(), origin), origin);
                relations.setSyncFlag(RelationKind.PERSON, person.id(), owner, true, origin);
                links.save(connection.id(), DataType.CONTACTS, person.id(), item.peerId(), item.version(),
                        projection(person, map), person.version(), clock.instant());
                return person;
            });
            stamp(connection, peer, item, created, false, "created in Koppel from the peer", report, transactions);
        } catch (InvalidInputException | java.time.DateTimeException e) {
            report.item(null, item.peerId(), Outcome.ERROR, "cannot be created in Koppel: " + e.getMessage());
        }
    }

    /** A person from the card, managed by the connection's owner, with a role at the card's organisation if it names one. */
    Person personFrom(Connection connection, Snapshot card, Origin origin) {
        return CardImportMapping.person(card, connection.ownerId(), organisationFor(connection, card, origin),
                fieldMaps.forImports(connection), fieldMaps.related());
    }

    /** An organisation from the card; {@code name} if the card names none. */
    Organisation organisationFrom(Connection connection, Snapshot card, String name) {
        return CardImportMapping.organisation(card, connection.ownerId(), name, fieldMaps.forImports(connection),
                fieldMaps.related());
    }

    Lead leadFrom(Connection connection, Snapshot card) {
        return CardImportMapping.lead(card, connection.ownerId(), fieldMaps.forImports(connection), fieldMaps.related());
    }

    /** The card's organisation: the live, not former one of exactly that name (case ignored), else a new one. */
    private Long organisationFor(Connection connection, Snapshot card, Origin origin) {
        String name = card.get(ContactSlots.ORGANISATION);
        if (name == null || name.isBlank()) return null;
        return relationStore.organisationNamed(name).orElseGet(() -> relations.create(
                organisationFrom(connection, CardImportMapping.organisationPart(card), name), origin).id());
    }

    private Snapshot projection(Person person, FieldMap map) {
        return ContactProjection.project(person, relationStore.displayNames(
                person.contactRoles().stream().map(org.koppel.crm.relation.ContactRole::organisationId).toList()), map);
    }

    /** Peer ids of queue entries imported and not linked yet: a run links them. */
    List<String> decidedSinceLastRun(long connectionId) {
        return queue.importedNotLinked(connectionId, DataType.CONTACTS);
    }

    /**
     * Links a card imported from the queue to what it became, and stamps it. A person: the card gets
     * Koppel's values where Koppel holds one (a private individual's e-mail and phone move to their
     * private kind, as imported), and, when the card was linked to an existing person, Koppel's empty
     * fields are filled from the card first; where both held different values, Koppel's is kept and
     * the report says which card value it replaced.
     */
    private void linkImported(Connection connection, ItemPeer peer, PeerItem item, ImportQueueStore.Entry entry,
                              ReportBuilder report, TransactionTemplate transactions) {
        long crmId = entry.crmId();
        boolean existing = "LINK".equals(entry.choice());
        String as = existing ? "linked from the queue to an existing relation"
                : "imported from the queue as " + (entry.choice() == null ? "a person" : switch (entry.choice()) {
                    case "ORGANISATION" -> "an organisation";
                    case "LEAD" -> "a lead";
                    default -> "a person";
                });
        stamp(connection, peer, item, relations.find(null, crmId), existing, as, report, transactions);
    }

    /**
     * Stamps a card that became (or was linked to) a relation and links it: the card gets Koppel's values
     * where Koppel holds one; for a link to an existing person, Koppel's empty fields are filled from the
     * card first, and the report names each card value Koppel's replaced.
     */
    private void stamp(Connection connection, ItemPeer peer, PeerItem item, Relation found, boolean existing,
                       String why, ReportBuilder report, TransactionTemplate transactions) {
        long crmId = found.id();
        FieldMap map = config.fieldMap(DataType.CONTACTS);
        Snapshot card = existing ? item.values() : CardImportMapping.asImported(item.values(), found);
        Relation relation = existing && found instanceof Person p
                ? transactions.execute(tx -> fillGaps(connection, p, card, map)) : found;
        Snapshot koppel = relation instanceof Person person ? projection(person, map)
                : ContactProjection.project(relation, ContactProjection.Related.none(), map);
        var written = new java.util.TreeMap<>(card.values());
        var replaced = new java.util.ArrayList<String>();
        koppel.values().forEach((slot, value) -> {
            if (value == null) return;
            String before = written.put(slot, value);
            if (before != null && !before.equals(value)) replaced.add(ContactSlots.label(slot) + " '" + before + "'");
        });
        written.put(ContactSlots.KIND, ContactProjection.kindHint(relation));
        PeerItem stamped = peer.update(item, new Snapshot(written), crmId);
        transactions.executeWithoutResult(tx -> links.save(connection.id(), DataType.CONTACTS, crmId, stamped.peerId(),
                stamped.version(), koppel, relation.version(), clock.instant()));
        report.item(crmId, item.peerId(), Outcome.CREATED_IN_CRM, why + (replaced.isEmpty() ? ""
                : "; Koppel's values kept over the card's " + String.join(", ", replaced)));
    }

    /** An existing person linked to a card takes the card's values where it has none of its own. */
    private Person fillGaps(Connection connection, Person person, Snapshot card, FieldMap map) {
        Snapshot koppel = ContactProjection.project(person, Map.of(), map);
        var gaps = new java.util.HashSet<String>();
        for (FieldMap.Row row : map.rowsFor(ContactProjection.roleOf(person))) {
            if (koppel.get(row.slot()) == null && card.get(row.slot()) != null) gaps.add(row.slot());
        }
        if (gaps.isEmpty()) return person;
        Person filled = ContactProjection.apply(person, card, gaps, map);
        return (Person) relations.update(org.koppel.crm.relation.RelationKind.PERSON, person.id(), person.version(), filled,
                Origin.connection(connection.id()));
    }

    private static String displayName(Snapshot v) {
        String name = Stream.of(v.get(ContactSlots.GIVEN_NAME), v.get(ContactSlots.INFIX), v.get(ContactSlots.FAMILY_NAME))
                .filter(s -> s != null).collect(Collectors.joining(" "));
        if (name.isEmpty()) name = v.get(ContactSlots.ORGANISATION) == null ? "(no name)" : v.get(ContactSlots.ORGANISATION);
        return name;
    }
}
