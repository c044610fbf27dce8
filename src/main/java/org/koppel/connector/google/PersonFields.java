package org.koppel.connector.google;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.koppel.connector.carddav.DutchInfix;
import org.koppel.sync.ContactSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Person fields Koppel maps, one small mapper each (the table is {@link #ALL}); docs/google.md has the
 * mapping table. Items of a kind are told apart by their {@code type} ("home", "work", "mobile", "other":
 * EmailAddress, PhoneNumber and Address on the Person page); of several of a kind the first is synced.
 */
final class PersonFields {

    static final List<PersonField> ALL = List.of(new Names(), new Initials(),
            new Typed("emailAddresses", "value", Map.of(ContactSlots.EMAIL_WORK, "work", ContactSlots.EMAIL_HOME, "home"), List.of()),
            new Typed("phoneNumbers", "value", Map.of(ContactSlots.TEL_WORK, "work", ContactSlots.TEL_HOME, "home",
                    ContactSlots.TEL_CELL, "mobile"), List.of("canonicalForm")),
            new Organization(), new Birthday(), new Biography(), new Addresses(), new UserDefined());

    private PersonFields() {
    }

    // ---- names ------------------------------------------------------------------------------

    /**
     * names (a singleton for contacts): givenName; familyName holds the whole surname ("van der Berg"),
     * as phones sort on it, and the infix travels in client data, split and joined as CardDAV does
     * ({@link DutchInfix}). The names Google derives (displayName, unstructuredName) are dropped on a
     * change so Google derives them afresh; middleName, prefixes and the like are kept.
     */
    static final class Names implements PersonField {
        public String field() {
            return "names";
        }

        public List<String> slots() {
            return List.of(ContactSlots.GIVEN_NAME, ContactSlots.INFIX, ContactSlots.FAMILY_NAME);
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            JsonNode name = primary(person.path("names"));
            if (name == null) return;
            put(slots, ContactSlots.GIVEN_NAME, text(name, "givenName"));
            DutchInfix.Split split = DutchInfix.split(text(name, "familyName"), data.get(KoppelData.INFIX));
            put(slots, ContactSlots.INFIX, split.infix());
            put(slots, ContactSlots.FAMILY_NAME, split.familyName());
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            if (same(slots(), now, wanted)) return;
            String given = wanted.get(ContactSlots.GIVEN_NAME);
            String infix = wanted.get(ContactSlots.INFIX);
            String family = wanted.get(ContactSlots.FAMILY_NAME);
            ObjectNode name = primaryOrNew(items);
            set(name, "givenName", given);
            set(name, "familyName", DutchInfix.join(infix, family));
            name.remove(List.of("displayName", "displayNameLastFirst", "unstructuredName"));
            if (infix != null) data.put(KoppelData.INFIX, infix);
            else if (family != null && DutchInfix.looksLikeInfix(family)) data.put(KoppelData.INFIX, ""); // "Ter Horst": no infix
            else data.put(KoppelData.INFIX, null);
            if (given == null && family == null && onlyMetadata(name)) removeItem(items, name);
        }
    }

    /** Initials have no Person field: kept in client data, so they survive the round trip. */
    static final class Initials implements PersonField {
        public String field() {
            return "clientData";
        }

        public List<String> slots() {
            return List.of(ContactSlots.INITIALS);
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            put(slots, ContactSlots.INITIALS, data.get(KoppelData.INITIALS));
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            data.put(KoppelData.INITIALS, wanted.get(ContactSlots.INITIALS));
        }
    }

    // ---- typed lists ------------------------------------------------------------------------

    /**
     * emailAddresses and phoneNumbers: a slot is the first item of its type; writing replaces that item's
     * value (dropping what Google derives from it, such as a phone's canonicalForm), removes it when the
     * slot is cleared, or adds one; the other items are kept.
     */
    record Typed(String field, String valueField, Map<String, String> typeBySlot, List<String> derived) implements PersonField {
        public List<String> slots() {
            return List.copyOf(typeBySlot.keySet());
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            typeBySlot.forEach((slot, type) -> {
                JsonNode item = firstOfType(person.path(field), type);
                if (item != null) put(slots, slot, text(item, valueField));
            });
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            typeBySlot.forEach((slot, type) -> {
                if (Objects.equals(now.get(slot), wanted.get(slot))) return;
                ObjectNode item = firstOfType(items, type);
                String value = wanted.get(slot);
                if (value == null) {
                    if (item != null) removeItem(items, item);
                    return;
                }
                if (item == null) item = items.addObject().put("type", type);
                item.put(valueField, value);
                item.remove(derived);
            });
        }
    }

    // ---- organisation, birthday, note -------------------------------------------------------

    /** organizations[first]: name is the organisation, title the job title. */
    static final class Organization implements PersonField {
        public String field() {
            return "organizations";
        }

        public List<String> slots() {
            return List.of(ContactSlots.ORGANISATION, ContactSlots.JOB_TITLE);
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            JsonNode org = primary(person.path("organizations"));
            if (org == null) return;
            put(slots, ContactSlots.ORGANISATION, text(org, "name"));
            put(slots, ContactSlots.JOB_TITLE, text(org, "title"));
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            if (same(slots(), now, wanted)) return;
            ObjectNode org = primaryOrNew(items);
            set(org, "name", wanted.get(ContactSlots.ORGANISATION));
            set(org, "title", wanted.get(ContactSlots.JOB_TITLE));
            if (onlyMetadata(org)) removeItem(items, org);
        }
    }

    /** birthdays (a singleton): a full date ({year, month, day}); a birthday without a year is not mapped. */
    static final class Birthday implements PersonField {
        public String field() {
            return "birthdays";
        }

        public List<String> slots() {
            return List.of(ContactSlots.BIRTHDAY);
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            JsonNode b = primary(person.path("birthdays"));
            if (b == null) return;
            JsonNode d = b.path("date");
            int y = d.path("year").asInt(0), m = d.path("month").asInt(0), day = d.path("day").asInt(0);
            if (y <= 0 || m <= 0 || day <= 0) return;
            try {
                put(slots, ContactSlots.BIRTHDAY, LocalDate.of(y, m, day).toString());
            } catch (java.time.DateTimeException impossible) {
                // a date such as 31 February: not a birthday the CRM can hold
            }
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            if (same(slots(), now, wanted)) return;
            String iso = wanted.get(ContactSlots.BIRTHDAY);
            if (iso == null) {
                items.removeAll();
                return;
            }
            LocalDate date;
            try {
                date = LocalDate.parse(iso);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a birthday must be an ISO date, not " + iso, e);
            }
            ObjectNode b = primaryOrNew(items);
            b.remove("text");
            b.putObject("date").put("year", date.getYear()).put("month", date.getMonthValue()).put("day", date.getDayOfMonth());
        }
    }

    /** biographies (a singleton): the note, as plain text. */
    static final class Biography implements PersonField {
        public String field() {
            return "biographies";
        }

        public List<String> slots() {
            return List.of(ContactSlots.NOTE);
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            JsonNode b = primary(person.path("biographies"));
            if (b != null) put(slots, ContactSlots.NOTE, text(b, "value"));
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            if (same(slots(), now, wanted)) return;
            String note = wanted.get(ContactSlots.NOTE);
            if (note == null) {
                items.removeAll();
                return;
            }
            primaryOrNew(items).put("value", note).put("contentType", "TEXT_PLAIN");
        }
    }

    // ---- addresses ----------------------------------------------------------------------------

    /**
     * addresses: {@code adr.<work|home|other>.<part>} is the first address of that type; street is
     * streetAddress (street and number on one line), country the two-letter countryCode. A changed address
     * loses formattedValue (Google formats it again) and, when its country changes, the country's name.
     */
    static final class Addresses implements PersonField {
        private static final Map<String, String> PARTS = Map.of(ContactSlots.STREET, "streetAddress",
                ContactSlots.POSTAL_CODE, "postalCode", ContactSlots.CITY, "city", ContactSlots.REGION, "region",
                ContactSlots.COUNTRY, "countryCode");

        public String field() {
            return "addresses";
        }

        public List<String> slots() {
            var slots = new ArrayList<String>();
            for (String type : ContactSlots.ADR_TYPES) ContactSlots.ADR_PARTS.forEach(p -> slots.add(ContactSlots.address(type, p)));
            return slots;
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            for (String type : ContactSlots.ADR_TYPES) {
                JsonNode adr = firstOfType(person.path("addresses"), googleType(type));
                if (adr == null) continue;
                PARTS.forEach((part, f) -> {
                    String v = text(adr, f);
                    put(slots, ContactSlots.address(type, part), part.equals(ContactSlots.COUNTRY) && v != null
                            ? v.toUpperCase(Locale.ROOT) : v);
                });
            }
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            for (String type : ContactSlots.ADR_TYPES) {
                List<String> slots = ContactSlots.ADR_PARTS.stream().map(p -> ContactSlots.address(type, p)).toList();
                if (same(slots, now, wanted)) continue;
                ObjectNode adr = firstOfType(items, googleType(type));
                if (slots.stream().allMatch(s -> wanted.get(s) == null)) {
                    if (adr != null) removeItem(items, adr);
                    continue;
                }
                if (adr == null) adr = items.addObject().put("type", googleType(type));
                String country = ContactSlots.address(type, ContactSlots.COUNTRY);
                if (!Objects.equals(now.get(country), wanted.get(country))) adr.remove("country");
                for (var part : PARTS.entrySet()) set(adr, part.getValue(), wanted.get(ContactSlots.address(type, part.getKey())));
                adr.remove("formattedValue");
            }
        }

        /** adr.work → work */
        private static String googleType(String adrType) {
            return adrType.substring("adr.".length());
        }
    }

    // ---- custom fields ------------------------------------------------------------------------

    /**
     * userDefined {key, value}: {@code custom.<key>} is the first of that key. Only keys Koppel wrote
     * ({@link KoppelData#CUSTOM}) or writes now are changed, so a custom field cleared in the CRM is removed
     * and the user's own ones stay.
     */
    static final class UserDefined implements PersonField {
        public String field() {
            return "userDefined";
        }

        public List<String> slots() {
            return List.of();
        }

        public void read(JsonNode person, KoppelData data, Map<String, String> slots) {
            for (JsonNode u : person.path("userDefined")) {
                String key = text(u, "key");
                if (key != null && !slots.containsKey(ContactSlots.CUSTOM_PREFIX + key)) put(slots, ContactSlots.CUSTOM_PREFIX + key, text(u, "value"));
            }
        }

        public void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data) {
            var held = new LinkedHashSet<String>();
            wanted.keySet().stream().filter(s -> s.startsWith(ContactSlots.CUSTOM_PREFIX))
                    .map(s -> s.substring(ContactSlots.CUSTOM_PREFIX.length())).forEach(held::add);
            var managed = new LinkedHashSet<>(data.customKeys());
            managed.addAll(held);
            for (String key : managed) {
                String slot = ContactSlots.CUSTOM_PREFIX + key;
                if (Objects.equals(now.get(slot), wanted.get(slot))) continue;
                ObjectNode item = null;
                for (JsonNode u : items) if (key.equals(text(u, "key")) && u instanceof ObjectNode o) { item = o; break; }
                if (wanted.get(slot) == null) {
                    if (item != null) removeItem(items, item);
                } else {
                    if (item == null) item = items.addObject().put("key", key);
                    item.put("value", wanted.get(slot));
                }
            }
            data.customKeys(held);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The item with metadata.primary, else the first ("exactly one field with metadata.primary set to true"). */
    static JsonNode primary(JsonNode items) {
        if (!items.isArray() || items.isEmpty()) return null;
        for (JsonNode i : items) if (i.path("metadata").path("primary").asBoolean(false)) return i;
        return items.get(0);
    }

    private static ObjectNode primaryOrNew(ArrayNode items) {
        JsonNode p = primary(items);
        return p instanceof ObjectNode o ? o : items.addObject();
    }

    private static ObjectNode firstOfType(JsonNode items, String type) {
        for (JsonNode i : items) {
            if (i instanceof ObjectNode o && type.equalsIgnoreCase(i.path("type").asString(""))) return o;
        }
        return null;
    }

    private static void removeItem(ArrayNode items, JsonNode item) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == item) {
                items.remove(i);
                return;
            }
        }
    }

    private static boolean onlyMetadata(ObjectNode item) {
        for (String name : item.propertyNames()) if (!name.equals("metadata") && !name.equals("type")) return false;
        return true;
    }

    private static boolean same(List<String> slots, Map<String, String> now, Map<String, String> wanted) {
        return slots.stream().allMatch(s -> Objects.equals(now.get(s), wanted.get(s)));
    }

    private static void set(ObjectNode node, String field, String value) {
        if (value == null) node.remove(field);
        else node.put(field, value);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isString() && !v.stringValue().isBlank() ? v.stringValue().strip() : null;
    }

    private static void put(Map<String, String> slots, String slot, String value) {
        if (value != null && !value.isBlank()) slots.put(slot, value.strip());
    }
}
