package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.property.Email;
import ezvcard.property.Telephone;
import org.junit.jupiter.api.Test;

/** Writing slots into existing and new cards: only the mapped values change. */
class VCardContactsWriteTest {

    private final VCardContacts contacts = new VCardContacts();

    @Test
    void changingEmailWorkReplacesOnlyTheFirstWorkEmailAndTheSecondSurvives() {
        String original = Corpus.card("two-work-emails-three-phones.vcf");

        String written = contacts.write(original, with(original, "email.work", "p.dejong@nieuw.example.nl"), "uid-1", 4711);

        assertThat(emails(written)).containsExactly(
                "p.dejong@nieuw.example.nl", "service@installatietechniek.example.nl", "pieter@dejong.example");
        assertThat(contacts.read(written)).isEqualTo(with(original, "email.work", "p.dejong@nieuw.example.nl"));
        PropertyLists.assertUnchanged(written, original, Set.of("EMAIL"));
    }

    @Test
    void removingASlotRemovesOnlyItsFirstValue() {
        String original = Corpus.card("two-work-emails-three-phones.vcf");

        String written = contacts.write(original, without(original, "email.work", "tel.work"), "uid-1", 4711);

        assertThat(emails(written)).containsExactly("service@installatietechniek.example.nl", "pieter@dejong.example");
        assertThat(phones(written)).containsExactly("06 98765432", "0513 555 999", "0513 555 011");
        PropertyLists.assertUnchanged(written, original, Set.of("EMAIL", "TEL"));
    }

    /**
     * First-value semantics: once the first work e-mail is gone the next one is "the first". The
     * engine must therefore take as base what it reads back from the card it wrote.
     */
    @Test
    void afterRemovingTheFirstWorkEmailTheSecondIsReadAsEmailWork() {
        String original = Corpus.card("two-work-emails-three-phones.vcf");

        String written = contacts.write(original, without(original, "email.work"), "uid-1", 4711);

        assertThat(contacts.read(written)).containsEntry("email.work", "service@installatietechniek.example.nl");
    }

    @Test
    void aReplacedValueKeepsItsParametersAndGroup() {
        String original = Corpus.card("apple-icloud-van-der-berg.vcf");

        String written = contacts.write(original, with(original, "email.work", "jan@berg-bouw.nl", "tel.cell", "06 99999999"), "uid-1", 1);

        Email work = VCardText.parse(written).getEmails().getFirst();
        assertThat(work.getValue()).isEqualTo("jan@berg-bouw.nl");
        assertThat(ValueKind.types(work)).containsExactlyInAnyOrder("internet", "work", "pref");
        Telephone cell = VCardText.parse(written).getTelephoneNumbers().getFirst();
        assertThat(cell.getText()).isEqualTo("06 99999999");
        assertThat(ValueKind.types(cell)).containsExactlyInAnyOrder("cell", "voice", "pref");
        PropertyLists.assertUnchanged(written, original, Set.of("EMAIL", "TEL"));
    }

    @Test
    void removingAnAppleItemValueTakesItsLabelAlong() {
        String original = Corpus.card("apple-no-year-birthday.vcf");

        String written = contacts.write(original, without(original, "email.home", "tel.cell"), "uid-1", 1);

        VCard card = VCardText.parse(written);
        assertThat(card.getEmails()).isEmpty();
        assertThat(phones(written)).containsExactly("06-11112222");
        assertThat(card.getExtendedProperties("X-ABLabel")).isEmpty();
        assertThat(card.getExtendedProperty("X-ABDATE").getValue()).isEqualTo("2010-06-12");
    }

    @Test
    void aNewValueIsAddedWithItsTypeWhenTheCardHasNoneOfItsKind() {
        String original = Corpus.card("google-untyped-no-year.vcf");

        String written = contacts.write(original, with(original, "email.work", "pieter@bakker-bouw.nl", "tel.cell", "06 12121212"), "uid-1", 7);

        VCard card = VCardText.parse(written);
        assertThat(card.getEmails()).extracting(Email::getValue)
                .containsExactly("pieter.bakker@ziggo.nl", "p.bakker@hotmail.com", "pieter@bakker-bouw.nl");
        assertThat(ValueKind.types(card.getEmails().getLast())).containsExactlyInAnyOrder("internet", "work");
        assertThat(ValueKind.types(card.getTelephoneNumbers().getLast())).containsExactlyInAnyOrder("cell", "voice");
        assertThat(contacts.read(written)).containsEntry("email.work", "pieter@bakker-bouw.nl").containsEntry("tel.cell", "06 12121212");
    }

