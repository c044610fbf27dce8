package org.koppel.connector.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.koppel.connector.PeerException;

import tools.jackson.databind.JsonNode;

/**
 * One round of delta (contacts of a folder, events of a calendar view): from a deltaLink (or the first
 * request) through every {@code @odata.nextLink} to the next {@code @odata.deltaLink}. Pattern and
 * wording from "Use delta query to track changes in Microsoft Graph data"
 * (https://learn.microsoft.com/graph/delta-query-overview) and "Get incremental changes to messages
 * in a folder", which "contact: delta" refers to.
 *
 * <p>The same item may appear more than once in a round ("It's possible that a single entity
 * will be contained multiple times in the response"); the last appearance wins. Deleted ones come
 * as {@code {"id": ..., "@removed": {"reason": "deleted"}}}. An entry may stand for another item
 * ({@link ItemOf}: an occurrence stands for its series); removals are kept by the entry's own id.
 */
record DeltaRound(Map<String, String> changed, Set<String> removed, String deltaLink) {

    private static final int MAX_PAGES = 100_000;

    /** The item an entry of the round stands for and that item's version, null when the entry does not tell it. */
    record Item(String id, String version) {
    }

    interface ItemOf {
        Item of(JsonNode entry);
    }

    /** A round of contact delta: each entry is its own contact, at its changeKey. */
    static DeltaRound read(GraphClient client, String start) {
        return read(client, start, "", "the changed contacts",
                entry -> new Item(entry.path("id").asString(""), GraphContactPeer.version(entry)));
    }

    /**
     * @param prefer more {@code Prefer} preferences than the page size (",outlook.timezone=..."), or ""
     * @param what   what is read, for messages ("the changed contacts")
     */
    static DeltaRound read(GraphClient client, String start, String prefer, String what, ItemOf itemOf) {
        var changed = new LinkedHashMap<String, String>();
        var removed = new LinkedHashSet<String>();
        String url = start;
        String preferences = "odata.maxpagesize=" + client.options().pageSize() + prefer;
        for (int page = 0; page < MAX_PAGES; page++) {
            GraphResponse r = client.get(url, Map.of("Prefer", preferences));
            if (r.status() == 404) throw new FolderGone("the folder is gone: " + r.errorMessage());
            if (!r.ok()) throw GraphErrors.failure(r, "read " + what, client.clock());
            for (JsonNode entry : r.body().path("value")) {
                String id = entry.path("id").asString("");
                if (id.isEmpty()) continue;
                if (entry.has("@removed")) {
                    changed.remove(id);
                    removed.add(id);
                } else {
                    Item item = itemOf.of(entry);
                    if (item == null || item.id().isEmpty()) continue;
                    removed.remove(item.id());
                    changed.put(item.id(), item.version());
                }
            }
            String next = r.body().path("@odata.nextLink").asString("");
            String delta = r.body().path("@odata.deltaLink").asString("");
            if (!delta.isEmpty()) return new DeltaRound(changed, removed, delta);
            if (next.isEmpty()) {
                throw new PeerException.Transient("Microsoft 365 ended a delta page with neither nextLink nor deltaLink", null, null);
            }
            url = next;
        }
        throw new PeerException.Transient("Microsoft 365 sent more than " + MAX_PAGES + " delta pages in one round", null, null);
    }

    /** Ids of changed items whose version the engine does not already know (or the round did not tell). */
    List<String> changedNotAt(Function<String, String> knownVersion) {
        var wanted = new ArrayList<String>();
        changed.forEach((id, version) -> {
            if (version == null || !Objects.equals(knownVersion.apply(id), version)) wanted.add(id);
        });
        return wanted;
    }
}
