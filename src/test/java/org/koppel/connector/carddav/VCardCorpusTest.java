package org.koppel.connector.carddav;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every corpus card: the slots it reads as, and a round trip that changes nothing but the stamps. */
class VCardCorpusTest {

    private final VCardContacts contacts = new VCardContacts();

    static Stream<Arguments> cards() {
        return Stream.of(
                Arguments.of("apple-icloud-van-der-berg.vcf", Map.ofEntries(
                        entry("givenName", "Jan"), entry("infix", "van der"), entry("familyName", "Berg"),
                        entry("birthday", "1975-11-03"),
                        entry("email.work", "jan.vanderberg@bouwbedrijf-berg.nl"), entry("email.home", "jan@vanderberg.nl"),
                        // item2.TEL has a label the user typed and the HOME number is a fax: no tel.home
                        entry("tel.cell", "+31 6 12345678"), entry("tel.work", "+31 20 555 0101"),
                        entry("title", "Projectleider"), entry("org", "Bouwbedrijf Van der Berg B.V."),
                        // the country as the iPhone wrote it in Dutch, read as its code
                        entry("adr.home.street", "Grote Oost 12"), entry("adr.home.postalCode", "1621 BW"),
                        entry("adr.home.city", "Hoorn"), entry("adr.home.country", "NL"),
                        entry("url", "https://bouwbedrijf-berg.nl"),
                        entry("note", "Houdt van zeilen.\nBel liever na 10:00, niet op vrijdag."))),
                Arguments.of("apple-no-year-birthday.vcf", Map.ofEntries(
                        // typographic apostrophe typed on an iPhone; no birthday: the year is omitted
                        entry("givenName", "Kees"), entry("infix", "in 't"), entry("familyName", "Veld"),
                        entry("email.home", "kees@intveld.nl"), entry("tel.cell", "06-87654321"))),
                Arguments.of("apple-company-only-org.vcf", Map.of("org", "Koffiebranderij De Ster")),
                Arguments.of("google-contacts-export.vcf", Map.ofEntries(
                        entry("givenName", "Sanne"), entry("infix", "de"), entry("familyName", "Vries"),
                        entry("birthday", "1988-06-30"),
                        entry("email.home", "sanne.devries@gmail.com"), entry("email.work", "s.devries@acme.nl"),
                        entry("tel.cell", "06 1234 5678"), entry("tel.work", "020 123 4567"),
                        entry("title", "Senior inkoper"), entry("org", "Acme Nederland B.V."),
                        entry("adr.home.street", "Keizersgracht 12"), entry("adr.home.postalCode", "1015 CJ"),
                        entry("adr.home.city", "Amsterdam"), entry("adr.home.country", "NL"),
                        entry("url", "https://www.linkedin.com/in/sannedevries"), entry("note", "Ontmoet op de Vakbeurs 2023"))),
                Arguments.of("google-untyped-no-year.vcf", Map.of(
                        "givenName", "Pieter", "familyName", "Bakker",
                        "email.home", "pieter.bakker@ziggo.nl", "tel.home", "+31 6 55512345")),
                Arguments.of("outlook-2.1-windows-1252.vcf", Map.ofEntries(
                        entry("givenName", "Jörg"), entry("familyName", "Müller"), entry("birthday", "1971-04-22"),
                        entry("email.home", "joerg.mueller@mueller-soehne.de"),
                        entry("tel.work", "+49 (211) 555-0100"), entry("tel.home", "+49 (211) 555-0177"),
                        entry("tel.cell", "+49 170 5550123"),
                        entry("title", "Leiter Einkauf"), entry("org", "Müller & Söhne GmbH"),
                        entry("adr.work.street", "Königsallee 1"), entry("adr.work.postalCode", "40212"),
                        entry("adr.work.city", "Düsseldorf"), entry("adr.work.country", "DE"),
                        entry("url", "http://www.mueller-soehne.de"))),
                Arguments.of("outlook-2.1-quoted-printable-utf8.vcf", Map.ofEntries(
                        entry("givenName", "Ébène"), entry("infix", "van den"), entry("familyName", "Bosch"),
                        entry("birthday", "1990-02-28"), entry("email.home", "ebene@cafedezoe.nl"),
                        entry("tel.work", "073-6140000"), entry("tel.cell", "06-24681357"),
                        entry("title", "Eigenaresse & chef-kok"), entry("org", "Café De Zoë"),
                        // quoted-printable with a CRLF line break: one "\n" in the slot
                        entry("note", "Allergieën doorgeven vóór de lunch.\nTweede regel."))),
                Arguments.of("nextcloud-4.0.vcf", Map.ofEntries(
                        entry("givenName", "Zoë"), entry("infix", "van den"), entry("familyName", "Heuvel"),
                        entry("email.work", "zoe.vandenheuvel@gemeente.example.nl"), entry("email.home", "zoe@heuvel.example"),
                        entry("tel.work", "+31-20-5550123"), entry("tel.cell", "+31 6 23456789"),
                        entry("title", "Beleidsadviseur"), entry("org", "Gemeente Amsterdam"),
                        entry("adr.work.street", "Stadhouderskade 1"), entry("adr.work.postalCode", "1054 ES"),
                        entry("adr.work.city", "Amsterdam"), entry("adr.work.country", "NL"))),
                Arguments.of("folded-long-lines.vcf", Map.of(
                        "givenName", "Anne-Marie", "infix", "ter", "familyName", "Horst",
                        "note", "Contactpersoon voor de aanbesteding van het nieuwe distributiecentrum in Tilburg; eerst bellen "
                                + "met de receptie, daarna doorverbinden naar de afdeling inkoop. Afspraken altijd per mail bevestigen.",
                        "email.work", "a.terhorst@transport-en-logistiekonderneming-terhorst-internationaal.example.nl",
                        "tel.work", "013 555 1234", "title", "Directeur Inkoop en Logistiek",
                        "org", "Transport- en Logistiekonderneming Ter Horst & Zonen Internationale Distributie B.V.")),
                Arguments.of("two-work-emails-three-phones.vcf", Map.ofEntries(
                        entry("givenName", "Pieter"), entry("infix", "de"), entry("familyName", "Jong"),
                        entry("initials", "P.J."), entry("birthday", "1969-08-21"),
                        entry("email.work", "pieter.dejong@installatietechniek.example.nl"),
                        entry("email.home", "pieter@dejong.example"),
                        entry("tel.cell", "06 98765432"), entry("tel.work", "0513 555 010"), entry("tel.home", "0513 555 999"),
                        entry("title", "Eigenaar"), entry("org", "De Jong Installatietechniek"))),
                Arguments.of("messy-bom-trailing-junk.vcf", Map.of(
                        "givenName", "Lotte", "infix", "van 't", "familyName", "Hof",
                        "email.work", "lotte@vanthof.example", "tel.work", "+31 50 555 4321", "birthday", "1992-01-15")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cards")
    void readsTheSlotsOfEachCorpusCard(String file, Map<String, String> expected) {
        assertThat(contacts.read(Corpus.card(file))).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cards")
    void aRoundTripChangesNothingButTheStamps(String file, Map<String, String> expected) {
        String original = Corpus.card(file);
        String written = contacts.write(original, contacts.read(original), "koppel-uid-1", 99L);

        // UID is a stamp only where the card had none
        Set<String> stamps = contacts.uid(original) == null ? Set.of("X-KOPPEL-ID", "UID") : Set.of("X-KOPPEL-ID");
        PropertyLists.assertUnchanged(written, original, stamps);
        assertThat(contacts.read(written)).isEqualTo(contacts.read(original));
        assertThat(contacts.stampedCrmId(written)).isEqualTo(99L);
        assertThat(contacts.uid(written)).isEqualTo(contacts.uid(original) == null ? "koppel-uid-1" : contacts.uid(original));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apple-icloud-van-der-berg.vcf", "apple-no-year-birthday.vcf", "apple-company-only-org.vcf",
            "google-contacts-export.vcf", "google-untyped-no-year.vcf", "outlook-2.1-windows-1252.vcf",
            "outlook-2.1-quoted-printable-utf8.vcf", "folded-long-lines.vcf", "two-work-emails-three-phones.vcf",
            "messy-bom-trailing-junk.vcf"})
    void whatKoppelWritesForA3Or21CardIsStrictVCard30(String file) {
        String original = Corpus.card(file);
        String written = contacts.write(original, contacts.read(original), "koppel-uid-1", 99L);

        assertThat(StrictVCard30.problems(written)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apple-icloud-van-der-berg.vcf", "outlook-2.1-windows-1252.vcf", "nextcloud-4.0.vcf"})
    void photosSurviveByteForByte(String file) {
        String original = Corpus.card(file);
        String written = contacts.write(original, contacts.read(original), "koppel-uid-1", 99L);

        assertThat(VCardText.parse(written).getPhotos().getFirst().getData())
                .isNotEmpty()
                .isEqualTo(VCardText.parse(original).getPhotos().getFirst().getData());
    }

    /** Guards the round-trip test itself: it must see a single changed photo byte or label. */
    @Test
    void theRoundTripComparisonSeesSmallChanges() {
        String original = Corpus.card("apple-icloud-van-der-berg.vcf");
        String otherPhoto = original.replace("PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAR");
        String otherLabel = original.replace("item1.X-ABLabel:Tennisclub", "item1.X-ABLabel:Golfclub");

        assertThatThrownBy(() -> PropertyLists.assertUnchanged(otherPhoto, original, Set.of())).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PropertyLists.assertUnchanged(otherLabel, original, Set.of())).isInstanceOf(AssertionError.class);
    }
}