    @Test
    void anUntypedValueIsTheHomeSlotSoWritingTheHomeSlotReplacesIt() {
        String original = Corpus.card("google-untyped-no-year.vcf");

        String written = contacts.write(original, with(original, "email.home", "pieter@bakker.nl"), "uid-1", 7);

        assertThat(emails(written)).containsExactly("pieter@bakker.nl", "p.bakker@hotmail.com");
        assertThat(ValueKind.types(VCardText.parse(written).getEmails().getFirst())).containsExactly("internet");
    }

    @Test
    void aFaxIsNeverTheWorkNumber() {
        String card = """
                BEGIN:VCARD
                VERSION:3.0
                N:Smit;Eva;;;
                FN:Eva Smit
                TEL;TYPE=WORK,FAX:010 555 0000
                TEL;TYPE=WORK;TYPE=VOICE:010 555 0001
                TEL;TYPE=PAGER:010 555 0002
                END:VCARD
                """;

        assertThat(contacts.read(card)).containsEntry("tel.work", "010 555 0001").doesNotContainKey("tel.home");
    }

    @Test
    void thePreferredValueIsTheFirstOfItsKind() {
        String card = """
                BEGIN:VCARD
                VERSION:4.0
                FN:Eva Smit
                EMAIL;TYPE=work;PREF=50:eva@oud.example
                EMAIL;TYPE=work;PREF=1:eva@nieuw.example
                EMAIL;TYPE=work:eva@ander.example
                END:VCARD
                """;

        assertThat(contacts.read(card)).containsEntry("email.work", "eva@nieuw.example");
        String written = contacts.write(card, Map.of("givenName", "Eva", "familyName", "Smit", "email.work", "eva@smit.example"), "u", 1);
        assertThat(emails(written)).containsExactly("eva@oud.example", "eva@smit.example", "eva@ander.example");
    }

    @Test
    void aTelUriIn40IsReadAsItsNumberAndReplacedByText() {
        String original = Corpus.card("nextcloud-4.0.vcf");

        String written = contacts.write(original, with(original, "tel.work", "+31 20 1234567"), "uid-1", 3);

        assertThat(VCardText.parse(written).getVersion()).isEqualTo(VCardVersion.V4_0);
        Telephone work = VCardText.parse(written).getTelephoneNumbers().getFirst();
        assertThat(work.getUri()).isNull();
        assertThat(work.getText()).isEqualTo("+31 20 1234567");
        assertThat(contacts.read(written)).containsEntry("tel.work", "+31 20 1234567");
    }

    @Test
    void aNewCardIsStrictVCard30AndReadsBackAsWritten() {
        Map<String, String> slots = Map.ofEntries(
                Map.entry("givenName", "Zoë"), Map.entry("infix", "van der"), Map.entry("familyName", "Wal-Ébène"),
                Map.entry("initials", "Z.A."), Map.entry("birthday", "1980-04-15"),
                Map.entry("email.work", "zoe@wal.example"), Map.entry("email.home", "zoe@thuis.example"),
                Map.entry("tel.work", "020 555 0101"), Map.entry("tel.home", "020 555 0202"), Map.entry("tel.cell", "06 5550303"),
                Map.entry("title", "Directeur; inkoop, verkoop"), Map.entry("org", "Jörg's Bakkerij \\ Zoë & Co"));

        String written = contacts.write(null, slots, "8d1f6c3e-koppel", 12345);

        assertThat(StrictVCard30.problems(written)).isEmpty();
        // RFC 2426 lists only internet/x400/pref for EMAIL, but iCloud and Google write and expect
        // EMAIL;TYPE=WORK and HOME in 3.0; that is the one warning ez-vcard's validation may give.
        assertThat(VCardText.parse(written).validate(VCardVersion.V3_0).toString().lines())
                .allMatch(warning -> warning.startsWith("[Email] | W09: TYPE parameter value (\"home\")")
                        || warning.startsWith("[Email] | W09: TYPE parameter value (\"work\")"));
        assertThat(contacts.read(written)).isEqualTo(slots);
        assertThat(written).contains("N:van der Wal-Ébène;Zoë;;;", "FN:Zoë van der Wal-Ébène", "X-KOPPEL-INFIX:van der",
                "X-KOPPEL-INITIALS:Z.A.", "X-KOPPEL-ID:12345", "UID:8d1f6c3e-koppel", "BDAY:1980-04-15");
        assertThat(contacts.stampedCrmId(written)).isEqualTo(12345L);
        assertThat(contacts.uid(written)).isEqualTo("8d1f6c3e-koppel");
    }

