package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.sync.ContactSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Tribe section 2 mapping between Outlook contacts and slots, without a server. */
class GraphContactsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final GraphContacts contacts = new GraphContacts(json);

    private JsonNode contact(String text) {
        return json.readTree(text.replace('\'', '"'));
    }

    /** What Graph holds after applying a PATCH to a contact: properties replaced, extended properties merged. */
    private ObjectNode applied(JsonNode current, ObjectNode patch) {
        ObjectNode result = (ObjectNode) current.deepCopy();
        patch.properties().forEach(e -> {
            if (!e.getKey().equals("singleValueExtendedProperties")) result.set(e.getKey(), e.getValue());
        });
        ExtendedProperties.merge(result, patch.get("singleValueExtendedProperties"));
        return result;
    }

    @Test
    void infixTravelsInMiddleNameAndTheNamesOutlookShowsAreComposed() {
        var slots = Map.of(ContactSlots.GIVEN_NAME, "Jan", ContactSlots.INFIX, "van der", ContactSlots.FAMILY_NAME, "Berg",
                ContactSlots.INITIALS, "J.H.");
        ObjectNode body = contacts.forCreate(slots, 42);

        assertThat(body.path("middleName").asString()).isEqualTo("van der");
        assertThat(body.path("surname").asString()).isEqualTo("Berg");
        assertThat(body.path("displayName").asString()).isEqualTo("Jan van der Berg");
        assertThat(body.path("fileAs").asString()).isEqualTo("Berg, Jan van der");
        assertThat(contacts.read(body)).containsAllEntriesOf(slots);
        assertThat(contacts.stampedCrmId(body)).isEqualTo(42L);
    }

    @Test
    void aContactPersonHasTheWorkAddressFirstAndThePrivateOneSecond() {
        var slots = Map.of(ContactSlots.KIND, ContactSlots.KIND_CONTACT_PERSON, ContactSlots.FAMILY_NAME, "Dijk",
                ContactSlots.EMAIL_WORK, "geert@abcbedrijf.nl", ContactSlots.EMAIL_HOME, "geert@thuis.nl");
        ObjectNode body = contacts.forCreate(slots, 1);

        assertThat(body.path("emailAddresses").get(0).path("address").asString()).isEqualTo("geert@abcbedrijf.nl");
        assertThat(body.path("emailAddresses").get(1).path("address").asString()).isEqualTo("geert@thuis.nl");
        assertThat(contacts.read(body)).containsEntry(ContactSlots.EMAIL_WORK, "geert@abcbedrijf.nl")
                .containsEntry(ContactSlots.EMAIL_HOME, "geert@thuis.nl");
    }

    @Test
    void aPrivateIndividualHasThePrivateAddressFirst() {
        var slots = Map.of(ContactSlots.KIND, ContactSlots.KIND_PRIVATE_INDIVIDUAL, ContactSlots.FAMILY_NAME, "Jansen",
                ContactSlots.EMAIL_HOME, "anna@thuis.nl");
        ObjectNode body = contacts.forCreate(slots, 2);

        assertThat(body.path("emailAddresses")).hasSize(1);
        assertThat(body.path("emailAddresses").get(0).path("address").asString()).isEqualTo("anna@thuis.nl");
        assertThat(contacts.read(body)).containsEntry(ContactSlots.EMAIL_HOME, "anna@thuis.nl").doesNotContainKey(ContactSlots.EMAIL_WORK);
    }

    @Test
    void aContactPersonWithOnlyAPrivateAddressReadsBackAsPrivate() {
        var slots = Map.of(ContactSlots.KIND, ContactSlots.KIND_CONTACT_PERSON, ContactSlots.FAMILY_NAME, "Bos",
                ContactSlots.EMAIL_HOME, "kees@thuis.nl");
        ObjectNode body = contacts.forCreate(slots, 3);

        assertThat(contacts.read(body)).containsEntry(ContactSlots.EMAIL_HOME, "kees@thuis.nl").doesNotContainKey(ContactSlots.EMAIL_WORK);
    }

    @Test
    void anOutlookContactWithoutLayoutIsReadAsAContactPerson() {
        JsonNode c = contact("{'surname':'Vries','emailAddresses':[{'name':'P','address':'petra@werk.nl'},"
                + "{'name':'p','address':'petra@thuis.nl'},{'name':'x','address':'petra@oud.nl'}]}");

        assertThat(contacts.read(c)).containsEntry(ContactSlots.EMAIL_WORK, "petra@werk.nl")
                .containsEntry(ContactSlots.EMAIL_HOME, "petra@thuis.nl");
        assertThat(contacts.stampedCrmId(c)).isNull();
    }

    @Test
    void severalAddressesAndPhonesInOutlookOnlyTheFirstIsMappedAndAKoppelWriteKeepsTheOthers() {
        JsonNode current = contact("{'surname':'Dijk','givenName':'Geert','displayName':'Geert van Dijk',"
                + "'emailAddresses':[{'name':'Geert','address':'geert@abc.nl'},{'name':'thuis','address':'geert@thuis.nl'},"
                + "{'name':'oud','address':'geert@oud.nl'}],"
                + "'businessPhones':['010 111','010 222'],'homePhones':['020 333','020 444'],'mobilePhone':'06 555'}");
        assertThat(contacts.read(current)).containsEntry(ContactSlots.TEL_WORK, "010 111").containsEntry(ContactSlots.TEL_HOME, "020 333");

        var wanted = new LinkedHashMap<>(contacts.read(current));
        wanted.put(ContactSlots.EMAIL_WORK, "geert@nieuw.nl");
        wanted.put(ContactSlots.TEL_WORK, "010 999");
        ObjectNode patch = contacts.forUpdate(current, wanted, 7);

        assertThat(patch.path("businessPhones").toString()).isEqualTo("[\"010 999\",\"010 222\"]");
        assertThat(patch.has("homePhones")).isFalse();
        assertThat(patch.has("displayName")).as("names unchanged: the display name stays the user's").isFalse();
        JsonNode after = applied(current, patch);
        assertThat(after.path("emailAddresses")).extracting(e -> e.path("address").asString())
                .containsExactly("geert@nieuw.nl", "geert@thuis.nl", "geert@oud.nl");
        assertThat(after.path("emailAddresses").get(1).path("name").asString()).isEqualTo("thuis");
        assertThat(contacts.read(after)).containsEntry(ContactSlots.EMAIL_WORK, "geert@nieuw.nl").containsEntry(ContactSlots.TEL_WORK, "010 999");
    }

    @Test
    void anUpdateSendsOnlyWhatChangedAndNothingWhenNothingDid() {
        ObjectNode created = contacts.forCreate(Map.of(ContactSlots.GIVEN_NAME, "Petra", ContactSlots.FAMILY_NAME, "Vries",
                ContactSlots.INFIX, "de", ContactSlots.JOB_TITLE, "inkoper"), 5);
        var same = contacts.read(created);
        assertThat(contacts.forUpdate(created, same, 5).isEmpty()).isTrue();

        var changed = new LinkedHashMap<>(same);
        changed.put(ContactSlots.JOB_TITLE, "hoofd inkoop");
        changed.remove(ContactSlots.INFIX);
        ObjectNode patch = contacts.forUpdate(created, changed, 5);
        assertThat(patch.propertyNames()).containsExactlyInAnyOrder("jobTitle", "middleName", "displayName", "fileAs");
        assertThat(patch.get("middleName").isNull()).isTrue();
        assertThat(patch.path("displayName").asString()).isEqualTo("Petra Vries");
    }

    @Test
    void birthdaysAreReadAsTheDayOutlookShowsAndWrittenAtMidnightUtc() {
        assertThat(contacts.read(contact("{'birthday':'1974-07-22T00:00:00Z'}"))).containsEntry(ContactSlots.BIRTHDAY, "1974-07-22");
        assertThat(contacts.read(contact("{'birthday':'1974-07-22T11:00:00Z'}"))).containsEntry(ContactSlots.BIRTHDAY, "1974-07-22");
        assertThat(contacts.read(contact("{'birthday':'1974-07-22T12:00:00+02:00'}"))).containsEntry(ContactSlots.BIRTHDAY, "1974-07-22");
        assertThat(contacts.read(contact("{'birthday':'1974-07-22'}"))).containsEntry(ContactSlots.BIRTHDAY, "1974-07-22");
        assertThat(contacts.read(contact("{'birthday':'someday'}"))).doesNotContainKey(ContactSlots.BIRTHDAY);

        assertThat(contacts.forCreate(Map.of(ContactSlots.BIRTHDAY, "1980-02-29"), 1).path("birthday").asString())
                .isEqualTo("1980-02-29T00:00:00Z");
        assertThatThrownBy(() -> contacts.forCreate(Map.of(ContactSlots.BIRTHDAY, "29-02-1980"), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownSlotsAreRefused() {
        assertThatThrownBy(() -> contacts.forCreate(Map.of("shoeSize", "44"), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extendedPropertyIdsCompareTheNameCaseSensitivelyAndTheRestNot() {
        assertThat(ExtendedProperties.sameId("string {9C3E1D57-2A44-4B8E-8F6B-5D0E6A7C1F20} name KoppelId", ExtendedProperties.CRM_ID)).isTrue();
        assertThat(ExtendedProperties.sameId("String {9c3e1d57-2a44-4b8e-8f6b-5d0e6a7c1f20} Name koppelid", ExtendedProperties.CRM_ID)).isFalse();
    }
}
