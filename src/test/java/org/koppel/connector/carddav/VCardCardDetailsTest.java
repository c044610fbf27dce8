package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ezvcard.property.Address;
import org.junit.jupiter.api.Test;
import org.koppel.sync.ContactSlots;

/** Addresses, the note, the website, custom fields and company cards in vCards, read and written. */
class VCardCardDetailsTest {

    private final VCardContacts contacts = new VCardContacts();

    @Test
    void aNewCardGetsATypedAddressWithTheCountrysEnglishNameAndReadsBackAsWritten() {
        var slots = Map.of("givenName", "Jan", "familyName", "Berg", "adr.work.street", "Keizersgracht 123a",
                "adr.work.postalCode", "1015 CJ", "adr.work.city", "Amsterdam", "adr.work.country", "NL",
                "adr.home.street", "Via Roma 5", "adr.home.city", "Roma", "adr.home.country", "IT");

        String written = contacts.write(null, slots, "uid-1", 1);

        assertThat(written).contains("ADR;TYPE=WORK:;;Keizersgracht 123a;Amsterdam;;1015 CJ;Netherlands",
                "ADR;TYPE=HOME:;;Via Roma 5;Roma;;;Italy");
        assertThat(contacts.read(written)).containsAllEntriesOf(slots);
        assertThat(StrictVCard30.problems(written)).isEmpty();
    }

    /** Apple's card says "Nederland": changing the city must not rewrite the country the phone wrote. */
    @Test
    void changingTheCityOfAnAppleAddressKeepsTheCountryAsThePhoneWroteItAndEverythingElse() {
        String original = Corpus.card("apple-icloud-van-der-berg.vcf");

        String written = contacts.write(original, with(original, "adr.home.city", "Enkhuizen"), "uid-1", 4711);

        Address home = ezvcard.Ezvcard.parse(written).first().getAddresses().getFirst();
        assertThat(home.getLocality()).isEqualTo("Enkhuizen");
        assertThat(home.getCountry()).isEqualTo("Nederland");
        assertThat(home.getGroup()).isEqualTo("item3");
        assertThat(written).contains("item3.X-ABADR:nl");
        PropertyLists.assertUnchanged(written, original, Set.of("ADR"));
    }

    @Test
    void clearingAnAddressRemovesItAndAppleLabelsLeftWithNothingToLabel() {
        String card = contacts.write(null, Map.of("familyName", "Berg", "adr.other.street", "Postbus 12",
                "adr.other.city", "Hoorn"), "uid-1", 1);
        String labelled = card.replace("ADR;TYPE=OTHER:", "item9.ADR:").replace("END:VCARD", "item9.X-ABLabel:_$!<Other>!$_\r\nEND:VCARD");
        assertThat(contacts.read(labelled)).containsEntry("adr.other.city", "Hoorn");

        String written = contacts.write(labelled, Map.of("familyName", "Berg"), "uid-1", 1);

        assertThat(written).doesNotContain("ADR", "item9");
    }

    @Test
    void theNoteAndTheWebsiteAreTheFirstNoteAndUrlAndTheOthersSurvive() {
        String original = Corpus.card("apple-icloud-van-der-berg.vcf");

        String written = contacts.write(original, with(original, "note", "Belt liever.\nNiet op vrijdag."), "uid-1", 4711);

        assertThat(contacts.read(written)).containsEntry("note", "Belt liever.\nNiet op vrijdag.")
                .containsEntry("url", "https://bouwbedrijf-berg.nl");
        PropertyLists.assertUnchanged(written, original, Set.of("NOTE"));
    }

    @Test
    void customFieldsTravelInKoppelsOwnPropertyWithTheKeyAsAParameterAndUnmappedOnesSurvive() {
        String card = contacts.write(null, Map.of("familyName", "Berg", "custom.industry_code", "B-41",
                "custom.Segment", "MKB"), "uid-1", 1);
        assertThat(card).contains("X-KOPPEL-CUSTOM;X-KEY=industry_code:B-41", "X-KOPPEL-CUSTOM;X-KEY=Segment:MKB");
        String phoneAdded = card.replace("END:VCARD", "X-KOPPEL-CUSTOM;X-KEY=oldField:kept\r\nEND:VCARD");

        Map<String, String> slots = new LinkedHashMap<>(contacts.read(phoneAdded));
        assertThat(slots).containsEntry("custom.industry_code", "B-41").containsEntry("custom.oldField", "kept");
        slots.put("custom.industry_code", "C-10");
        slots.remove("custom.Segment");
        String written = contacts.write(phoneAdded, slots, "uid-1", 1);

        assertThat(contacts.read(written)).containsEntry("custom.industry_code", "C-10").containsEntry("custom.oldField", "kept")
                .doesNotContainKey("custom.Segment");
    }

    @Test
    void anOrganisationsCardIsMarkedAsACompanyTheWayAppleAndVCard4Do() {
        var slots = Map.of("org", "Acme B.V.", "tel.work", "020 555 0100", ContactSlots.KIND, ContactSlots.KIND_ORGANISATION);

        String v3 = contacts.write(null, slots, "uid-1", 1);
        String v4 = contacts.write(Corpus.card("nextcloud-4.0.vcf").replace("KIND:individual\r\n", "")
                .replace("KIND:individual\n", ""), slots, "uid-2", 2);

        assertThat(v3).contains("X-ABShowAs:COMPANY", "FN:Acme B.V.", "ORG:Acme B.V.");
        assertThat(v4).contains("KIND:org");
        assertThat(contacts.write(v3, slots, "uid-1", 1)).as("marked once").containsOnlyOnce("X-ABShowAs");
        assertThat(contacts.write(v3.replace("X-ABShowAs", "X-ABSHOWAS"), slots, "uid-1", 1))
                .as("a server's capitals are the same mark").doesNotContain("X-ABShowAs");
        assertThat(contacts.write(null, Map.of("familyName", "Berg", ContactSlots.KIND, ContactSlots.KIND_LEAD), "uid-3", 3))
                .doesNotContain("X-ABShowAs", "KIND:");
    }

    private Map<String, String> with(String card, String slot, String value) {
        var slots = new LinkedHashMap<>(contacts.read(card));
        slots.put(slot, value);
        return slots;
    }
}
