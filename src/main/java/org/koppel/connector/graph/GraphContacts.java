package org.koppel.connector.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.koppel.sync.ContactSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Outlook contact (Graph's contact resource, https://learn.microsoft.com/graph/api/resources/contact)
 * to {@link ContactSlots} and back. Pure: JSON in, JSON out.
 *
 * <p>The mapping of the Tribe document, section 2:
 * <table>
 * <tr><td>initials</td><td>initials</td></tr>
 * <tr><td>givenName</td><td>givenName</td></tr>
 * <tr><td>middleName</td><td>infix: Outlook has no tussenvoegsel; its middle name field is where
 * Dutch Outlook users type "van der", and Outlook files "Berg, Jan van der" by it</td></tr>
 * <tr><td>surname</td><td>familyName, without the infix</td></tr>
 * <tr><td>birthday</td><td>birthday, see {@link GraphBirthday}</td></tr>
 * <tr><td>emailAddresses[0], [1]</td><td>email.work / email.home, see {@link EmailLayout}</td></tr>
 * <tr><td>businessPhones[0]</td><td>tel.work</td></tr>
 * <tr><td>homePhones[0]</td><td>tel.home</td></tr>
 * <tr><td>mobilePhone</td><td>tel.cell</td></tr>
 * <tr><td>jobTitle</td><td>title</td></tr>
 * <tr><td>companyName</td><td>org; an organisation's card has only this, no given name or surname</td></tr>
 * <tr><td>personalNotes</td><td>note</td></tr>
 * <tr><td>businessHomePage</td><td>url</td></tr>
 * <tr><td>businessAddress, homeAddress, otherAddress</td><td>adr.work, adr.home, adr.other, see
 * {@link GraphAddresses}</td></tr>
 * <tr><td>extended property KoppelCustomFields</td><td>custom.&lt;key&gt;, see {@link GraphCustomFields}</td></tr>
 * </table>
 * Several e-mail addresses or phone numbers in Outlook: the first (of its kind) is synced, the others
 * are kept (DESIGN.md rule 5). A write produces a PATCH body of the changed properties only, so all
 * else in the contact is left to Graph ("Existing properties that are not included in the request
 * body will maintain their previous values", "Update contact"); a collection in it is the whole new
 * collection, which is how Graph replaces collections, with the values Koppel does not map kept.
 */
public final class GraphContacts {

    private static final List<Text> TEXTS = List.of(
            new Text(ContactSlots.INITIALS, "initials"),
            new Text(ContactSlots.GIVEN_NAME, "givenName"),
            new Text(ContactSlots.INFIX, "middleName"),
            new Text(ContactSlots.FAMILY_NAME, "surname"),
            new Text(ContactSlots.TEL_CELL, "mobilePhone"),
            new Text(ContactSlots.JOB_TITLE, "jobTitle"),
            new Text(ContactSlots.ORGANISATION, "companyName"),
            new Text(ContactSlots.NOTE, "personalNotes"),
            new Text(ContactSlots.WEBSITE, "businessHomePage"));

    /** The contact's three physicalAddress properties by slot type. */
    private static final Map<String, String> ADDRESSES = Map.of(ContactSlots.ADR_WORK, "businessAddress",
            ContactSlots.ADR_HOME, "homeAddress", ContactSlots.ADR_OTHER, "otherAddress");

    private static final List<Text> FIRST_PHONES = List.of(
            new Text(ContactSlots.TEL_WORK, "businessPhones"),
            new Text(ContactSlots.TEL_HOME, "homePhones"));

    private static final List<String> NAME_SLOTS = List.of(ContactSlots.GIVEN_NAME, ContactSlots.INFIX,
            ContactSlots.FAMILY_NAME, ContactSlots.ORGANISATION);

    /** A slot held by one Graph property (a string, or the first string of a collection). */
    private record Text(String slot, String property) {
    }

    private final ObjectMapper json;

    public GraphContacts(ObjectMapper json) {
        this.json = json;
    }

    /** The contact's slot values; absent slots have no key. Values are stripped and never blank. */
    public Map<String, String> read(JsonNode contact) {
        var slots = new LinkedHashMap<String, String>();
        TEXTS.forEach(t -> put(slots, t.slot(), ContactSlots.lines(text(contact, t.property()))));
        FIRST_PHONES.forEach(t -> put(slots, t.slot(), first(strings(contact.path(t.property())))));
        put(slots, ContactSlots.BIRTHDAY, GraphBirthday.read(text(contact, "birthday")));
        EmailLayout layout = storedLayout(contact);
        List<String> addresses = addresses(contact);
        for (int i = 0; i < 2 && i < addresses.size(); i++) put(slots, layout.slots.get(i), addresses.get(i));
        ADDRESSES.forEach((type, property) -> GraphAddresses.read(contact.path(property), type, slots));
        GraphCustomFields.read(contact, slots);
        return Collections.unmodifiableMap(slots);
    }

    /** The CRM id stamped into the contact, or null (none, or edited into something else). */
    public Long stampedCrmId(JsonNode contact) {
        return ExtendedProperties.stampedCrmId(contact);
    }

    /** The body of a new contact: the slots, the names Outlook shows, the stamp and the layout. */
    public ObjectNode forCreate(Map<String, String> slots, long crmId) {
        ObjectNode patch = forUpdate(json.createObjectNode(), slots, crmId);
        return patch;
    }

    /**
     * The PATCH body that makes {@code current} hold {@code slots}: only properties whose value
     * changes; empty when nothing does. A slot absent from {@code slots} clears its property (or
     * removes the first value of its collection).
     *
     * @throws IllegalArgumentException for an unknown slot or a birthday that is no ISO date
     */
    public ObjectNode forUpdate(JsonNode current, Map<String, String> slots, long crmId) {
        Map<String, String> wanted = clean(slots);
        Map<String, String> now = read(current);
        ObjectNode patch = json.createObjectNode();
        for (Text t : TEXTS) {
            if (!Objects.equals(now.get(t.slot()), wanted.get(t.slot()))) patch.put(t.property(), wanted.get(t.slot()));
        }
        for (Text t : FIRST_PHONES) {
            if (!Objects.equals(now.get(t.slot()), wanted.get(t.slot()))) {
                patch.set(t.property(), replaceFirst(strings(current.path(t.property())), wanted.get(t.slot())));
            }
        }
        if (!Objects.equals(now.get(ContactSlots.BIRTHDAY), wanted.get(ContactSlots.BIRTHDAY))) {
            String b = wanted.get(ContactSlots.BIRTHDAY);
            patch.put("birthday", b == null ? null : GraphBirthday.write(b));
        }
        EmailLayout layout = EmailLayout.forWriting(slots.get(ContactSlots.KIND), wanted);
        writeEmails(current, layout, wanted, patch);
        writeNames(current, now, wanted, patch);
        ADDRESSES.forEach((type, property) -> {
            JsonNode address = GraphAddresses.forUpdate(json, current.path(property), type, now, wanted);
            if (address != null) patch.set(property, address);
        });
        writeStamp(current, crmId, layout, GraphCustomFields.forUpdate(current, now, wanted), patch);
        return patch;
    }

    private void writeEmails(JsonNode current, EmailLayout layout, Map<String, String> wanted, ObjectNode patch) {
        List<JsonNode> entries = new ArrayList<>();
        current.path("emailAddresses").forEach(entries::add);
        ArrayNode list = json.createArrayNode();
        for (String slot : layout.slots) {
            String address = wanted.get(slot);
            if (address == null) continue;
            JsonNode same = entries.stream().limit(2).filter(e -> address.equalsIgnoreCase(text(e, "address"))).findFirst().orElse(null);
            // An address Koppel keeps keeps its display name; a new one shows as itself, as Outlook does.
            list.add(same != null ? same.deepCopy() : json.createObjectNode().put("name", address).put("address", address));
        }
        entries.stream().skip(2).forEach(e -> list.add(e.deepCopy()));
        if (!sameAddresses(list, current.path("emailAddresses"))) patch.set("emailAddresses", list);
    }

    /**
     * displayName and fileAs follow the name, and only when Koppel changes the name, so a display name
     * the user chose ("Jan (aannemer)") survives every sync that leaves the name alone. Graph warns that
     * updating name parts may regenerate displayName ("Update contact"), so it is always sent with them.
     */
    private static void writeNames(JsonNode current, Map<String, String> now, Map<String, String> wanted, ObjectNode patch) {
        boolean changed = NAME_SLOTS.stream().anyMatch(s -> !Objects.equals(now.get(s), wanted.get(s)));
        if (!changed && current.has("displayName")) return;
        String display = displayName(wanted);
        String fileAs = fileAs(wanted);
        if (!Objects.equals(display, text(current, "displayName"))) patch.put("displayName", display);
        if (!Objects.equals(fileAs, text(current, "fileAs"))) patch.put("fileAs", fileAs);
    }

    /** @param customFields the new value of the custom fields property, or null when it stays */
    private void writeStamp(JsonNode current, long crmId, EmailLayout layout, String customFields, ObjectNode patch) {
        String id = Long.toString(crmId);
        boolean stampOk = id.equals(ExtendedProperties.value(current, ExtendedProperties.CRM_ID));
        boolean layoutOk = layout.stored.equals(ExtendedProperties.value(current, ExtendedProperties.EMAIL_LAYOUT));
        if (stampOk && layoutOk && customFields == null) return;
        ArrayNode properties = patch.putArray("singleValueExtendedProperties");
        if (!stampOk) ExtendedProperties.add(properties, ExtendedProperties.CRM_ID, id);
        if (!layoutOk) ExtendedProperties.add(properties, ExtendedProperties.EMAIL_LAYOUT, layout.stored);
        if (customFields != null) ExtendedProperties.add(properties, ExtendedProperties.CUSTOM_FIELDS, customFields);
    }

    /** "Jan van der Berg"; the organisation for a card without a name. */
    static String displayName(Map<String, String> slots) {
        String name = Stream.of(ContactSlots.GIVEN_NAME, ContactSlots.INFIX, ContactSlots.FAMILY_NAME)
                .map(slots::get).filter(Objects::nonNull).collect(Collectors.joining(" "));
        return name.isEmpty() ? slots.get(ContactSlots.ORGANISATION) : name;
    }

    /** "Berg, Jan van der": Outlook's "Last, First" with the Dutch infix after the first name. */
    static String fileAs(Map<String, String> slots) {
        String family = slots.get(ContactSlots.FAMILY_NAME);
        String rest = Stream.of(ContactSlots.GIVEN_NAME, ContactSlots.INFIX)
                .map(slots::get).filter(Objects::nonNull).collect(Collectors.joining(" "));
        if (family == null) return rest.isEmpty() ? slots.get(ContactSlots.ORGANISATION) : rest;
        return rest.isEmpty() ? family : family + ", " + rest;
    }

    private static EmailLayout storedLayout(JsonNode contact) {
        return EmailLayout.ofStored(ExtendedProperties.value(contact, ExtendedProperties.EMAIL_LAYOUT));
    }

    private ArrayNode replaceFirst(List<String> values, String first) {
        ArrayNode list = json.createArrayNode();
        if (first != null) list.add(first);
        values.stream().skip(values.isEmpty() ? 0 : 1).forEach(list::add);
        return list;
    }

    private static boolean sameAddresses(ArrayNode wanted, JsonNode current) {
        if (wanted.size() != current.size()) return false;
        for (int i = 0; i < wanted.size(); i++) {
            if (!Objects.equals(text(wanted.get(i), "address"), text(current.get(i), "address"))
                    || !Objects.equals(text(wanted.get(i), "name"), text(current.get(i), "name"))) return false;
        }
        return true;
    }

    private static List<String> addresses(JsonNode contact) {
        var list = new ArrayList<String>();
        contact.path("emailAddresses").forEach(e -> list.add(text(e, "address")));
        return list;
    }

    /** Raw strings of a collection, blanks included, so positions stay as Outlook has them. */
    private static List<String> strings(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(v -> list.add(v.isString() ? v.stringValue() : null));
        return list;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : clean(values.getFirst());
    }

    static String text(JsonNode node, String property) {
        JsonNode v = node.path(property);
        return v.isString() ? clean(v.stringValue()) : null;
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void put(Map<String, String> slots, String slot, String value) {
        if (value != null && !value.isBlank()) slots.put(slot, value.strip());
    }

    private static Map<String, String> clean(Map<String, String> slots) {
        var cleaned = new LinkedHashMap<String, String>();
        slots.forEach((slot, value) -> {
            if (slot.equals(ContactSlots.KIND)) return; // a hint for the layout, not a value
            if (!ContactSlots.known(slot)) throw new IllegalArgumentException("unknown contact slot: " + slot);
            if (value != null && !value.isBlank()) cleaned.put(slot, value.strip());
        });
        return cleaned;
    }
}
