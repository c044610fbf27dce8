package org.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.sync.ContactProjection.Related;
import org.koppel.sync.FieldMap.EmptyDefault;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;
import org.koppel.sync.FieldMap.RowDirection;

/** A relation as a card and back, with the field map the migrations store. */
class ContactProjectionTest {

    private static final FieldMap MAP = FieldMaps.contacts();
    private static final Address ACME_VISITING = new Address(AddressType.VISITING, "Keizersgracht", "123a", "1015 CJ",
            "Amsterdam", null, "NL");
    private static final Related ACME = new Related(Map.of(7L, "Acme B.V."), Map.of(7L, ACME_VISITING), List.of());

    @Test
    void aPrivateIndividualsPrivateAddressIsTheHomeAddressWithStreetAndNumberOnOneLine() {
        Person p = person(List.of(), List.of(new Address(AddressType.PRIVATE, "Via Roma", "5", "00184", "Roma", "RM", "IT")), null);

        Snapshot card = ContactProjection.project(p, Related.none(), MAP);

        assertThat(card.values()).containsEntry("adr.home.street", "Via Roma 5").containsEntry("adr.home.postalCode", "00184")
                .containsEntry("adr.home.city", "Roma").containsEntry("adr.home.region", "RM").containsEntry("adr.home.country", "IT")
                .doesNotContainKey("adr.work.street");
    }

    @Test
    void aHomeAddressFromThePeerIsSplitBackIntoStreetAndHouseNumber() {
        Person p = person(List.of(), List.of(), null);
        Snapshot peer = Snapshot.of(Map.of("adr.home.street", "Keizersgracht 123a", "adr.home.city", "Amsterdam",
                "adr.home.country", "NL"));

        Person written = ContactProjection.apply(p, peer, Set.of("adr.home.street", "adr.home.city", "adr.home.country"), MAP, Related.none());

        assertThat(written.addresses()).containsExactly(new Address(AddressType.PRIVATE, "Keizersgracht", "123a", null,
                "Amsterdam", null, "NL"));
    }

    @Test
    void aContactPersonWithoutAVisitingAddressShowsTheOrganisationsAsWorkAddress() {
        Person p = person(List.of(new ContactRole(7L, null, null, null, null)), List.of(), null);

        Snapshot card = ContactProjection.project(p, ACME, MAP);

        assertThat(card.values()).containsEntry("adr.work.street", "Keizersgracht 123a").containsEntry("adr.work.city", "Amsterdam")
                .containsEntry("org", "Acme B.V.");
    }

    @Test
    void aContactPersonsOwnVisitingAddressGoesBeforeTheOrganisations() {
        Person p = person(List.of(new ContactRole(7L, null, null, null, null)),
                List.of(new Address(AddressType.VISITING, "Damrak", "1", null, "Amsterdam", null, "NL")), null);

        assertThat(ContactProjection.project(p, ACME, MAP).get("adr.work.street")).isEqualTo("Damrak 1");
    }

    /** Else the person would get an address of only the city the phone changed, and the card lose the rest. */
    @Test
    void aWorkAddressEditedOnThePhoneBecomesThePersonsOwnStartingFromTheOrganisations() {
        Person p = person(List.of(new ContactRole(7L, null, null, null, null)), List.of(), null);

        Person written = ContactProjection.apply(p, Snapshot.of(Map.of("adr.work.city", "Haarlem")), Set.of("adr.work.city"), MAP, ACME);

        assertThat(written.addresses()).containsExactly(new Address(AddressType.VISITING, "Keizersgracht", "123a", "1015 CJ",
                "Haarlem", null, "NL"));
        assertThat(ContactProjection.project(written, ACME, MAP).get("adr.work.street")).isEqualTo("Keizersgracht 123a");
    }

    @Test
    void anAddressClearedOnThePhoneIsRemoved() {
        Person p = person(List.of(), List.of(new Address(AddressType.PRIVATE, "Via Roma", "5", null, "Roma", null, "IT")), null);
        var slots = Set.of("adr.home.street", "adr.home.city", "adr.home.country");

        Person written = ContactProjection.apply(p, Snapshot.of(Map.of()), slots, MAP, Related.none());

        assertThat(written.addresses()).isEmpty();
    }

    @Test
    void theCommentIsTheNoteBothWaysWithLineBreaksAsNewlines() {
        Person p = person(List.of(), List.of(), "Bel na tienen.\r\nNiet op vrijdag.");

        assertThat(ContactProjection.project(p, Related.none(), MAP).get("note")).isEqualTo("Bel na tienen.\nNiet op vrijdag.");
        Person written = ContactProjection.apply(p, Snapshot.of(Map.of("note", "Liever mailen")), Set.of("note"), MAP, Related.none());
        assertThat(written.comment()).isEqualTo("Liever mailen");
    }

