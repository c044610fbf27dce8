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
 * One round of contact delta: from a deltaLink (or the first request) through every
 * {@code @odata.nextLink} to the next {@code @odata.deltaLink}. Pattern and wording from "Use delta
 * query to track changes in Microsoft Graph data" (https://learn.microsoft.com/graph/delta-query-overview)
 * and "Get incremental changes to messages in a folder", which "contact: delta" refers to.
 *
 * <p>The same contact may appear more than once in a round ("It's possible that a single entity
 * will be contained multiple times in the response"); the last appearance wins. Deleted contacts come
 * as {@code {"id": ..., "@removed": {"reason": "deleted"}}}.
 */
record DeltaRound(Map<String, String> changed, Set<String> removed, String deltaLink) {

    private static final int MAX_PAGES = 100_000;

    static DeltaRound read(GraphClient client, String start) {
        var changed = new LinkedHashMap<String, String>();
        var removed = new LinkedHashSet<String>();
        String url = start;
        String prefer = "odata.maxpagesize=" + client.options().pageSize();
        for (int page = 0; page < MAX_PAGES; page++) {
            GraphResponse r = client.get(url, Map.of("Prefer", prefer));
            if (r.status() == 404) throw new FolderGone("the contact folder is gone: " + r.errorMessage());
            if (!r.ok()) throw GraphErrors.failure(r, "read the changed contacts", client.clock());
            for (JsonNode entry : r.body().path("value")) {
                String id = entry.path("id").asString("");
                if (id.isEmpty()) continue;
                if (entry.has("@removed")) {
                    changed.remove(id);
                    removed.add(id);
                } else {
                    removed.remove(id);
                    changed.put(id, GraphContactPeer.version(entry));
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

    /** Ids of changed contacts whose version the engine does not already know. */
    List<String> changedNotAt(Function<String, String> knownVersion) {
        var wanted = new ArrayList<String>();
        changed.forEach((id, version) -> {
            if (!Objects.equals(knownVersion.apply(id), version)) wanted.add(id);
        });
        return wanted;
    }
}
