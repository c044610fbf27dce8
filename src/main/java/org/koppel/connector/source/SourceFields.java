package org.koppel.connector.source;

import static org.koppel.sync.RelationSlots.*;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.koppel.sync.RelationSlots;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A source relation's JSON read into {@link RelationSlots} and Koppel's changes to them written back
 * as a PATCH body, by the field map of docs/source-system.md ("How Koppel maps them"). Pure: no I/O.
 *
 * <p>Two source fields of a contact person feed two slots each ({@code mobile}, {@code email}); the
 * source's {@code gender: unknown} is no value; of the addresses only {@code head_office},
 * {@code postal} and {@code private} are read, and a write never names the others, so the source keeps
 * them (it merges addresses by type).
 */
final class SourceFields {

    /** One source field that is one slot. */
    private record Field(String name, String slot) {
    }

    private static final Map<String, List<Field>> FIELDS = Map.of(
            KIND_ORGANISATION, List.of(new Field("name", ORGANISATION_NAME), new Field("phone", ORGANISATION_PHONE),
                    new Field("email", ORGANISATION_EMAIL), new Field("website", ORGANISATION_WEBSITE),
                    new Field("kvk", ORGANISATION_KVK)),
            KIND_CONTACT_PERSON, List.of(new Field("firstNames", PERSON_FIRST_NAMES),
                    new Field("initials", PERSON_INITIALS), new Field("infix", PERSON_INFIX),
                    new Field("lastName", PERSON_LAST_NAME), new Field("birthDate", PERSON_BIRTH_DATE),
                    new Field("function", PERSON_FUNCTION), new Field("directPhone", PERSON_DIRECT_PHONE),
                    new Field("privatePhone", PERSON_PRIVATE_PHONE)),
            KIND_PRIVATE_INDIVIDUAL, List.of(new Field("name", INDIVIDUAL_NAME), new Field("email", INDIVIDUAL_EMAIL),
                    new Field("phone", INDIVIDUAL_PHONE)));

    private static final String GENDER = "gender";
    private static final String UNKNOWN_GENDER = "unknown";
    private static final Set<String> GENDERS = Set.of("male", "female");

    /** Koppel's address type by the source's; the source's invoice and other addresses are none of Koppel's. */
    private static final Map<String, String> ADDRESS_TYPE = orderedMap("head_office", "visiting", "postal", "postal",
            "private", "private");

    private SourceFields() {
    }

    static boolean isKind(String kind) {
        return FIELDS.containsKey(kind);
    }

    /** The relation's slots and hints (a tombstone: its kind only). */
    static Snapshot read(JsonNode relation) {
        String kind = text(relation, "kind");
        var values = new TreeMap<String, String>();
        values.put(KIND, kind);
        values.put(RELATION_TYPE, text(relation, "relationTypeId"));
        if ("archived".equals(relation.path("state").asString(""))) values.put(ARCHIVED, "true");
        if (KIND_CONTACT_PERSON.equals(kind)) {
            values.put(PARENT_ID, text(relation, "parentId"));
            values.put(PARENT_KIND, text(relation, "parentKind"));
            for (RelationSlots.SharedField s : RelationSlots.SHARED) {
                values.put(s.business(), text(relation, s.sourceField()));
                values.put(s.personal(), text(relation, s.sourceField()));
            }
            String gender = text(relation, GENDER);
            if (!UNKNOWN_GENDER.equals(gender)) values.put(PERSON_GENDER, gender);
        }
        for (Field f : FIELDS.getOrDefault(kind, List.of())) values.put(f.slot(), text(relation, f.name()));
        for (JsonNode address : relation.path("addresses")) {
            String type = ADDRESS_TYPE.get(address.path("type").asString(""));
            if (type == null) continue;
            for (String part : ADDRESS_PARTS) values.put(address(type, part), text(address, part));
        }
        return Snapshot.of(values);
    }

    /**
     * The PATCH body that makes a relation of {@code kind} read as {@code wanted} where it differs from
     * {@code current}: only the fields whose slots changed, an address whole (or as its type alone, which
     * removes it, when every part became empty). Hints and other kinds' slots are not fields: never sent.
     * Empty when nothing changed.
     */
    static ObjectNode patch(String kind, Snapshot current, Snapshot wanted, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        for (Field f : FIELDS.getOrDefault(kind, List.of())) {
            if (!wanted.same(f.slot(), current)) body.put(f.name(), wanted.get(f.slot()));
        }
        if (KIND_CONTACT_PERSON.equals(kind)) {
            for (RelationSlots.SharedField s : RelationSlots.SHARED) {
                if (!wanted.same(s.business(), current)) body.put(s.sourceField(), wanted.get(s.business()));
                else if (!wanted.same(s.personal(), current)) body.put(s.sourceField(), wanted.get(s.personal()));
            }
            String gender = wanted.get(PERSON_GENDER);
            // Koppel's "other" has no place in the source: it is not written back (the field map's note).
            if (!wanted.same(PERSON_GENDER, current) && (gender == null || GENDERS.contains(gender))) {
                body.put(GENDER, gender == null ? UNKNOWN_GENDER : gender);
            }
        }
        ArrayNode addresses = json.createArrayNode();
        ADDRESS_TYPE.forEach((sourceType, type) -> {
            if (ADDRESS_PARTS.stream().allMatch(part -> wanted.same(address(type, part), current))) return;
            ObjectNode address = addresses.addObject().put("type", sourceType);
            for (String part : ADDRESS_PARTS) {
                String value = wanted.get(address(type, part));
                if (value != null) address.put(part, value);
            }
        });
        if (!addresses.isEmpty()) body.set("addresses", addresses);
        return body;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
        return Collections.unmodifiableMap(map);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }
}
