package org.koppel.connector.google;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * One Person field (https://developers.google.com/people/api/rest/v1/people#Person) and the contact slots it
 * holds. Writing starts from a copy of the contact's items and changes only the slots whose value differs,
 * so the items and sub-fields Koppel does not map are sent back as they were (updateContact replaces a
 * named field whole: DESIGN.md rule 5).
 */
interface PersonField {

    /** The Person field, as named in personFields and updatePersonFields. */
    String field();

    List<String> slots();

    void read(JsonNode person, KoppelData data, Map<String, String> slots);

    /**
     * Changes {@code items} (a copy of the field's items, perhaps empty) so it holds {@code wanted} where
     * {@code now} (what the contact holds) differs; Koppel's client data is updated alongside.
     */
    void write(ArrayNode items, Map<String, String> now, Map<String, String> wanted, KoppelData data);
}
