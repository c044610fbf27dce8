package org.koppel.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.koppel.connector.PeerItem;
import org.koppel.crm.Change;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.RelationStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncWindow;

/**
 * Contacts: persons, in the address book of every employee whose scope holds them (relation manager,
 * owner, group, sync flag). A peer contact no link knows goes to the creation policy ({@link PeerImports}).
 * One per run: it keeps the names of the organisations the run's persons work at.
 */
final class ContactRecords implements SyncedRecords<Person> {

    private final RelationStore relationStore;
    private final Relations relations;
    private final ChangeLogStore changeLog;
    private final SyncConfigStore config;
    private final PeerImports imports;
    private final org.koppel.store.LinkStore links;
    /** Names of the organisations of the persons this run projects, read once per run, not per person. */
    private final Map<Long, String> organisationNames = new HashMap<>();

    ContactRecords(RelationStore relationStore, Relations relations, ChangeLogStore changeLog, SyncConfigStore config,
                   PeerImports imports, org.koppel.store.LinkStore links) {
        this.links = links;
        this.relationStore = relationStore;
        this.relations = relations;
        this.changeLog = changeLog;
        this.config = config;
        this.imports = imports;
    }

    @Override
    public DataType type() {
        return DataType.CONTACTS;
    }

    @Override
    public String noun() {
        return "contacts";
    }

    @Override
    public long id(Person person) {
        return person.id();
    }

    @Override
    public long version(Person person) {
        return person.version();
    }

    @Override
    public Instant updatedAt(Person person) {
        return person.updatedAt();
    }

    @Override
    public Map<Long, Person> load(Collection<Long> ids) {
        var persons = new HashMap<Long, Person>();
        for (Relation r : relationStore.load(List.copyOf(ids))) {
            if (r instanceof Person p) persons.put(p.id(), p);
        }
        return persons;
    }

    @Override
    public Set<Long> scope(Connection connection, SyncPolicy policy, SyncWindow window) {
        return config.personsInScope(connection.ownerId(), policy.scope(), policy.scopeMainGroup());
    }

    /** Persons changed, and the contact persons of organisations renamed (their cards show the name). */
    @Override
    public Set<Long> changedSince(long cursor) {
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

    @Override
    public void prepare(Collection<Person> persons) {
        organisationNames.putAll(relationStore.displayNames(persons.stream()
                .flatMap(p -> p.contactRoles().stream()).map(ContactRole::organisationId).distinct().toList()));
    }

    @Override
    public List<FieldMap.Row> rows(FieldMap map, Person person) {
        return map.rowsFor(ContactProjection.roleOf(person));
    }

    @Override
    public Snapshot project(Person person, FieldMap map) {
        var missing = person.contactRoles().stream().map(ContactRole::organisationId)
                .filter(id -> !organisationNames.containsKey(id)).toList();
        organisationNames.putAll(relationStore.displayNames(missing));
        return ContactProjection.project(person, organisationNames, map);
    }

    /** With the person's kind, for peers whose values are untyped (Outlook's e-mail list). */
    @Override
    public Snapshot forPeer(Snapshot values, Person person) {
        var withKind = new TreeMap<>(values.values());
        withKind.put(ContactSlots.KIND, ContactProjection.roleOf(person) == FieldMap.PersonRole.CONTACT_PERSON
                ? ContactSlots.KIND_CONTACT_PERSON : ContactSlots.KIND_PRIVATE_INDIVIDUAL);
        return new Snapshot(withKind);
    }

    @Override
    public Person apply(Person person, Snapshot merged, Set<String> slots, FieldMap map) {
        return ContactProjection.apply(person, merged, slots, map);
    }

    @Override
    public Person update(Person current, Person changed, Origin origin) {
        return (Person) relations.update(RelationKind.PERSON, current.id(), current.version(), changed, origin);
    }

    @Override
    public Leaving leaving(Person person, Connection connection) {
        return Leaving.unlink(person.deleted() ? "deleted in Koppel"
                : person.former() ? "marked former in Koppel" : "no longer in your sync scope");
    }

    @Override
    public String label(String slot) {
        return ContactSlots.label(slot);
    }

    @Override
    public void adopt(PeerItem item, TypeRun<Person> run) {
        RunContext<Person> c = run.context;
        imports.consider(c.connection, c.peer, c.policy, item, c.report, c.transactions);
    }

    @Override
    public List<String> alsoRead(long connectionId) {
        return imports.decidedSinceLastRun(connectionId);
    }

    /**
     * Organisations and leads imported from the queue are linked to their cards (so a card is never
     * queued or imported twice), but this type syncs persons only: their links rest until
     * organisations and leads sync as cards (issue 14, the "cards" work), which should then drop this.
     */
    @Override
    public Set<Long> resting(long connectionId) {
        return links.linkedNonPersons(connectionId, DataType.CONTACTS);
    }

    @Override
    public boolean reviewsRewrites() {
        return true;
    }
}