    @Test
    void anOrganisationIsACompanyCardWithItsOwnFieldsOnly() {
        Organisation o = new Organisation(3L, 1L, "Acme B.V.", "+31 20 555 0100", "info@acme.example", "https://acme.example",
                "12345678", 1L, List.of(), false, List.of(), List.of(ACME_VISITING,
                new Address(AddressType.POSTAL, "Postbus", "12", "1000 AA", "Amsterdam", null, "NL")), "Goede klant", Map.of(),
                null, null, null);

        Snapshot card = ContactProjection.project(o, Related.none(), MAP);

        assertThat(card.values()).containsOnly(Map.entry("org", "Acme B.V."), Map.entry("tel.work", "+31 20 555 0100"),
                Map.entry("email.work", "info@acme.example"), Map.entry("url", "https://acme.example"),
                Map.entry("note", "Goede klant"), Map.entry("adr.work.street", "Keizersgracht 123a"),
                Map.entry("adr.work.postalCode", "1015 CJ"), Map.entry("adr.work.city", "Amsterdam"),
                Map.entry("adr.work.country", "NL"), Map.entry("adr.other.street", "Postbus 12"),
                Map.entry("adr.other.postalCode", "1000 AA"), Map.entry("adr.other.city", "Amsterdam"),
                Map.entry("adr.other.country", "NL"));
        assertThat(ContactProjection.kindHint(o)).isEqualTo(ContactSlots.KIND_ORGANISATION);
    }

    @Test
    void anOrganisationKeepsItsNameWhenThePhoneClearsIt() {
        Organisation o = new Organisation(3L, 1L, "Acme B.V.", null, null, null, null, 1L, List.of(), false, List.of(),
                List.of(), null, Map.of(), null, null, null);

        Organisation written = ContactProjection.apply(o, Snapshot.of(Map.of("tel.work", "020 555 0199")),
                Set.of("org", "tel.work"), MAP, Related.none());

        assertThat(written.name()).isEqualTo("Acme B.V.");
        assertThat(written.phone()).isEqualTo("020 555 0199");
    }

    @Test
    void aLeadIsACardOfItsNamesCompanyAndPhones() {
        Lead lead = new Lead(4L, 1L, "Prospect B.V.", "Sanne", "de", "Vries", "sanne@prospect.example", "020 555 0123",
                "06 12345678", "Inkoper", "beurs", LeadStatus.NEW, 1L, List.of(), false, List.of(), List.of(), "Terugbellen",
                Map.of(), null, null, null);

        Snapshot card = ContactProjection.project(lead, Related.none(), MAP);

        assertThat(card.values()).containsOnly(Map.entry("givenName", "Sanne"), Map.entry("infix", "de"),
                Map.entry("familyName", "Vries"), Map.entry("org", "Prospect B.V."), Map.entry("email.work", "sanne@prospect.example"),
                Map.entry("tel.work", "020 555 0123"), Map.entry("tel.cell", "06 12345678"), Map.entry("title", "Inkoper"),
                Map.entry("note", "Terugbellen"));
        Lead written = ContactProjection.apply(lead, Snapshot.of(Map.of("org", "Prospect Groep B.V.")), Set.of("org"), MAP, Related.none());
        assertThat(written.companyName()).isEqualTo("Prospect Groep B.V.");
    }

    @Test
    void personRowsForAnyPersonDoNotApplyToOrganisationsOrLeads() {
        assertThat(MAP.slotsFor(PersonRole.ORGANISATION)).doesNotContain("givenName", "familyName", "initials", "birthday");
        assertThat(MAP.slotsFor(PersonRole.LEAD)).doesNotContain("initials", "birthday");
        assertThat(MAP.slotsFor(PersonRole.PRIVATE_INDIVIDUAL)).contains("givenName", "note", "adr.home.street");
    }

    @Test
    void customFieldsTravelAsTextAndComeBackTyped() {
        var fields = List.of(custom("industry", CustomFieldType.TEXT), custom("vip", CustomFieldType.BOOLEAN),
                custom("revenue", CustomFieldType.NUMBER));
        var map = withRows(new Row(PersonRole.ANY, "custom.industry", "custom.industry", RowDirection.BOTH, false),
                new Row(PersonRole.ANY, "custom.vip", "custom.vip", RowDirection.BOTH, false),
                new Row(PersonRole.ANY, "custom.revenue", "custom.revenue", RowDirection.BOTH, false));
        Person p = withCustom(person(List.of(), List.of(), null),
                Map.of("industry", "Bouw", "vip", true, "revenue", new BigDecimal("12345678901234567890.10")));
        var related = new Related(Map.of(), Map.of(), fields);

        Snapshot card = ContactProjection.project(p, related, map);
        assertThat(card.values()).containsEntry("custom.industry", "Bouw").containsEntry("custom.vip", "true")
                .containsEntry("custom.revenue", "12345678901234567890.10");

        Person written = ContactProjection.apply(p, Snapshot.of(Map.of("custom.vip", "false", "custom.revenue",
                "98765432109876543210.5")), Set.of("custom.vip", "custom.revenue", "custom.industry"), map, related);
        assertThat(written.customFields()).containsEntry("vip", false).containsEntry("revenue", "98765432109876543210.5")
                .doesNotContainKey("industry");
    }

