package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.sync.ContactSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Addresses (physicalAddress, https://learn.microsoft.com/graph/api/resources/physicaladdress), notes
 * (personalNotes), the website (businessHomePage), custom fields and company cards on Outlook contacts
 * (https://learn.microsoft.com/graph/api/resources/contact), without a server.
 */
class GraphContactDetailsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final GraphContacts contacts = new GraphContacts(json);

    @Test
    void typedAddressesAreTheThreePhysicalAddressesWithTheCountryAsAName() {
        var slots = Map.of("familyName", "Berg", "adr.work.street", "Keizersgracht 123a", "adr.work.postalCode", "1015 CJ",
                "adr.work.city", "Amsterdam", "adr.work.region", "Noord-Holland", "adr.work.country", "NL",
                "adr.home.city", "Roma", "adr.other.street", "Postbus 12");

        ObjectNode body = contacts.forCreate(slots, 1);

        assertThat(body.path("businessAddress").path("street").asString()).isEqualTo("Keizersgracht 123a");
        assertThat(body.path("businessAddress").path("state").asString()).isEqualTo("Noord-Holland");
        assertThat(body.path("businessAddress").path("countryOrRegion").asString()).isEqualTo("Netherlands");
        assertThat(body.path("homeAddress").path("city").asString()).isEqualTo("Roma");
        assertThat(body.path("otherAddress").path("street").asString()).isEqualTo("Postbus 12");
        assertThat(contacts.read(body)).containsAllEntriesOf(slots);
    }

    /** A Dutch Outlook wrote "Nederland": a changed street leaves it so; it still reads as NL, so it is no change. */
    @Test
    void aChangedStreetSendsTheWholeAddressAndKeepsTheCountryOutlookWrote() {
        JsonNode current = json.readTree("""
                {"businessAddress": {"street": "Damrak 1", "city": "Amsterdam", "state": null, "postalCode": "1012 LG",
                 "countryOrRegion": "Nederland"}, "surname": "Berg", "displayName": "Berg"}""");
        var wanted = new LinkedHashMap<>(contacts.read(current));
        assertThat(wanted).containsEntry("adr.work.country", "NL");
        wanted.put("adr.work.street", "Damrak 2");

        ObjectNode patch = contacts.forUpdate(current, wanted, 1);

        assertThat(patch.path("businessAddress").path("street").asString()).isEqualTo("Damrak 2");
        assertThat(patch.path("businessAddress").path("countryOrRegion").asString()).isEqualTo("Nederland");
        assertThat(patch.path("businessAddress").path("postalCode").asString()).isEqualTo("1012 LG");
        assertThat(patch.has("homeAddress")).as("untouched addresses are not sent").isFalse();
    }

    @Test
    void theNoteIsPersonalNotesWithOutlooksLineBreaksReadAsNewlines() {
        JsonNode current = json.readTree("{\"personalNotes\": \"Bel na tienen.\\r\\nNiet op vrijdag.\", \"surname\": \"Berg\"}");

        assertThat(contacts.read(current)).containsEntry("note", "Bel na tienen.\nNiet op vrijdag.");
        assertThat(contacts.forUpdate(current, contacts.read(current), 1).has("personalNotes")).as("no echo").isFalse();
        assertThat(contacts.forUpdate(current, Map.of("familyName", "Berg", "note", "Liever mailen"), 1)
                .path("personalNotes").asString()).isEqualTo("Liever mailen");
    }

    @Test
    void customFieldsAreOneExtendedPropertyAndKeysNoLongerMappedStay() {
        ObjectNode created = contacts.forCreate(Map.of("familyName", "Berg", "custom.industry", "Bouw", "custom.vip", "true"), 5);
        assertThat(ExtendedProperties.value(created, ExtendedProperties.CUSTOM_FIELDS)).isEqualTo("{\"industry\":\"Bouw\",\"vip\":\"true\"}");

        var wanted = new LinkedHashMap<>(contacts.read(created));
        wanted.put("custom.industry", "Zorg");
        wanted.remove("custom.vip");
        ObjectNode current = created.deepCopy();
        ExtendedProperties.merge(current, json.readTree("[{\"id\": \"" + ExtendedProperties.CUSTOM_FIELDS
                + "\", \"value\": \"{\\\"industry\\\":\\\"Bouw\\\",\\\"vip\\\":\\\"true\\\",\\\"old\\\":\\\"kept\\\"}\"}]"));
        wanted.put("custom.old", "kept");
        ObjectNode patch = contacts.forUpdate(current, wanted, 5);

        assertThat(patch.path("singleValueExtendedProperties").get(0).path("value").asString())
                .isEqualTo("{\"industry\":\"Zorg\",\"old\":\"kept\"}");
        assertThat(contacts.forUpdate(current, contacts.read(current), 5).has("singleValueExtendedProperties"))
                .as("unchanged custom fields are not written").isFalse();
    }

    /** Graph's own company contacts have only companyName: Outlook then files and shows them by it. */
    @Test
    void anOrganisationsCardHasOnlyTheCompanyNameAndItsWorkDetails() {
        var slots = Map.of("org", "Acme B.V.", "email.work", "info@acme.example", "tel.work", "020 555 0100",
                "url", "https://acme.example", ContactSlots.KIND, ContactSlots.KIND_ORGANISATION);

        ObjectNode body = contacts.forCreate(slots, 3);

        assertThat(body.path("companyName").asString()).isEqualTo("Acme B.V.");
        assertThat(body.path("displayName").asString()).isEqualTo("Acme B.V.");
        assertThat(body.path("fileAs").asString()).isEqualTo("Acme B.V.");
        assertThat(body.path("givenName").isMissingNode() || body.path("givenName").isNull()).isTrue();
        assertThat(body.path("businessHomePage").asString()).isEqualTo("https://acme.example");
        assertThat(body.path("emailAddresses").get(0).path("address").asString()).isEqualTo("info@acme.example");
    }
}
