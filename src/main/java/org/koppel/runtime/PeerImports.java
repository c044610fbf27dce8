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
 * A created person is linked at once, and stamped into its peer item with the run's other adoptions.
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

    /**
     * A card's stamp (the Koppel id, and Koppel's values where it holds one) waiting to be written: a run
     * writes the stamps of the cards it adopted together ({@link #writeStamps}), in the peer's batches,
     * not one request per card.
     */
    record Stamp(PeerItem item, Snapshot written, Snapshot koppel, long crmId, long crmVersion, String why) {
    }

    /**
     * @param transactions the run's (fenced: see {@link FencedTransactions})
     * @param stamps       where a card linked or created here leaves its stamp, for {@link #writeStamps}
     */
    void consider(Connection connection, SyncPolicy policy, PeerItem item, ReportBuilder report,
                  TransactionTemplate transactions, List<Stamp> stamps) {
        Snapshot v = item.values();
        var decided = queue.find(connection.id(), DataType.CONTACTS, item.peerId())
                .filter(e -> e.status().equals("IMPORTED") && e.crmId() != null && !relations.find(null, e.crmId()).deleted());
        if (decided.isPresent()) {
            linkImported(connection, item, decided.get(), transactions, stamps);
            return;
        }
        switch (policy.creation()) {
            case NEVER -> report.item(null, item.peerId(), Outcome.SKIPPED,
                    "not from Koppel: this connection syncs only contacts that come from Koppel (creation policy NEVER)");
            case WHEN_TAGGED -> {
                if (item.categories().stream().anyMatch(c -> c.equalsIgnoreCase(SyncPolicy.CRM_TAG))) {
                    create(connection, item, report, transactions, stamps);
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
                if (named && reachable) create(connection, item, report, transactions, stamps);
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
    private void create(Connection connection, PeerItem item, ReportBuilder report, TransactionTemplate transactions,
                        List<Stamp> stamps) {
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
            stamps.add(stamp(connection, item, created, false, "created in Koppel from the peer", transactions));
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
    private void linkImported(Connection connection, PeerItem item, ImportQueueStore.Entry entry,
                              TransactionTemplate transactions, List<Stamp> stamps) {
        long crmId = entry.crmId();
        boolean existing = "LINK".equals(entry.choice());
        String as = existing ? "linked from the queue to an existing relation"
                : "imported from the queue as " + (entry.choice() == null ? "a person" : switch (entry.choice()) {
                    case "ORGANISATION" -> "an organisation";
                    case "LEAD" -> "a lead";
                    default -> "a person";
                });
        stamps.add(stamp(connection, item, relations.find(null, crmId), existing, as, transactions));
    }

    /**
     * The stamp of a card that became (or was linked to) a relation: the card gets Koppel's values where
     * Koppel holds one; for a link to an existing person, Koppel's empty fields are filled from the card
     * first, and the report names each card value Koppel's replaced.
     */
    private Stamp stamp(Connection connection, PeerItem item, Relation found, boolean existing, String why,
                        TransactionTemplate transactions) {
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
        return new Stamp(item, new Snapshot(written), koppel, crmId, relation.version(), why + (replaced.isEmpty() ? ""
                : "; Koppel's values kept over the card's " + String.join(", ", replaced)));
    }

    /**
     * Writes the stamps in the peer's batches and links each stamped card. A card whose stamp failed is
     * reported with the reason: one created here is linked already (only its stamp is missing, which
     * matters only if the link is lost), one from the queue is linked by a later run. A peer that kept
     * throttling ends the run after the batch's other cards are settled.
     */
    void writeStamps(Connection connection, ItemPeer peer, List<Stamp> stamps, ReportBuilder report,
                     TransactionTemplate transactions) {
        int size = Math.max(1, peer.batchSize());
        for (int from = 0; from < stamps.size(); from += size) {
            List<Stamp> batch = stamps.subList(from, Math.min(stamps.size(), from + size));
            var written = peer.updateAll(batch.stream().map(s -> new ItemPeer.Update(s.item(), s.written(), s.crmId())).toList());
            org.koppel.connector.PeerException ending = null;
            for (Stamp s : batch) {
                ItemPeer.Written<PeerItem> w = written.get(s.crmId());
                if (w == null || w.failure() != null) {
                    if (w != null && w.failure() instanceof org.koppel.connector.PeerException.Transient t) ending = t;
                    report.item(s.crmId(), s.item().peerId(), Outcome.ERROR, s.why() + "; the Koppel id was not written to the card: "
                            + (w == null ? "the peer did not answer for it" : w.failure().getMessage()));
                    continue;
                }
                PeerItem stamped = w.item();
                transactions.executeWithoutResult(tx -> links.save(connection.id(), DataType.CONTACTS, s.crmId(),
                        stamped.peerId(), stamped.version(), s.koppel(), s.crmVersion(), clock.instant()));
                report.item(s.crmId(), s.item().peerId(), Outcome.CREATED_IN_CRM, s.why());
            }
            if (ending != null) throw ending;
        }
        stamps.clear();
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
