package org.koppel.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.sync.RelationSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CRM fields a source system's field map names ({@code RELATIONS} rows), read from and written
 * into organisations and persons. A write goes through the relation's JSON form, the same form the
 * API takes, so every field not named stays exactly as it was.
 */
final class RelationFields {

    /** Plain Jackson: the relation records carry their own annotations, java.time is built in. */
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final List<String> ADDRESS_PARTS = List.of("street", "houseNumber", "postalCode", "city", "region", "country");

    private RelationFields() {
    }

    /** The source kind a relation syncs as: an organisation, a person with a contact role, or a private individual. */
    static String kindOf(Relation r) {
        if (r instanceof Organisation) return RelationSlots.KIND_ORGANISATION;
        return r instanceof Person p && !p.contactRoles().isEmpty() ? RelationSlots.KIND_CONTACT_PERSON
                : RelationSlots.KIND_PRIVATE_INDIVIDUAL;
    }

    static String read(Relation r, String field) {
        if (field.startsWith("address.")) return address(r, field);
        if (field.equals("former")) return r.former() ? "true" : null;
        if (r instanceof Organisation o) {
            return switch (field) {
                case "name" -> o.name();
                case "phone" -> o.phone();
                case "email" -> o.email();
                case "website" -> o.website();
                case "cocNumber" -> o.cocNumber();
                default -> unknown(field);
            };
        }
        Person p = (Person) r;
        ContactRole role = p.contactRoles().isEmpty() ? null : p.contactRoles().getFirst();
        return switch (field) {
            case "callingName" -> p.callingName();
            case "initials" -> p.initials();
            case "infix" -> p.infix();
            case "lastName" -> p.lastName();
            case "birthDate" -> p.birthDate() == null ? null : p.birthDate().toString();
            // The source knows male, female and unknown; Koppel's "other" is not written there.
            case "gender" -> p.gender() == null || p.gender() == Gender.OTHER ? null : p.gender().name().toLowerCase(Locale.ROOT);
            case "privateEmail" -> p.privateEmail();
            case "privatePhone" -> p.privatePhone();
            case "privateMobile" -> p.privateMobile();
            case "contactRole.email" -> role == null ? null : role.email();
            case "contactRole.phone" -> role == null ? null : role.phone();
            case "contactRole.mobile" -> role == null ? null : role.mobile();
            case "contactRole.jobTitle" -> role == null ? null : role.jobTitle();
            default -> unknown(field);
        };
    }

    /**
     * The relation with the given fields set (null clears). A name the CRM requires (an organisation's
     * name, a person's last name) is kept when the source clears it; an address whose parts are all
     * empty goes.
     */
    static <R extends Relation> R write(R r, Map<String, String> values) {
        if (values.isEmpty()) return r;
        ObjectNode node = JSON.valueToTree(r);
        values.forEach((field, value) -> set(node, field, value));
        removeEmptyAddresses(node);
        @SuppressWarnings("unchecked")
        R written = (R) JSON.treeToValue(node, r.getClass());
        return written;
    }

    private static void set(ObjectNode node, String field, String value) {
        if (field.startsWith("address.")) {
            String[] parts = field.split("\\.");
            addressNode(node, parts[1]).put(parts[2], value);
        } else if (field.startsWith("contactRole.")) {
            JsonNode roles = node.get("contactRoles");
            if (roles != null && !roles.isEmpty()) ((ObjectNode) roles.get(0)).put(field.substring(12), value);
        } else if (field.equals("former")) {
            node.put("former", "true".equals(value));
        } else if (field.equals("birthDate")) {
            node.put(field, date(value));
        } else if (value != null || !(field.equals("name") || field.equals("lastName"))) {
            node.put(field, value);
        }
    }

    private static ObjectNode addressNode(ObjectNode node, String type) {
        ArrayNode addresses = node.withArray("addresses");
        for (JsonNode a : addresses) {
            if (type.equals(a.path("type").asString(null))) return (ObjectNode) a;
        }
        return addresses.addObject().put("type", type);
    }

    private static void removeEmptyAddresses(ObjectNode node) {
        ArrayNode addresses = node.withArray("addresses");
        for (int i = addresses.size() - 1; i >= 0; i--) {
            JsonNode a = addresses.get(i);
            if (ADDRESS_PARTS.stream().allMatch(part -> a.path(part).isNull() || a.path(part).isMissingNode()
                    || a.path(part).asString("").isBlank())) {
                addresses.remove(i);
            }
        }
    }

    /** A date the source holds that is no ISO date fails the write with a reason naming it. */
    private static String date(String v) {
        if (v == null) return null;
        try {
            return java.time.LocalDate.parse(v).toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException("birthDate", "'" + v + "' from the source is not a date (yyyy-mm-dd)");
        }
    }

    private static String address(Relation r, String field) {
        String[] parts = field.split("\\.");
        return r.addresses().stream().filter(a -> a.type().name().toLowerCase(Locale.ROOT).equals(parts[1])).findFirst()
                .map(a -> switch (parts[2]) {
                    case "street" -> a.street();
                    case "houseNumber" -> a.houseNumber();
                    case "postalCode" -> a.postalCode();
                    case "city" -> a.city();
                    case "country" -> a.country();
                    default -> unknown(field);
                }).orElse(null);
    }

    private static String unknown(String field) {
        throw new IllegalArgumentException("the field map names an unknown relation field: " + field);
    }
}
