package org.koppel.runtime;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.PeerItem;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Merge;
import org.koppel.sync.RelationSlots;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncWindow;

/**
 * Relations owned by a source system (docs/source-system.md): organisations and persons, as the
 * source's organisations, contact persons and private individuals. The source is where relations are
 * born, so only what it sent is synced: the scope is the linked relations, a relation made in Koppel
 * is never sent ({@link #creatable}), and a source relation no link knows is imported
 * ({@link SourceImports}). Deletes never propagate: a relation deleted in Koppel keeps its link at
 * rest, one deleted in the source is unlinked and stays in Koppel.
 * One per run: it keeps the relation-type mapping and archive rule of its connection.
 */
final class RelationRecords implements SyncedRecords<Relation> {

    /** The connection setting that marks relations the source archived former in Koppel ("FORMER"). */
    static final String ARCHIVED_SETTING = "archived";

    private final RelationStore relationStore;
    private final Relations relations;
    private final ChangeLogStore changeLog;
    private final LinkStore links;
    private final SourceImports imports;
    private final boolean archivedAsFormer;
    private final long connectionId;
    /**
     * What this run decided about source relations no link knew: the Koppel id of one imported, null
     * for one passed over. Asked instead of the database, once per relation (a large import has
     * thousands of contact persons asking about their organisation).
     */
    private final Map<String, Long> decided = new HashMap<>();
    /** The source's contact persons by organisation, read once per run when needed ({@link #contactPersonsOf}). */
    private Map<String, List<PeerItem>> contactPersons;

    RelationRecords(RelationStore relationStore, Relations relations, ChangeLogStore changeLog, LinkStore links,
                    SourceImports imports, Connection connection) {
        this.relationStore = relationStore;
        this.relations = relations;
        this.changeLog = changeLog;
        this.links = links;
        this.imports = imports;
        this.archivedAsFormer = "FORMER".equals(connection.settings().get(ARCHIVED_SETTING));
        this.connectionId = connection.id();
    }

    @Override
    public DataType type() {
        return DataType.RELATIONS;
    }

    @Override
    public String noun() {
        return "relations";
    }

    @Override
    public long id(Relation r) {
        return r.id();
    }

    @Override
    public long version(Relation r) {
        return r.version();
    }

    @Override
    public Instant updatedAt(Relation r) {
        return r.updatedAt();
    }

    /** Organisations and persons; a lead is never a source's relation. */
    @Override
    public Map<Long, Relation> load(Collection<Long> ids) {
        var loaded = new HashMap<Long, Relation>();
        for (Relation r : relationStore.load(List.copyOf(ids))) {
            if (!(r instanceof org.koppel.crm.relation.Lead)) loaded.put(r.id(), r);
        }
        return loaded;
    }

    /** The relations the source sent and that still live in both: nothing made in Koppel. */
    @Override
    public Set<Long> scope(Connection connection, SyncPolicy policy, SyncWindow window) {
        return links.liveRelations(connection.id());
    }

    @Override
    public Set<Long> changedSince(long cursor) {
        var changed = new HashSet<Long>();
        Origin own = Origin.connection(connectionId);
        for (ChangeLogStore.Touch c : changeLog.touchedAfter(cursor, List.of(RecordType.ORGANISATION, RecordType.PERSON))) {
            // This connection's own writes (its imports, merges) were linked in their own transaction:
            // reading them back would load every imported relation again on the next run.
            if (!c.origin().equals(own)) changed.add(c.recordId());
        }
        return changed;
    }

    /** The scope is the linked relations: a change concerns the run only when its record is linked. */
    @Override
    public Set<Long> inScopeAmong(Connection connection, SyncPolicy policy, SyncWindow window, Collection<Long> ids) {
        return Set.of();
    }

    /** The kind's own rows and the address rows; the archive row only where the connection asks for it. */
    @Override
    public List<FieldMap.Row> rows(FieldMap map, Relation r) {
        String kind = RelationFields.kindOf(r);
        return map.rows().stream().filter(row -> {
            String rowKind = RelationSlots.kindOf(row.slot());
            if (rowKind != null) return rowKind.equals(kind);
            return !row.slot().equals(RelationSlots.ARCHIVED) || archivedAsFormer;
        }).toList();
    }

    @Override
    public Snapshot project(Relation r, FieldMap map) {
        return FieldMap.project(rows(map, r), field -> RelationFields.read(r, field));
    }

