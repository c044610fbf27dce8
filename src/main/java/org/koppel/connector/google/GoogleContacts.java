package org.koppel.connector.google;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.sync.ContactSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Google contact (People API Person) as contact slots, both ways, by the mappers of {@link PersonFields}.
 * Writing names in {@code updatePersonFields} only the fields whose items change, each sent whole with the
 * items and sub-fields Koppel does not map as they were; every other field of the contact is left to
 * Google ("fields outside the mask are kept", updateContact,
 * https://developers.google.com/people/api/rest/v1/people/updateContact).
 */
public final class GoogleContacts {

    /** What Koppel reads: the mapped fields, its client data, and metadata (deleted, updateTime). */
    static final String PERSON_FIELDS = "addresses,biographies,birthdays,clientData,emailAddresses,metadata,names,"
            + "organizations,phoneNumbers,userDefined";

    /** An update (or a create): the person to send and the fields it replaces. */
    record Write(ObjectNode person, List<String> fields) {
        boolean empty() {
            return fields.isEmpty();
        }
    }

    private final ObjectMapper json;

    public GoogleContacts(ObjectMapper json) {
        this.json = json;
    }

    /** The contact's slot values; absent slots have no key. */
    public Map<String, String> read(JsonNode person) {
        var slots = new LinkedHashMap<String, String>();
        KoppelData data = KoppelData.of(person);
        PersonFields.ALL.forEach(f -> f.read(person, data, slots));
        return Collections.unmodifiableMap(slots);
    }

    public Long stampedCrmId(JsonNode person) {
        return KoppelData.of(person).crmId();
    }

    /**
     * The fields that make {@code current} hold {@code slots}, stamped with {@code crmId}; a slot absent
     * from {@code slots} is cleared. The KIND hint is not a value (an organisation card simply has no
     * names), and slots no mapper knows are left alone.
     */
    Write write(JsonNode current, Map<String, String> slots, long crmId) {
        Map<String, String> now = read(current);
        Map<String, String> wanted = new LinkedHashMap<>(slots);
        wanted.remove(ContactSlots.KIND);
        wanted.values().removeIf(v -> v == null || v.isBlank());
        wanted.replaceAll((k, v) -> v.strip());
        KoppelData data = KoppelData.of(current);
        ObjectNode person = json.createObjectNode();
        Set<String> fields = new LinkedHashSet<>();
        for (PersonField f : PersonFields.ALL) {
            if (f.field().equals("clientData")) {
                f.write(json.createArrayNode(), now, wanted, data);
                continue;
            }
            ArrayNode items = current.path(f.field()).isArray() ? (ArrayNode) current.get(f.field()).deepCopy() : json.createArrayNode();
            JsonNode before = items.deepCopy();
            f.write(items, now, wanted, data);
            if (!items.equals(before)) {
                person.set(f.field(), items);
                fields.add(f.field());
            }
        }
        data.put(KoppelData.ID, Long.toString(crmId));
        if (data.changed()) {
            person.set("clientData", data.write(current, json));
            fields.add("clientData");
        }
        if (current.hasNonNull("etag")) person.put("etag", current.get("etag").asString());
        return new Write(person, List.copyOf(fields));
    }
}
