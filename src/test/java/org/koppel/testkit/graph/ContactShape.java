package org.koppel.testkit.graph;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contact resource's properties as "Update contact" lists them
 * (https://learn.microsoft.com/graph/api/contact-update), which of them are collections, and the
 * checks Graph makes on a body: an unknown property is refused with 400, as OData does for a
 * property that "does not exist on type 'microsoft.graph.contact'".
 */
final class ContactShape {

    static final List<String> STRINGS = List.of("assistantName", "birthday", "businessHomePage", "companyName", "department",
            "displayName", "fileAs", "generation", "givenName", "initials", "jobTitle", "manager", "middleName", "mobilePhone",
            "nickName", "officeLocation", "personalNotes", "profession", "spouseName", "surname", "title", "yomiCompanyName",
            "yomiGivenName", "yomiSurname");
    static final List<String> STRING_COLLECTIONS = List.of("businessPhones", "categories", "children", "homePhones", "imAddresses");
    static final List<String> ADDRESSES = List.of("businessAddress", "homeAddress", "otherAddress");
    static final String EMAILS = "emailAddresses";
    static final String EXTENDED = "singleValueExtendedProperties";
    private static final Set<String> IGNORED = Set.of("@odata.type", "parentFolderId", "id", "changeKey", "@odata.etag",
            "createdDateTime", "lastModifiedDateTime");

    private ContactShape() {
    }

    /** Why the body cannot be a contact (create or patch), or null when it can. */
    static String problem(JsonNode body) {
        if (body == null || !body.isObject()) return "the body must be a JSON object";
        for (var e : body.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (IGNORED.contains(name)) continue;
            if (STRINGS.contains(name)) {
                if (!v.isNull() && !v.isString()) return "property '" + name + "' must be a string";
                if (name.equals("birthday") && v.isString() && !isDate(v.stringValue())) {
                    return "cannot convert the literal '" + v.stringValue() + "' to the expected type 'Edm.DateTimeOffset'";
                }
            } else if (STRING_COLLECTIONS.contains(name) || name.equals(EMAILS) || name.equals(EXTENDED)) {
                if (!v.isArray()) return "property '" + name + "' must be a collection";
                if (name.equals(EXTENDED)) {
                    for (JsonNode p : v) {
                        if (!ExtendedIds.valid(p.path("id").asString(""))) {
                            return "PropertyId values may only be in one of the following formats: "
                                    + "'MapiPropertyType namespaceGuid Name propertyName', 'MapiPropertyType namespaceGuid Id propertyId' "
                                    + "or 'MapiPropertyType propertyTag'.";
                        }
                    }
                }
            } else if (ADDRESSES.contains(name)) {
                if (!v.isNull() && !v.isObject()) return "property '" + name + "' must be a physicalAddress";
            } else {
                return "Property '" + name + "' does not exist on type 'microsoft.graph.contact'";
            }
        }
        return null;
    }

    /** Copies the contact properties of {@code body} onto {@code stored}; collections are replaced whole. */
    static void apply(ObjectNode stored, JsonNode body) {
        for (var e : body.properties()) {
            String name = e.getKey();
            if (IGNORED.contains(name) || name.equals(EXTENDED)) continue;
            if (e.getValue().isNull()) {
                if (STRING_COLLECTIONS.contains(name) || name.equals(EMAILS)) stored.putArray(name);
                else stored.putNull(name);
            } else {
                stored.set(name, e.getValue().deepCopy());
            }
        }
    }

    /** Every property with its default, as Graph returns a contact: strings null, collections empty. */
    static ObjectNode defaults() {
        ObjectNode c = FakeExchange.JSON.createObjectNode();
        STRINGS.forEach(c::putNull);
        STRING_COLLECTIONS.forEach(c::putArray);
        c.putArray(EMAILS);
        ADDRESSES.forEach(c::putObject);
        return c;
    }

    private static boolean isDate(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeException notDateTime) {
            try {
                LocalDate.parse(value);
                return true;
            } catch (DateTimeException notDate) {
                return false;
            }
        }
    }
}
