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
 * One round of a Graph delta function (contact: delta, event: delta of a calendar view, todoTask:
 * delta): from a deltaLink (or the first request) through every {@code @odata.nextLink} to the next
 * {@code @odata.deltaLink}. Pattern and wording from "Use delta query to track changes in Microsoft
 * Graph data" (https://learn.microsoft.com/graph/delta-query-overview) and "Get incremental changes to
 * messages in a folder", which "contact: delta" refers to; "todoTask: delta"
 * (https://learn.microsoft.com/graph/api/todotask-delta) pages the same way.
 *
 * <p>The same item may appear more than once in a round ("It's possible that a single entity will
 * be contained multiple times in the response"); the last appearance wins. Deleted items come as
 * {@code {"id": ..., "@removed": {"reason": "deleted"}}}. An entry may stand for another item
 * ({@link ItemOf}: an occurrence stands for its series); removals are kept by the entry's own id.
 * {@code entries} keeps each changed item's own entry as the delta sent it, for peers whose delta
 * carries everything they map (To Do tasks).
 */
record DeltaRound(Map<String, String> changed, Map<String, JsonNode> entries, Set<String> removed, String deltaLink) {

    private static final int MAX_PAGES = 100_000;

    /** The item an entry of the round stands for and that item's version, null when the entry does not tell it. */
    record Item(String id, String version) {
    }

    interface ItemOf {
        Item of(JsonNode entry);
    }

    /** Each entry is its own item, at its version ({@link GraphItems#version}). */
    static final ItemOf ITSELF = entry -> new Item(entry.path("id").asString(""), GraphItems.version(entry));

    /** Contacts of a folder. */
    static DeltaRound read(GraphClient client, String start) {
        return read(client, start, "", "contact folder", "contacts", ITSELF);
    }

    /**
     * @param prefer    more {@code Prefer} preferences than the page size (", outlook.timezone=..."), or ""
     * @param container names what the delta runs over, for the 404 of a deleted one ("contact folder", "task list")
     * @param items     names the items, for messages ("contacts", "tasks")
     */
    static DeltaRound read(GraphClient client, String start, String prefer, String container, String items, ItemOf itemOf) {
        return read(client, start, prefer, container, items, itemOf, r -> GraphErrors.failure(r, "read the changed " + items, client.clock()));
    }

    /** As above, {@code failure} typing an answer that is neither a page nor a 404 (mail: a 403 asks for a new sign-in). */
    static DeltaRound read(GraphClient client, String start, String prefer, String container, String items, ItemOf itemOf,
                           Function<GraphResponse, PeerException> failure) {
        var changed = new LinkedHashMap<String, String>();
        var entries = new LinkedHashMap<String, JsonNode>();
        var removed = new LinkedHashSet<String>();
        String url = start;
        String preferences = "odata.maxpagesize=" + client.options().pageSize() + prefer;
        for (int page = 0; page < MAX_PAGES; page++) {
            GraphResponse r = client.get(url, Map.of("Prefer", preferences));
            if (r.status() == 404) throw new FolderGone("the " + container + " is gone: " + r.errorMessage());
            if (!r.ok()) throw failure.apply(r);
            for (JsonNode entry : r.body().path("value")) {
                String id = entry.path("id").asString("");
                if (id.isEmpty()) continue;
                if (entry.has("@removed")) {
                    changed.remove(id);
                    entries.remove(id);
                    removed.add(id);
                } else {
                    Item item = itemOf.of(entry);
                    if (item == null || item.id().isEmpty()) continue;
                    removed.remove(item.id());
                    changed.put(item.id(), item.version());
                    if (item.id().equals(id)) entries.put(id, entry);
                }
            }
            String next = r.body().path("@odata.nextLink").asString("");
            String delta = r.body().path("@odata.deltaLink").asString("");
            if (!delta.isEmpty()) return new DeltaRound(changed, entries, removed, delta);
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
