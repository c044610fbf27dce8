package org.koppel.connector.google;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Koppel's own entries in a contact's {@code clientData}, "arbitrary client data that is populated by
 * clients" as key/value pairs (Person, https://developers.google.com/people/api/rest/v1/people#clientdata),
 * which Google Contacts does not show: the stamped CRM id ({@link #ID}, sync rule 1: a lost link is found
 * again), and what Google's fields have no room for: the infix ({@link #INFIX}, as CardDAV's
 * X-KOPPEL-INFIX), initials, and which custom fields Koppel wrote ({@link #CUSTOM}), so a custom field the
 * CRM cleared is removed while the user's own ones are left alone. Entries of other clients are kept.
 */
final class KoppelData {

    static final String ID = "koppelId";
    static final String INFIX = "koppelInfix";
    static final String INITIALS = "koppelInitials";
    /** The userDefined keys Koppel holds, comma-separated. */
    static final String CUSTOM = "koppelCustom";
    private static final Set<String> KEYS = Set.of(ID, INFIX, INITIALS, CUSTOM);

    private final Map<String, String> read;
    private final Map<String, String> values;

    private KoppelData(Map<String, String> read) {
        this.read = read;
        this.values = new LinkedHashMap<>(read);
    }

    static KoppelData of(JsonNode person) {
        var entries = new LinkedHashMap<String, String>();
        for (JsonNode e : person.path("clientData")) {
            String key = e.path("key").asString("");
            if (KEYS.contains(key) && !entries.containsKey(key) && e.path("value").isString()) {
                entries.put(key, e.path("value").asString());
            }
        }
        return new KoppelData(entries);
    }

    String get(String key) {
        return values.get(key);
    }

    /** null removes the entry; "" is kept (an empty infix means "no infix", see DutchInfix). */
    void put(String key, String value) {
        if (value == null) values.remove(key);
        else values.put(key, value);
    }

    Long crmId() {
        String id = values.get(ID);
        if (id == null) return null;
        try {
            return Long.valueOf(id.strip());
        } catch (NumberFormatException edited) {
            return null;
        }
    }

    Set<String> customKeys() {
        String keys = values.get(CUSTOM);
        var set = new LinkedHashSet<String>();
        if (keys != null) Arrays.stream(keys.split(",")).map(String::strip).filter(k -> !k.isEmpty()).forEach(set::add);
        return set;
    }

    void customKeys(Set<String> keys) {
        put(CUSTOM, keys.isEmpty() ? null : String.join(",", keys));
    }

    boolean changed() {
        return !Objects.equals(read, values);
    }

    /** The contact's clientData with Koppel's entries as they are now and everyone else's as they were. */
    ArrayNode write(JsonNode person, ObjectMapper json) {
        ArrayNode out = json.createArrayNode();
        for (JsonNode e : person.path("clientData")) {
            if (!KEYS.contains(e.path("key").asString(""))) out.add(e.deepCopy());
        }
        values.forEach((k, v) -> {
            ObjectNode entry = out.addObject();
            entry.put("key", k);
            entry.put("value", v);
        });
        return out;
    }
}
