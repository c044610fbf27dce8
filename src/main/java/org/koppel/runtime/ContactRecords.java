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
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.CustomFieldStore;
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
 * Contacts: relations as cards in the address book of every employee whose scope holds them
 * (relation manager, owner, group, sync flag, all): persons, and organisations and leads as cards
 * of their own kind ({@link ContactSlots#KIND}). A peer contact no link knows goes to the creation
 * policy ({@link PeerImports}). One per run: it keeps the names and visiting addresses of the
 * organisations the run's persons work at, and the custom field definitions.
 */
final class ContactRecords implements SyncedRecords<Relation> {

    private final RelationStore relationStore;
    private final Relations relations;
    private final ChangeLogStore changeLog;
    private final SyncConfigStore config;
    private final PeerImports imports;
    private final CustomFieldStore customFields;
    /** Whether the peer's address edits come into the CRM: not from iCloud unless the admin allows it (docs/sync.md). */
    private final boolean addressesFromPeer;
    /** Whether organisations and leads are cards by the scope rules or only by their sync flag (docs/sync.md). */
    private final boolean organisationsAndLeadsByScope;
    /** Names and visiting addresses of the organisations of the persons this run projects, read once per run. */
    private final Map<Long, String> organisationNames = new HashMap<>();
    /** Stamps of the cards this run adopted, waiting for {@link #adopted}. */
    private final List<PeerImports.Stamp> stamps = new ArrayList<>();
    private final Map<Long, Address> organisationAddresses = new HashMap<>();
    private ContactProjection.Related related;

    ContactRecords(RelationStore relationStore, Relations relations, ChangeLogStore changeLog, SyncConfigStore config,
                   PeerImports imports, CustomFieldStore customFields, boolean addressesFromPeer,
                   boolean organisationsAndLeadsByScope) {
        this.organisationsAndLeadsByScope = organisationsAndLeadsByScope;
        this.relationStore = relationStore;
        this.relations = relations;
        this.changeLog = changeLog;
        this.config = config;
        this.imports = imports;
        this.customFields = customFields;
        this.addressesFromPeer = addressesFromPeer;
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
    public long id(Relation relation) {
        return relation.id();
    }

    @Override
    public long version(Relation relation) {
        return relation.version();
    }

    @Override
    public Instant updatedAt(Relation relation) {
        return relation.updatedAt();
    }

    @Override
    public Map<Long, Relation> load(Collection<Long> ids) {
        var loaded = new HashMap<Long, Relation>();
        for (Relation r : relationStore.load(List.copyOf(ids))) loaded.put(r.id(), r);
        return loaded;
    }

    @Override
    public Set<Long> scope(Connection connection, SyncPolicy policy, SyncWindow window) {
        return config.cardsInScope(connection.ownerId(), policy.scope(), policy.scopeMainGroup(), null,
                organisationsAndLeadsByScope);
    }

    /**
     * Relations changed, and the contact persons of organisations renamed or moved (their cards show
     * the organisation's name and, without a visiting address of their own, its visiting address).
     */
    @Override
    public Set<Long> changedSince(long cursor) {
        var changed = new HashSet<Long>();
        var organisations = new ArrayList<Long>();
        for (ChangeLogStore.Touch c : changeLog.touchedAfter(cursor,
                List.of(RecordType.PERSON, RecordType.LEAD, RecordType.ORGANISATION))) {
            changed.add(c.recordId());
            if (c.recordType() == RecordType.ORGANISATION
                    && (c.fields().contains("name") || c.fields().contains("addresses"))) organisations.add(c.recordId());
        }
        changed.addAll(config.contactPersonsOf(organisations));
        return changed;
    }

    @Override
    public Set<Long> inScopeAmong(Connection connection, SyncPolicy policy, SyncWindow window, Collection<Long> ids) {
        return config.cardsInScope(connection.ownerId(), policy.scope(), policy.scopeMainGroup(), ids,
                organisationsAndLeadsByScope);
    }

    /** A group's members changed: under the group rule that moves cards in or out without a change of their own. */
    @Override
    public boolean scopeMovedSince(long cursor, SyncPolicy policy) {
        return policy.scope().contains(SyncPolicy.ScopeRule.GROUP) && changeLog.anyAfter(cursor, RecordType.GROUP);
    }

    @Override
    public String settingsKey() {
        return "addressesFromPeer=" + addressesFromPeer + ",organisationsAndLeadsByScope=" + organisationsAndLeadsByScope;
    }

    @Override
    public void prepare(Collection<Relation> records) {
        readOrganisations(records.stream().filter(r -> r instanceof Person).map(r -> (Person) r)
                .flatMap(p -> p.contactRoles().stream()).map(ContactRole::organisationId).distinct().toList());
    }

    private void readOrganisations(List<Long> ids) {
        var missing = ids.stream().filter(id -> !organisationNames.containsKey(id)).toList();
        if (missing.isEmpty()) return;
        for (Relation r : relationStore.load(missing)) {
            organisationNames.put(r.id(), r.displayName());
            if (r instanceof Organisation o) {
                o.addresses().stream().filter(a -> a.type() == AddressType.VISITING).findFirst()
                        .ifPresent(a -> organisationAddresses.put(o.id(), a));
            }
        }
    }

    private ContactProjection.Related related() {
        if (related == null) {
            related = new ContactProjection.Related(organisationNames, organisationAddresses, customFields.all());
        }
        return related;
    }

    /** Without the admin's leave, iCloud's address edits stay in iCloud; the CRM's still go there. */
    @Override
    public FieldMap fieldMap(FieldMap stored) {
        return addressesFromPeer ? stored : stored.crmChangesOnly("adr.");
    }

    @Override
    public List<FieldMap.Row> rows(FieldMap map, Relation relation) {
        return map.rowsFor(ContactProjection.roleOf(relation));
    }

    @Override
    public Snapshot project(Relation relation, FieldMap map) {
        if (relation instanceof Person p) readOrganisations(p.contactRoles().stream().map(ContactRole::organisationId).toList());
        return ContactProjection.project(relation, related(), map);
    }

    /** With the card's kind, for peers that shape a card by it (a company card) or whose values are untyped (Outlook's e-mail list). */
    @Override
    public Snapshot forPeer(Snapshot values, Relation relation) {
        var withKind = new TreeMap<>(values.values());
        withKind.put(ContactSlots.KIND, ContactProjection.kindHint(relation));
        return new Snapshot(withKind);
    }

    @Override
    public Relation apply(Relation relation, Snapshot merged, Set<String> slots, FieldMap map) {
        if (relation instanceof Person p) readOrganisations(p.contactRoles().stream().map(ContactRole::organisationId).toList());
        return ContactProjection.apply(relation, merged, slots, map, related());
    }

    @Override
    public Relation update(Relation current, Relation changed, Origin origin) {
        return relations.update(current.kind(), current.id(), current.version(), changed, origin);
    }

    @Override
    public Leaving leaving(Relation relation, Connection connection) {
        return Leaving.unlink(relation.deleted() ? "deleted in Koppel"
                : relation.former() ? "marked former in Koppel" : "no longer in your sync scope");
    }

    @Override
    public String label(String slot) {
        return ContactSlots.label(slot);
    }

    @Override
    public void adopt(PeerItem item, TypeRun<Relation> run) {
        RunContext<Relation> c = run.context;
        imports.consider(c.connection, c.policy, item, c.report, c.transactions, stamps);
    }

    /** The stamps of the cards this run adopted, written together: a 300-card import is 2 requests on Google, not 300. */
    @Override
    public void adopted(TypeRun<Relation> run) {
        RunContext<Relation> c = run.context;
        imports.writeStamps(c.connection, c.peer, stamps, c.report, c.transactions);
    }

    @Override
    public List<String> alsoRead(long connectionId) {
        return imports.decidedSinceLastRun(connectionId);
    }

    @Override
    public boolean reviewsRewrites() {
        return true;
    }
}