    @Test
    void aRecordMadeFromACardGetsThePickListsFirstOptionWhereTheCardHasNoValue() {
        var fields = List.of(new CustomField(1L, 1L, RelationKind.PERSON, "segment", "Segment", CustomFieldType.PICK_LIST,
                        List.of("MKB", "Groot", "Overheid"), 0, null, null),
                new CustomField(2L, 1L, RelationKind.PERSON, "channel", "Kanaal", CustomFieldType.PICK_LIST,
                        List.of("Web", "Beurs"), 1, null, null),
                new CustomField(3L, 1L, RelationKind.ORGANISATION, "sector", "Sector", CustomFieldType.PICK_LIST,
                        List.of("Bouw"), 2, null, null));
        var map = withRows(new Row(PersonRole.ANY, "custom.channel", "custom.channel", RowDirection.BOTH, false));
        Person blank = person(List.of(), List.of(), null);

        Person made = ContactProjection.fromCard(blank, Snapshot.of(Map.of("givenName", "Kim", "familyName", "Smit",
                "custom.channel", "Beurs", "adr.home.city", "Delft")), map, new Related(Map.of(), Map.of(), fields));

        assertThat(made.customFields()).containsOnly(Map.entry("segment", "MKB"), Map.entry("channel", "Beurs"));
        assertThat(made.firstName()).isEqualTo("Kim");
        assertThat(made.addresses()).singleElement().satisfies(a -> assertThat(a.city()).isEqualTo("Delft"));
    }

    @Test
    void aPickListsRowSaysWhatAnEmptyValueBecomesNoneTheFirstOptionOrAChosenOne() {
        var fields = List.of(new CustomField(1L, 1L, RelationKind.PERSON, "segment", "Segment", CustomFieldType.PICK_LIST,
                        List.of("MKB", "Groot", "Overheid"), 0, null, null),
                new CustomField(2L, 1L, RelationKind.PERSON, "channel", "Kanaal", CustomFieldType.PICK_LIST,
                        List.of("Web", "Beurs"), 1, null, null),
                new CustomField(3L, 1L, RelationKind.PERSON, "tier", "Niveau", CustomFieldType.PICK_LIST,
                        List.of("Brons", "Zilver"), 2, null, null),
                new CustomField(4L, 1L, RelationKind.PERSON, "stale", "Oud", CustomFieldType.PICK_LIST,
                        List.of("Eerste", "Tweede"), 3, null, null));
        var map = withRows(
                new Row(PersonRole.ANY, "custom.segment", "custom.segment", RowDirection.BOTH, false, EmptyDefault.CHOSEN, "Overheid"),
                new Row(PersonRole.ANY, "custom.channel", "custom.channel", RowDirection.BOTH, false, EmptyDefault.NONE, null),
                new Row(PersonRole.ANY, "custom.tier", "custom.tier", RowDirection.BOTH, false, EmptyDefault.FIRST_OPTION, null),
                new Row(PersonRole.ANY, "custom.stale", "custom.stale", RowDirection.BOTH, false, EmptyDefault.CHOSEN, "Weg"));

        Person made = ContactProjection.fromCard(person(List.of(), List.of(), null), Snapshot.of(Map.of("familyName", "Smit")),
                map, new Related(Map.of(), Map.of(), fields));

        assertThat(made.customFields()).as("a chosen option no longer in the list counts as the first")
                .containsOnly(Map.entry("segment", "Overheid"), Map.entry("tier", "Brons"), Map.entry("stale", "Eerste"));
    }

    @Test
    void slotsAreLabelledForTheRunReport() {
        assertThat(ContactSlots.label("adr.home.postalCode")).isEqualTo("home address postal code");
        assertThat(ContactSlots.label("adr.work.city")).isEqualTo("work address city");
        assertThat(ContactSlots.label("note")).isEqualTo("notes");
        assertThat(ContactSlots.label("custom.industry")).isEqualTo("industry");
    }

    @Test
    void aBirthDateThatIsNoDateIsRefusedWithAReason() {
        assertThatThrownBy(() -> ContactProjection.apply(person(List.of(), List.of(), null),
                Snapshot.of(Map.of("birthday", "--0412")), Set.of("birthday"), MAP, Related.none()))
                .hasMessageContaining("--0412");
    }

    private static FieldMap withRows(Row... extra) {
        var rows = new java.util.ArrayList<>(MAP.rows());
        rows.addAll(List.of(extra));
        return new FieldMap(rows);
    }

    private static CustomField custom(String key, CustomFieldType type) {
        return new CustomField(null, null, RelationKind.PERSON, key, key, type, List.of(), 0, null, null);
    }

    private static Person person(List<ContactRole> roles, List<Address> addresses, String comment) {
        return new Person(9L, 1L, null, "Jan", null, null, "Berg", null, null, null, null, null, null, roles, null, 1L,
                List.of(), false, List.of(), addresses, comment, Map.of(), null, null, null);
    }

    private static Person withCustom(Person p, Map<String, Object> custom) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(), p.addresses(),
                p.comment(), custom, p.createdAt(), p.updatedAt(), p.deletedAt());
    }
}
