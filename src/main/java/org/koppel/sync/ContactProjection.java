package org.koppel.sync;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A relation as a contact card's slots, and a card's slot values written back into the relation,
 * following the field map. Persons, organisations and leads each read their own fields; all three
 * have addresses, a comment and custom fields. The CRM field names a row may use:
 * <ul>
 * <li>a person: {@code initials firstName infix lastName birthDate privateEmail privatePhone
 * privateMobile}, and {@code contactRole.email|phone|mobile|jobTitle|organisationName} of the
 * person's first contact role (an address book shows one organisation per contact);
 * {@code workAddress.<part>}: the person's own visiting address, or else the visiting address of
 * the organisation of the first contact role (written back, it becomes the person's own);</li>
 * <li>an organisation: {@code name phone email website cocNumber};</li>
 * <li>a lead: {@code companyName firstName infix lastName email phone mobile jobTitle};</li>
 * <li>every relation: {@code comment}; {@code address.<visiting|postal|private|invoice>.<part>}
 * with parts {@code street} (street and house number as one line, see {@link StreetLine}),
 * {@code postalCode city region country} (ISO code); {@code custom.<key>}, a custom field's value
 * as text.</li>
 * </ul>
 */
public final class ContactProjection {

    /** Plain Jackson: the relation records carry their own annotations, java.time is built in. */
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String WORK_ADDRESS = "workAddress";

    /**
     * What a card shows beside the relation's own fields: the name and visiting address of the
     * organisations its persons work at, and the custom field definitions (for a value's type and a
     * pick list's default). Read once per run.
     */
    public record Related(Map<Long, String> organisationNames, Map<Long, Address> organisationAddresses,
                          List<CustomField> customFields) {

        public static Related none() {
            return new Related(Map.of(), Map.of(), List.of());
        }

        public static Related ofCustomFields(List<CustomField> customFields) {
            return new Related(Map.of(), Map.of(), customFields);
        }

        public static Related ofNames(Map<Long, String> organisationNames) {
            return new Related(organisationNames, Map.of(), List.of());
        }

        CustomField customField(Relation r, String key) {
            return customFields.stream().filter(f -> f.recordType() == r.kind() && f.key().equals(key)).findFirst().orElse(null);
        }
    }

    private ContactProjection() {
    }

    /** Which rows of the field map apply: the card kind of the relation. */
    public static PersonRole roleOf(Relation relation) {
        return switch (relation) {
            case Organisation o -> PersonRole.ORGANISATION;
            case Lead l -> PersonRole.LEAD;
            case Person p -> p.contactRoles().isEmpty() ? PersonRole.PRIVATE_INDIVIDUAL : PersonRole.CONTACT_PERSON;
        };
    }

    /** The {@link ContactSlots#KIND} hint a peer gets with the card's values. */
    public static String kindHint(Relation relation) {
        return switch (roleOf(relation)) {
            case ORGANISATION -> ContactSlots.KIND_ORGANISATION;
            case LEAD -> ContactSlots.KIND_LEAD;
            case CONTACT_PERSON -> ContactSlots.KIND_CONTACT_PERSON;
            default -> ContactSlots.KIND_PRIVATE_INDIVIDUAL;
        };
    }

    /** The CRM side's values of a person; {@code organisationNames} holds the names of its organisations. */
    public static Snapshot project(Person person, Map<Long, String> organisationNames, FieldMap map) {
        return project(person, Related.ofNames(organisationNames), map);
    }

    /** The CRM side's values of a relation as a card. */
    public static Snapshot project(Relation relation, Related related, FieldMap map) {
        return FieldMap.project(map.rowsFor(roleOf(relation)), field -> read(relation, field, related));
    }

    /** The person with the given slots taken from {@code peer}; fields the map does not name stay as they are. */
    public static Person apply(Person person, Snapshot peer, Set<String> slots, FieldMap map) {
        return apply(person, peer, slots, map, Related.none());
    }

    /**
     * The relation with the given slots taken from {@code peer}; fields the map does not name, and
     * rows that only go to the peer, stay as they are. The result still goes through the CRM's write
     * path, which checks it (a country name no code was found for is refused there, with a reason).
     */
    public static <R extends Relation> R apply(R relation, Snapshot peer, Set<String> slots, FieldMap map, Related related) {
        var fields = new HashMap<String, String>();
        for (Row row : map.rowsFor(roleOf(relation))) {
            if (slots.contains(row.slot()) && row.peerToCrm()) fields.put(row.crmField(), peer.get(row.slot()));
        }
        return fields.isEmpty() ? relation : write(relation, fields, related);
    }

    /**
     * A new relation made from a peer's card (an import): {@code blank} is the relation as the caller
     * starts it (an {@link Organisation}, a {@link Lead}, or a {@link Person} with or without a contact
     * role, with its manager), every row of its kind that goes to the CRM takes the card's value, and
     * a pick list the card gave no value gets what its row says (webCRM: "the value at the top of the
     * pick list", {@link FieldMap.EmptyDefault}).
     */
    public static <R extends Relation> R fromCard(R blank, Snapshot card, FieldMap map, Related related) {
        R filled = apply(blank, card, Set.copyOf(map.slotsFor(roleOf(blank))), map, related);
        return withPickListDefaults(filled, related.customFields(), map.rowsFor(roleOf(blank)));
    }

    /**
     * The relation with each of its kind's pick lists that has no value set to its default: the one
     * the row of the field map that names the field asks for, else the list's first option (webCRM
     * gives one to every pick list, synced or not). A chosen option no longer in the list counts as
     * the first: the write path would refuse it.
     */
    private static <R extends Relation> R withPickListDefaults(R relation, List<CustomField> fields, List<Row> rows) {
        var defaults = new HashMap<String, String>();
        for (CustomField f : fields) {
            if (f.recordType() == relation.kind() && f.type() == CustomFieldType.PICK_LIST && !f.options().isEmpty()
                    && !relation.customFields().containsKey(f.key())) {
                String value = emptyDefault(f, rows);
                if (value != null) defaults.put(ContactSlots.CUSTOM_PREFIX + f.key(), value);
            }
        }
        return defaults.isEmpty() ? relation : write(relation, defaults, new Related(Map.of(), Map.of(), fields));
    }

    private static String emptyDefault(CustomField pickList, List<Row> rows) {
        String field = ContactSlots.CUSTOM_PREFIX + pickList.key();
        Row row = rows.stream().filter(r -> r.crmField().equals(field)).findFirst().orElse(null);
        if (row == null) return pickList.options().getFirst();
        return switch (row.emptyDefault()) {
            case NONE -> null;
            case FIRST_OPTION -> pickList.options().getFirst();
            case CHOSEN -> pickList.options().contains(row.defaultValue()) ? row.defaultValue() : pickList.options().getFirst();
        };
    }

    /**
     * Whether a field map row of this card kind may name {@code field}: one of the fields listed
     * above for its kind (a custom field's key is checked by whoever knows the custom fields).
     */
    public static boolean readable(PersonRole role, String field) {
        Relation blank = switch (role) {
            case ORGANISATION -> new Organisation(null, null, "-", null, null, null, null, null, List.of(), false,
                    List.of(), List.of(), null, Map.of(), null, null, null);
            case LEAD -> new Lead(null, null, "-", null, null, null, null, null, null, null, null, null, null, List.of(),
                    false, List.of(), List.of(), null, Map.of(), null, null, null);
            default -> new Person(null, null, null, null, null, null, "-", null, null, null, null, null, null, List.of(),
                    null, null, List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null);
        };
        try {
            read(blank, field, Related.none());
            return true;
        } catch (RuntimeException unknown) {
            return false;
        }
    }

    // ---- reading

    private static String read(Relation r, String field, Related related) {
        if (field.equals("comment")) return ContactSlots.lines(r.comment());
        if (field.startsWith(ContactSlots.CUSTOM_PREFIX)) return customText(r.customFields().get(ContactSlots.customKey(field)));
        if (field.startsWith("address.")) return addressPart(address(r, addressType(field)), part(field));
        if (field.startsWith(WORK_ADDRESS + ".")) return addressPart(workAddress((Person) r, related), part(field));
        return switch (r) {
            case Person p -> readPerson(p, field, related);
            case Organisation o -> switch (field) {
                case "name" -> o.name();
                case "phone" -> o.phone();
                case "email" -> o.email();
                case "website" -> o.website();
                case "cocNumber" -> o.cocNumber();
                default -> unknown(field);
            };
            case Lead l -> switch (field) {
                case "companyName" -> l.companyName();
                case "firstName" -> l.firstName();
                case "infix" -> l.infix();
                case "lastName" -> l.lastName();
                case "email" -> l.email();
                case "phone" -> l.phone();
                case "mobile" -> l.mobile();
                case "jobTitle" -> l.jobTitle();
                default -> unknown(field);
            };
        };
    }

    private static String readPerson(Person p, String field, Related related) {
        ContactRole role = p.contactRoles().isEmpty() ? null : p.contactRoles().getFirst();
        return switch (field) {
            case "initials" -> p.initials();
            case "firstName" -> p.firstName();
            case "infix" -> p.infix();
            case "lastName" -> p.lastName();
            case "birthDate" -> p.birthDate() == null ? null : p.birthDate().toString();
            case "privateEmail" -> p.privateEmail();
            case "privatePhone" -> p.privatePhone();
            case "privateMobile" -> p.privateMobile();
            case "contactRole.email" -> role == null ? null : role.email();
            case "contactRole.phone" -> role == null ? null : role.phone();
            case "contactRole.mobile" -> role == null ? null : role.mobile();
            case "contactRole.jobTitle" -> role == null ? null : role.jobTitle();
            case "contactRole.organisationName" -> role == null ? null : related.organisationNames().get(role.organisationId());
            default -> unknown(field);
        };
    }

    /** The person's own visiting address, else that of the organisation of the first contact role. */
    private static Address workAddress(Person p, Related related) {
        Address own = address(p, AddressType.VISITING);
        if (own != null || p.contactRoles().isEmpty()) return own;
        return related.organisationAddresses().get(p.contactRoles().getFirst().organisationId());
    }

    private static Address address(Relation r, AddressType type) {
        return r.addresses().stream().filter(a -> a.type() == type).findFirst().orElse(null);
    }

    private static String addressPart(Address a, String part) {
        if (a == null) return null;
        return switch (part) {
            case ContactSlots.STREET -> StreetLine.join(a.street(), a.houseNumber());
            case ContactSlots.POSTAL_CODE -> a.postalCode();
            case ContactSlots.CITY -> a.city();
            case ContactSlots.REGION -> a.region();
            case ContactSlots.COUNTRY -> a.country();
            default -> unknown("address part " + part);
        };
    }

    private static String customText(Object value) {
        if (value == null) return null;
        if (value instanceof BigDecimal d) return d.toPlainString();
        return value.toString();
    }

    // ---- writing: through the relation's JSON form, the form the API takes, so every field not named stays

    private static <R extends Relation> R write(R r, Map<String, String> fields, Related related) {
        ObjectNode node = JSON.valueToTree(r);
        exactNumbers(node);
        fields.forEach((field, value) -> set(r, node, field, value, related));
        removeEmptyAddresses(node);
        @SuppressWarnings("unchecked")
        R written = (R) JSON.treeToValue(node, r.getClass());
        return written;
    }

    private static void set(Relation r, ObjectNode node, String field, String v, Related related) {
        if (field.startsWith(ContactSlots.CUSTOM_PREFIX)) {
            setCustom(r, node.withObject("customFields"), ContactSlots.customKey(field), v, related);
        } else if (field.startsWith("address.")) {
            setAddressPart(addressNode(node, addressType(field), null), part(field), v);
        } else if (field.startsWith(WORK_ADDRESS + ".")) {
            setAddressPart(addressNode(node, AddressType.VISITING, workAddress((Person) r, related)), part(field), v);
        } else if (field.startsWith("contactRole.")) {
            JsonNode roles = node.get("contactRoles");
            // The organisation's name is the organisation's: a card does not rename it.
            if (roles != null && !roles.isEmpty() && !field.equals("contactRole.organisationName")) {
                ((ObjectNode) roles.get(0)).put(field.substring("contactRole.".length()), v);
            }
        } else if (field.equals("birthDate")) {
            node.put(field, date(v));
        } else if (v != null || !required(r, field)) {
            node.put(field, v);
        }
    }

    /** An address book may clear what the CRM requires (a person's last name, an organisation's name): the CRM keeps it. */
    private static boolean required(Relation r, String field) {
        return (r instanceof Person && field.equals("lastName")) || (r instanceof Organisation && field.equals("name"));
    }

    private static void setCustom(Relation r, ObjectNode custom, String key, String v, Related related) {
        if (v == null) {
            custom.remove(key);
            return;
        }
        CustomField definition = related.customField(r, key);
        // A yes/no field takes true or false; other text is passed on for the write path to refuse with a reason.
        if (definition != null && definition.type() == CustomFieldType.BOOLEAN && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
            custom.put(key, Boolean.parseBoolean(v.toLowerCase(Locale.ROOT)));
        } else {
            custom.put(key, v);
        }
    }

    /** The address of the type, made when missing: from {@code startFrom} (the address the card showed) or empty. */
    private static ObjectNode addressNode(ObjectNode node, AddressType type, Address startFrom) {
        ArrayNode addresses = node.withArray("addresses");
        String typeName = JSON.valueToTree(type).asString();
        for (JsonNode a : addresses) {
            if (typeName.equals(a.path("type").asString(null))) return (ObjectNode) a;
        }
        if (startFrom != null) {
            ObjectNode copy = JSON.valueToTree(new Address(type, startFrom.street(), startFrom.houseNumber(),
                    startFrom.postalCode(), startFrom.city(), startFrom.region(), startFrom.country()));
            addresses.add(copy);
            return copy;
        }
        return addresses.addObject().put("type", typeName);
    }

    private static void setAddressPart(ObjectNode address, String part, String v) {
        if (part.equals(ContactSlots.STREET)) {
            StreetLine.Split split = StreetLine.split(v);
            address.put("street", split.street());
            address.put("houseNumber", split.houseNumber());
        } else {
            address.put(part, v);
        }
    }

    private static void removeEmptyAddresses(ObjectNode node) {
        ArrayNode addresses = node.withArray("addresses");
        for (int i = addresses.size() - 1; i >= 0; i--) {
            JsonNode a = addresses.get(i);
            boolean empty = true;
            for (String part : List.of("street", "houseNumber", "postalCode", "city", "region", "country")) {
                if (!a.path(part).asString("").isBlank()) empty = false;
            }
            if (empty) addresses.remove(i);
        }
    }

    /** Custom numbers as exact text, so a value read back as JSON does not pass through a double. */
    private static void exactNumbers(ObjectNode node) {
        JsonNode custom = node.get("customFields");
        if (custom instanceof ObjectNode o) {
            for (String key : List.copyOf(o.propertyNames())) {
                if (o.get(key).isNumber()) o.put(key, o.get(key).decimalValue().toPlainString());
            }
        }
    }

    private static AddressType addressType(String field) {
        String name = field.split("\\.")[1];
        for (AddressType t : AddressType.values()) {
            if (t.name().equalsIgnoreCase(name)) return t;
        }
        throw new IllegalArgumentException("the field map names an unknown address type: " + field);
    }

    private static String part(String field) {
        return field.substring(field.lastIndexOf('.') + 1);
    }

    /** A date the peer holds that is no ISO date fails the write with a reason naming it. */
    private static String date(String v) {
        if (v == null) return null;
        try {
            return LocalDate.parse(v).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("birthDate", "'" + v + "' from the peer is not a date");
        }
    }

    private static String unknown(String field) {
        throw new IllegalArgumentException("the field map names an unknown CRM field: " + field);
    }
}