    @Override
    public Relation apply(Relation r, Snapshot merged, Set<String> slots, FieldMap map) {
        return RelationFields.write(r, rows(map, r).stream()
                .filter(row -> slots.contains(row.slot()) && row.direction() != FieldMap.RowDirection.CRM_TO_PEER)
                .collect(HashMap::new, (m, row) -> m.put(row.crmField(), merged.get(row.slot())), HashMap::putAll));
    }

    @Override
    public Relation update(Relation current, Relation changed, Origin origin) {
        return relations.update(current.kind(), current.id(), current.version(), changed, origin);
    }

    /** Relations made in Koppel are not sent: the source is where relations are created. */
    @Override
    public boolean creatable(Relation r) {
        return false;
    }

    /** Only a relation deleted in Koppel leaves the scope; the delete does not reach the source, the link rests. */
    @Override
    public Leaving leaving(Relation r, Connection connection) {
        return Leaving.keep();
    }

    /**
     * The source's one mobile and one e-mail of a contact person feed two CRM fields each: what Koppel
     * sends through one slot becomes the other's value too (in the source they are one), so the CRM
     * field of the other slot follows in the same run. Both edited in Koppel: the work value is sent
     * and wins, as a source field can hold only one.
     */
    @Override
    public Merge.Result coupled(Merge.Result merge) {
        var merged = new java.util.TreeMap<>(merge.merged().values());
        var crmSlots = new HashSet<>(merge.crmSlots());
        for (RelationSlots.SharedField pair : RelationSlots.SHARED) {
            String sent = merge.peerSlots().contains(pair.business()) ? pair.business()
                    : merge.peerSlots().contains(pair.personal()) ? pair.personal() : null;
            if (sent == null) continue;
            String other = sent.equals(pair.business()) ? pair.personal() : pair.business();
            if (java.util.Objects.equals(merged.get(sent), merged.get(other))) continue;
            if (merged.get(sent) == null) merged.remove(other);
            else merged.put(other, merged.get(sent));
            crmSlots.add(other);
        }
        // The other slot may already be going to the CRM (the source changed it): then only its value
        // changed, and that must not be dropped (seed 535073342140 of the source simulation).
        if (crmSlots.equals(merge.crmSlots()) && merged.equals(merge.merged().values())) return merge;
        return new Merge.Result(new Snapshot(merged), crmSlots, merge.peerSlots(), merge.conflicts(), merge.untilWritten());
    }

    @Override
    public String label(String slot) {
        return RelationSlots.label(slot);
    }

    @Override
    public void adopt(PeerItem item, TypeRun<Relation> run) {
        imports.consider(item, run, this);
    }

    /**
     * The contact persons the source holds for an organisation, from one full listing of the source read
     * the first time a run asks (rarely: see SourceImports#late), so a run reads the source at most twice.
     */
    void imported(String sourceId, long crmId) {
        decided.put(sourceId, crmId);
    }

    /** Skipped or refused; an import decided earlier in the run stays. */
    void passedOver(String sourceId) {
        decided.putIfAbsent(sourceId, null);
    }

    /** Whether the relation was linked when the run began or imported by it. */
    boolean linked(String sourceId, RunContext<Relation> c) {
        return koppelIdOf(sourceId, c) != null;
    }

    /** Whether the run knows what the relation is in Koppel: linked before, imported or passed over now. */
    boolean decided(String sourceId, RunContext<Relation> c) {
        return c.byPeer.containsKey(sourceId) || decided.containsKey(sourceId);
    }

    Long koppelIdOf(String sourceId, RunContext<Relation> c) {
        var link = c.byPeer.get(sourceId);
        return link != null ? Long.valueOf(link.crmId()) : decided.get(sourceId);
    }

    List<PeerItem> contactPersonsOf(String organisationPeerId, org.koppel.connector.ItemPeer peer) {
        if (contactPersons == null) {
            contactPersons = new HashMap<>();
            for (PeerItem item : peer.fullListing(id -> null).changed()) {
                if (RelationSlots.KIND_CONTACT_PERSON.equals(item.values().get(RelationSlots.KIND))) {
                    contactPersons.computeIfAbsent(item.values().get(RelationSlots.PARENT_ID), p -> new java.util.ArrayList<>()).add(item);
                }
            }
        }
        return contactPersons.getOrDefault(organisationPeerId, List.of());
    }

    @Override
    public String peerDeleted() {
        return "deleted in the source; kept in Koppel, as deletes never propagate";
    }
}
