package org.koppel.connector.graph;

import java.util.Map;
import java.util.Objects;

import org.koppel.connector.CountryNames;
import org.koppel.sync.ContactSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A typed address slot group and Graph's physicalAddress (https://learn.microsoft.com/graph/api/resources/physicaladdress:
 * street, city, state, postalCode, countryOrRegion, all strings). The contact resource has one each
 * of businessAddress, homeAddress and otherAddress. countryOrRegion is a name as Outlook shows it
 * ("Netherlands", or "Nederland" as a Dutch Outlook writes it): read as its ISO code, written as the
 * English name, and left as written while it still means the code ({@link CountryNames}).
 */
final class GraphAddresses {

    private static final Map<String, String> PARTS = Map.of(ContactSlots.STREET, "street", ContactSlots.POSTAL_CODE,
            "postalCode", ContactSlots.CITY, "city", ContactSlots.REGION, "state", ContactSlots.COUNTRY, "countryOrRegion");

    private GraphAddresses() {
    }

    static void read(JsonNode address, String type, Map<String, String> slots) {
        PARTS.forEach((part, property) -> {
            String value = GraphContacts.text(address, property);
            if (value != null && part.equals(ContactSlots.COUNTRY)) value = CountryNames.code(value);
            if (value != null) slots.put(ContactSlots.address(type, part), value);
        });
    }

    /**
     * The whole physicalAddress to PATCH (Graph replaces a complex property whole), or null when no
     * part of it changes. Parts that did not change keep the text Outlook has.
     */
    static JsonNode forUpdate(ObjectMapper json, JsonNode current, String type, Map<String, String> now,
                              Map<String, String> wanted) {
        boolean changed = PARTS.keySet().stream()
                .anyMatch(part -> !Objects.equals(now.get(ContactSlots.address(type, part)), wanted.get(ContactSlots.address(type, part))));
        if (!changed) return null;
        ObjectNode address = json.createObjectNode();
        PARTS.forEach((part, property) -> {
            String slot = ContactSlots.address(type, part);
            String value = wanted.get(slot);
            if (Objects.equals(now.get(slot), value)) value = GraphContacts.text(current, property);
            else if (value != null && part.equals(ContactSlots.COUNTRY)) value = CountryNames.name(value);
            address.put(property, value);
        });
        return address;
    }
}