    @Test
    void longNonAsciiLinesAreFoldedAt75OctetsWithoutSplittingACharacter() {
        Map<String, String> slots = Map.of("givenName", "Zoë", "familyName", "Ébène", "title", "é".repeat(120),
                "org", "Zoë 😀 Café ".repeat(20).strip());

        String written = contacts.write(null, slots, "u", 1);

        assertThat(StrictVCard30.problems(written)).isEmpty();
        assertThat(contacts.read(written)).isEqualTo(slots);
    }

    @Test
    void aNewCompanyCardIsNamedAfterItsOrganisation() {
        String written = contacts.write(null, Map.of("org", "Koffiebranderij De Ster"), "u-1", 5);

        assertThat(StrictVCard30.problems(written)).isEmpty();
        assertThat(written).contains("N:;;;;", "FN:Koffiebranderij De Ster", "ORG:Koffiebranderij De Ster");
        assertThat(contacts.read(written)).isEqualTo(Map.of("org", "Koffiebranderij De Ster"));
    }

    @Test
    void aUserChosenDisplayNameIsKeptWhileTheNameIsUnchanged() {
        String original = Corpus.card("google-contacts-export.vcf").replace("FN:Sanne de Vries", "FN:Sanne (Acme inkoop)");

        String sameName = contacts.write(original, with(original, "title", "Hoofd inkoop"), "uid-1", 1);
        String newName = contacts.write(original, with(original, "familyName", "Boer"), "uid-1", 1);

        assertThat(VCardText.parse(sameName).getFormattedName().getValue()).isEqualTo("Sanne (Acme inkoop)");
        assertThat(VCardText.parse(newName).getFormattedName().getValue()).isEqualTo("Sanne de Boer");
        assertThat(VCardText.parse(newName).getStructuredName().getFamily()).isEqualTo("de Boer");
    }

    @Test
    void aBirthdayWithoutYearIsNoSlotAndSurvivesUnlessTheCrmHasAWholeDate() {
        String original = Corpus.card("apple-no-year-birthday.vcf");

        String untouched = contacts.write(original, contacts.read(original), "uid-1", 1);
        String dated = contacts.write(original, with(original, "birthday", "1983-04-15"), "uid-1", 1);

        assertThat(untouched).contains("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15");
        assertThat(dated).contains("BDAY:1983-04-15").doesNotContain("X-APPLE-OMIT-YEAR");
        assertThat(contacts.read(dated)).containsEntry("birthday", "1983-04-15");
        assertThat(contacts.read(Corpus.card("nextcloud-4.0.vcf"))).doesNotContainKey("birthday");
    }

    @Test
    void readsBirthdaysInEveryWholeDateForm() {
        assertThat(birthday("BDAY:1980-04-15")).isEqualTo("1980-04-15");
        assertThat(birthday("BDAY:19800415")).isEqualTo("1980-04-15");
        assertThat(birthday("BDAY;VALUE=date:1980-04-15")).isEqualTo("1980-04-15");
        assertThat(birthday("BDAY:1980-04-15T00:00:00Z")).isEqualTo("1980-04-15");
        assertThat(birthday("BDAY:--0415")).isNull();
        assertThat(birthday("BDAY:--04-15")).isNull();
        assertThat(birthday("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15")).isNull();
        assertThat(birthday("BDAY;VALUE=text:circa 1800")).isNull();
    }

    @Test
    void aTextBirthdayIsKeptUntilTheCrmHasADate() {
        String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smit;Eva;;;\r\nFN:Eva Smit\r\nBDAY;VALUE=text:circa 1800\r\nUID:u\r\nEND:VCARD\r\n";

        String kept = contacts.write(card, contacts.read(card), "u", 1);
        String dated = contacts.write(card, with(card, "birthday", "1801-02-03"), "u", 1);

        assertThat(kept).contains("BDAY;VALUE=text:circa 1800");
        assertThat(dated.lines().filter(line -> line.startsWith("BDAY"))).containsExactly("BDAY:1801-02-03");
        assertThat(contacts.read(dated)).containsEntry("birthday", "1801-02-03");
        assertThat(StrictVCard30.problems(dated)).isEmpty();
    }

