package org.koppel.connector.source;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.RelationSlots;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A source system's relations ({@code RELATIONS}) as the engine sees them: the change list read
 * whole from a cursor, each relation once at its highest version, tombstones as removals; Koppel's
 * edits sent back as a PATCH of only the fields that changed, with If-Match.
 *
 * <p>The source owns its relations: nothing is ever created or deleted there by Koppel (the document:
 * "Nieuwe relaties moeten altijd in AdvocaatCentraal worden aangemaakt"; "De koppeling verwijdert nooit
 * automatisch gegevens in het andere systeem"). An archived relation is a change like any other, with
 * the {@link RelationSlots#ARCHIVED} hint, never a removal: the document keeps it active in the CRM.
 */
public final class SourcePeer implements ItemPeer {

    /** The contract's largest page: fewest round trips for an initial sync. */
    static final int PAGE_SIZE = SourceClient.MAX_PAGE;
    /** Parents before the contact persons that point at them, so an import finds the parent linked. */
    private static final List<String> KIND_ORDER = List.of(RelationSlots.KIND_ORGANISATION,
            RelationSlots.KIND_PRIVATE_INDIVIDUAL, RelationSlots.KIND_CONTACT_PERSON);
    private static final String DELETED = "deleted";

    private final SourceClient client;
    private final ObjectMapper json;
    private final int pageSize;
    /** Which relation types the connection syncs now; a cursor made under another selection is expired. */
    private final String selection;

    public SourcePeer(SourceClient client, ObjectMapper json, String selection) {
        this(client, json, selection, PAGE_SIZE);
    }

    /** With a page size of the caller's: tests use small pages, so a listing has a middle to fail in. */
    public SourcePeer(SourceClient client, ObjectMapper json, String selection, int pageSize) {
        this.client = client;
        this.json = json;
        this.selection = selection;
        this.pageSize = pageSize;
    }

    @Override
    public long requests() {
        return client.requests();
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * @throws PeerException.CursorExpired the source pruned its change log past the cursor, or the
     *                                     relation-type mapping changed since: list everything
     */
    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        String from = cursor == null ? null : SourceCursor.read(cursor, selection, json).position();
        return list(from, knownVersion, false);
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        return list(null, knownVersion, true);
    }

    /**
     * Pages through the change list from {@code from} to its end. A relation changed while paging is
     * listed again later in the list; its highest version wins, so it is returned once, as it is now.
     */
    private PeerDelta list(String from, Function<String, String> knownVersion, boolean complete) {
        var latest = new LinkedHashMap<String, JsonNode>();
        String position = from;
        boolean more = true;
        while (more) {
            SourceClient.Page page = client.changes(position, pageSize);
            if (page.more() && page.relations().isEmpty() && page.cursor().equals(position)) {
                // "more" that never moves would page forever; the next run asks again.
                throw new PeerException.Transient("the source system's change list did not advance past its cursor", null, null);
            }
            for (JsonNode relation : page.relations()) {
                String id = relation.path("id").asString("");
                JsonNode seen = latest.get(id);
                if (id.isEmpty() || seen != null && version(seen) > version(relation)) continue;
                latest.remove(id);
                latest.put(id, relation);
            }
            position = page.cursor();
            more = page.more();
        }
        var changed = new ArrayList<PeerItem>();
        var removed = new ArrayList<String>();
        var present = new HashSet<String>();
        var rejected = new LinkedHashMap<String, String>();
        latest.forEach((id, relation) -> {
            if (DELETED.equals(relation.path("state").asString(""))) {
                removed.add(id);
                return;
            }
            present.add(id);
            String kind = relation.path("kind").asString("");
            if (!SourceFields.isKind(kind)) {
                rejected.put(id, "the source sent a relation of unknown kind '" + kind + "'");
            } else if (!relation.path("version").asString("").equals(knownVersion.apply(id))) {
                changed.add(item(relation, relation.path("version").asString("")));
            }
        });
        changed.sort(Comparator.comparingInt(item -> KIND_ORDER.indexOf(item.values().get(RelationSlots.KIND))));
        return new PeerDelta(changed, complete ? List.of() : removed, complete ? present : Set.of(), complete,
                SourceCursor.write(position, selection, json), rejected);
    }

    private static long version(JsonNode relation) {
        return relation.path("version").asLong(0);
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        var found = new LinkedHashMap<String, PeerItem>();
        for (String id : peerIds) {
            client.get(id).ifPresent(read -> found.put(id, item(read.relation(), read.version())));
        }
        return found;
    }

    /** Never called for relations (they are not creatable in the peer); refused should it be. */
    @Override
    public Created create(long crmId, Snapshot values) {
        throw new PeerException.ItemRejected("relations are created in the source system only", null);
    }

    /**
     * PATCHes the fields whose slots differ from {@code current} with If-Match; nothing changed, no request.
     *
     * @throws PeerException.VersionMismatch the relation changed in the source since it was read
     * @throws PeerException.ItemRejected    the source refused the change, or deleted the relation
     */
    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        ObjectNode body = SourceFields.patch(current.values().get(RelationSlots.KIND), current.values(), values, json);
        if (body.isEmpty()) return current;
        SourceClient.Versioned written = client.patch(current.peerId(), current.version(), body);
        return item(written.relation(), written.version());
    }

    /** Deletes never propagate to the source: nothing is sent. */
    @Override
    public void delete(String peerId, String version) {
    }

    @Override
    public boolean importsNewItems() {
        return true;
    }

    private PeerItem item(JsonNode relation, String version) {
        return new PeerItem(relation.path("id").asString(), version, null, SourceFields.read(relation), Set.of(),
                json.writeValueAsString(relation), modifiedAt(relation));
    }

    private static Instant modifiedAt(JsonNode relation) {
        try {
            String at = relation.path("modifiedAt").asString(null);
            return at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException unreadable) {
            return null; // newest-wins then goes by Koppel's own clock
        }
    }
}
