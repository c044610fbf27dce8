package org.koppel.connector.graph;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.koppel.sync.ContactSlots;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Custom field slots ({@code custom.<key>}) on an Outlook contact: all in one single-value extended
 * property, KoppelCustomFields, holding a JSON object of key to text. One property, so the
 * {@code $expand} that reads a contact needs no list of keys (the filter names each property by
 * id), and a key Koppel no longer maps stays in the object untouched. Outlook does not show it.
 */
final class GraphCustomFields {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GraphCustomFields() {
    }

    static void read(JsonNode contact, Map<String, String> slots) {
        stored(contact).forEach((key, value) -> slots.put(ContactSlots.CUSTOM_PREFIX + key, value));
    }

    /** The property's new text, or null when no custom slot changes. */
    static String forUpdate(JsonNode current, Map<String, String> now, Map<String, String> wanted) {
        var slots = new TreeSet<String>();
        now.keySet().stream().filter(ContactSlots::isCustom).forEach(slots::add);
        wanted.keySet().stream().filter(ContactSlots::isCustom).forEach(slots::add);
        if (slots.stream().allMatch(s -> Objects.equals(now.get(s), wanted.get(s)))) return null;
        Map<String, String> values = stored(current);
        for (String slot : slots) {
            String value = wanted.get(slot);
            if (value == null) values.remove(ContactSlots.customKey(slot));
            else values.put(ContactSlots.customKey(slot), value);
        }
        ObjectNode object = JSON.createObjectNode();
        values.forEach(object::put);
        return JSON.writeValueAsString(object);
    }

    /** The values stored on the contact; a property edited into something else than an object of texts counts as empty. */
    private static Map<String, String> stored(JsonNode contact) {
        var values = new TreeMap<String, String>();
        String text = ExtendedProperties.value(contact, ExtendedProperties.CUSTOM_FIELDS);
        if (text == null) return values;
        try {
            JsonNode object = JSON.readTree(text);
            for (var e : object.properties()) {
                if (e.getValue().isString() && !e.getValue().stringValue().isBlank()) values.put(e.getKey(), e.getValue().stringValue().strip());
            }
        } catch (JacksonException unreadable) {
            // someone else's edit: Koppel's values are taken as absent and written afresh
        }
        return values;
    }
}