    @Test
    void removingTheOrganisationKeepsTheDepartments() {
        String original = Corpus.card("nextcloud-4.0.vcf");

        String removed = contacts.write(original, without(original, "org"), "uid-1", 1);
        String back = contacts.write(removed, with(removed, "org", "Gemeente Amstelveen"), "uid-1", 1);

        assertThat(VCardText.parse(removed).getOrganization().getValues()).containsExactly("", "Stadsdeel Zuid");
        assertThat(contacts.read(removed)).doesNotContainKey("org");
        assertThat(VCardText.parse(back).getOrganizations()).hasSize(1);
        assertThat(VCardText.parse(back).getOrganization().getValues()).containsExactly("Gemeente Amstelveen", "Stadsdeel Zuid");
    }

    @Test
    void aConverted21CardBecomes30WithoutItsCharsetsAndKeepsItsAccents() {
        String original = Corpus.card("outlook-2.1-windows-1252.vcf");

        String written = contacts.write(original, with(original, "title", "Geschäftsführer"), "uid-1", 8);

        assertThat(StrictVCard30.problems(written)).isEmpty();
        assertThat(written).contains("N;LANGUAGE=de:Müller;Jörg;;;", "ORG:Müller & Söhne GmbH;Einkauf", "TITLE:Geschäftsführer")
                .doesNotContainIgnoringCase("charset");
        assertThat(contacts.read(written)).containsEntry("givenName", "Jörg").containsEntry("title", "Geschäftsführer");
    }

    @Test
    void theCrmIdStampIsReplacedNotDuplicatedAndAPeerUidIsKept() {
        String original = Corpus.card("two-work-emails-three-phones.vcf");

        String written = contacts.write(original, contacts.read(original), "another-uid", 4712);

        assertThat(VCardText.parse(written).getExtendedProperties("X-KOPPEL-ID")).hasSize(1);
        assertThat(contacts.stampedCrmId(written)).isEqualTo(4712L);
        assertThat(contacts.uid(written)).isEqualTo("koppel-4711");
    }

    @Test
    void anEditedStampIsNoCrmId() {
        String card = Corpus.card("two-work-emails-three-phones.vcf").replace("X-KOPPEL-ID:4711", "X-KOPPEL-ID:vier");

        assertThat(contacts.stampedCrmId(card)).isNull();
        assertThat(contacts.stampedCrmId(Corpus.card("google-contacts-export.vcf"))).isNull();
    }

    @Test
    void categoriesAreEveryCategoryValue() {
        assertThat(contacts.categories(Corpus.card("google-contacts-export.vcf"))).containsExactly("myContacts", "CRM");
        assertThat(contacts.categories(Corpus.card("nextcloud-4.0.vcf"))).containsExactly("Klanten", "CRM");
        assertThat(contacts.categories(Corpus.card("apple-icloud-van-der-berg.vcf"))).isEmpty();
    }

    @Test
    void blankSlotsAreAbsentAndValuesAreStripped() {
        String written = contacts.write(null, Map.of("givenName", "  Eva ", "familyName", "Smit", "title", "  "), "u", 1);

        assertThat(contacts.read(written)).isEqualTo(Map.of("givenName", "Eva", "familyName", "Smit"));
    }

    @Test
    void refusesUnknownSlotsAndBirthdaysThatAreNoDate() {
        assertThatThrownBy(() -> contacts.write(null, Map.of("email.Work", "x@y.nl"), "u", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("email.Work");
        assertThatThrownBy(() -> contacts.write(null, Map.of("birthday", "15-04-1980"), "u", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO");
    }

    @Test
    void aNewCardNeedsAUid() {
        assertThatThrownBy(() -> contacts.write(null, Map.of("givenName", "Eva"), null, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String birthday(String line) {
        return contacts.read("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smit;Eva;;;\r\nFN:Eva Smit\r\n" + line + "\r\nEND:VCARD\r\n").get("birthday");
    }

    private Map<String, String> with(String card, String... slotsAndValues) {
        Map<String, String> slots = new LinkedHashMap<>(contacts.read(card));
        for (int i = 0; i < slotsAndValues.length; i += 2) slots.put(slotsAndValues[i], slotsAndValues[i + 1]);
        return slots;
    }

    private Map<String, String> without(String card, String... slotNames) {
        Map<String, String> slots = new HashMap<>(contacts.read(card));
        List.of(slotNames).forEach(slots::remove);
        return slots;
    }

    private static List<String> emails(String card) {
        return VCardText.parse(card).getEmails().stream().map(Email::getValue).toList();
    }

    private static List<String> phones(String card) {
        return VCardText.parse(card).getTelephoneNumbers().stream().map(Telephone::getText).toList();
    }

}
