package org.koppel.web.api;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch (RFC 7396): the fields sent replace the stored ones, {@code null} clears a
 * field, lists are replaced whole, absent fields stay as they are. The result is read back
 * into the record type, so unknown fields and wrong types are refused like in a full write,
 * together with every other problem of the patched record.
 */
@Component
class MergePatch {

    private final ObjectMapper json;
    private final LenientBody bodies;

    MergePatch(ObjectMapper json, LenientBody bodies) {
        this.json = json;
        this.bodies = bodies;
    }

    /** The patched record, with what of the patch could not be read (see LenientBody). */
    <T> LenientBody.Read<T> apply(T current, JsonNode patch, Class<T> type) {
        JsonNode merged = merge(json.valueToTree(current), patch);
        return bodies.read(merged, type);
    }

    private JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch;
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : json.createObjectNode();
        for (var entry : patch.properties()) {
            if (entry.getValue().isNull()) result.remove(entry.getKey());
            else result.set(entry.getKey(), merge(result.get(entry.getKey()), entry.getValue()));
        }
        return result;
    }
}
