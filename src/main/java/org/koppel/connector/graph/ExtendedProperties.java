package org.koppel.connector.graph;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Koppel's single-value extended properties on an Outlook contact: the CRM id stamp (DESIGN.md
 * rule 1: a lost link is found again, never duplicated), the e-mail layout ({@link EmailLayout}) and
 * the custom field values ({@link GraphCustomFields}).
 *
 * <p>Named properties in Koppel's own property set (the GUID below, made for Koppel), so no other
 * application's property is touched. Format "{type} {guid} Name {name}" and the {@code $expand}
 * with {@code $filter=id eq} from "Outlook extended properties overview" and "Get
 * singleValueLegacyExtendedProperty" (https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get);
 * the name part is compared case-sensitively by Graph, the rest is not.
 */
final class ExtendedProperties {

    static final String PROPERTY_SET = "{9c3e1d57-2a44-4b8e-8f6b-5d0e6a7c1f20}";
    static final String CRM_ID = "String " + PROPERTY_SET + " Name KoppelId";
    static final String EMAIL_LAYOUT = "String " + PROPERTY_SET + " Name KoppelEmailLayout";
    /** On a contact: its custom field values, one JSON object by key ({@link GraphCustomFields}). */
    static final String CUSTOM_FIELDS = "String " + PROPERTY_SET + " Name KoppelCustomFields";
    /**
     * On an event: the IANA zone Koppel wrote it in. Outlook keeps Windows zone names, and one Windows
     * name stands for many IANA zones (W. Europe Standard Time for Amsterdam, Berlin, Rome...): read
     * back, the zone Koppel wrote is kept while it still has the event's Windows name.
     */
    static final String TIME_ZONE = "String " + PROPERTY_SET + " Name KoppelTimeZone";

    private ExtendedProperties() {
    }

    /**
     * The {@code $expand} value that reads both properties. The documents show one {@code id eq};
     * two joined by {@code or} is what this asks of Graph (not confirmed by a document, see the report).
     */
    static String expand() {
        return "singleValueExtendedProperties($filter=id eq '" + CRM_ID + "' or id eq '" + EMAIL_LAYOUT
                + "' or id eq '" + CUSTOM_FIELDS + "')";
    }

    /** {@code ?$expand=...} ready for a URL, the value percent-encoded. */
    static String expandQuery() {
        return "$expand=" + URLEncoder.encode(expand(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code $expand=...} of an event's properties (the stamp and the zone), percent-encoded. */
    static String expandEventQuery() {
        return "$expand=" + URLEncoder.encode("singleValueExtendedProperties($filter=id eq '" + CRM_ID + "' or id eq '"
                + TIME_ZONE + "')", StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * {@code $filter} finding the items stamped with a CRM id ("Get singleValueLegacyExtendedProperty":
     * {@code singleValueExtendedProperties/Any(ep: ep/id eq '...' and ep/value eq '...')}), percent-encoded.
     */
    static String stampFilterQuery(long crmId) {
        return "$filter=" + URLEncoder.encode("singleValueExtendedProperties/Any(ep: ep/id eq '" + CRM_ID
                + "' and ep/value eq '" + crmId + "')", StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The CRM id an item is stamped with, or null. */
    static Long stampedCrmId(JsonNode item) {
        String v = value(item, CRM_ID);
        if (v == null) return null;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException foreign) {
            return null;
        }
    }

    static String value(JsonNode contact, String propertyId) {
        for (JsonNode p : contact.path("singleValueExtendedProperties")) {
            if (sameId(p.path("id").asString(""), propertyId) && p.path("value").isString()) {
                return p.path("value").stringValue();
            }
        }
        return null;
    }

    static void add(ArrayNode properties, String propertyId, String value) {
        properties.addObject().put("id", propertyId).put("value", value);
    }

    /** Puts the written properties into a contact as Graph would show them expanded, replacing same ids. */
    static void merge(ObjectNode contact, JsonNode written) {
        if (written == null || !written.isArray()) return;
        ArrayNode merged = contact.has("singleValueExtendedProperties") && contact.get("singleValueExtendedProperties").isArray()
                ? (ArrayNode) contact.get("singleValueExtendedProperties") : contact.putArray("singleValueExtendedProperties");
        for (JsonNode w : written) {
            String id = w.path("id").asString("");
            for (int i = merged.size() - 1; i >= 0; i--) {
                if (sameId(merged.get(i).path("id").asString(""), id)) merged.remove(i);
            }
            merged.add(w.deepCopy());
        }
    }

    /** Type, GUID and the word Name ignore case; the property name does not. */
    static boolean sameId(String a, String b) {
        return key(a).equals(key(b));
    }

    private static String key(String id) {
        String[] parts = id.strip().split("\\s+", 4);
        if (parts.length < 4) return id.strip().toLowerCase(Locale.ROOT);
        return String.join(" ", parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT),
                parts[2].toLowerCase(Locale.ROOT), parts[3]);
    }
}
