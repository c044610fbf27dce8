package org.koppel.connector.graph;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.koppel.connector.ItemPeer.Update;

import tools.jackson.databind.JsonNode;

/** What every Graph item peer reads the same way: versions, If-Match values, modification times. */
final class GraphItems {

    private GraphItems() {
    }

    /**
     * The item's version: a contact's changeKey; else the {@code @odata.etag} without its weak
     * marker and quotes (W/"key"), which is all a todoTask carries.
     */
    static String version(JsonNode item) {
        String changeKey = item.path("changeKey").asString("");
        if (!changeKey.isEmpty()) return changeKey;
        String etag = item.path("@odata.etag").asString("");
        if (etag.startsWith("W/")) etag = etag.substring(2);
        return etag.replace("\"", "");
    }

    /** If-Match as Graph shows the version in {@code @odata.etag}: a weak entity-tag. */
    /**
     * PATCHes each item with If-Match of the version the engine read (Graph answers 412 to a stale one),
     * in JSON batches of 20; the answers in the order of {@code updates}.
     */
    static List<GraphResponse> patchAll(GraphClient client, List<Update> updates, List<? extends JsonNode> patches,
                                        Function<String, String> pathOfPeerId) {
        var requests = new ArrayList<GraphClient.BatchRequest>();
        for (int i = 0; i < updates.size(); i++) {
            Update u = updates.get(i);
            requests.add(new GraphClient.BatchRequest("PATCH", pathOfPeerId.apply(u.current().peerId()),
                    Map.of("If-Match", etag(u.current().version())), patches.get(i)));
        }
        return client.batchAll(requests);
    }

    static String etag(String version) {
        return version.startsWith("W/") || version.startsWith("\"") ? version : "W/\"" + version + "\"";
    }

    /** {@code lastModifiedDateTime}, or null when absent or unreadable. */
    static Instant modifiedAt(JsonNode item) {
        String value = item.path("lastModifiedDateTime").asString("");
        try {
            return value.isEmpty() ? null : Instant.parse(value);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
