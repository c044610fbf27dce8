package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.connector.mail.TestMails.bWord;
import static org.koppel.connector.mail.TestMails.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MimeMailHeadersTest {

    private static final String BODY = "\n\nHello.\n";

    @Test
    void theMessageIdLosesItsAngleBracketsAndTheWhitespaceAroundThem() {
        ParsedMail mail = parse("From: a@example.com\nMessage-ID:  \n <CAB+12.x_Y@mail.example.com>  \nSubject: x" + BODY);

        assertThat(mail.messageId()).isEqualTo("CAB+12.x_Y@mail.example.com");
    }

    @Test
    void aMessageIdWithoutBracketsIsTakenAsItIs() {
        assertThat(parse("From: a@example.com\nMessage-ID: 1234.5678@host.example" + BODY).messageId())
                .isEqualTo("1234.5678@host.example");
    }

    @Test
    void aMailWithoutMessageIdGetsTheSameMadeUpIdInEveryMailboxThatHoldsIt() {
        String mail = "From: Jan <jan@example.com>\nTo: b@example.com, c@example.com\nCc: d@example.com\n"
                + "Date: Thu, 3 Dec 2026 10:15:00 +0100\nSubject: Offerte";
        // Two mailboxes: the servers on the way add different Received and Delivered-To headers.
        ParsedMail inFirst = parse("Received: from a by mx1.example.com; Thu, 3 Dec 2026 10:15:02 +0100\n"
                + "Delivered-To: b@example.com\n" + mail + BODY);
        ParsedMail inSecond = parse("Received: from a by mx9.example.org; Thu, 3 Dec 2026 10:17:40 +0100\n"
                + "Received: from relay by mx9.example.org; Thu, 3 Dec 2026 10:17:39 +0100\n"
                + "Delivered-To: d@example.com\n" + mail.replace("b@example.com, c@example.com", "C@example.com, b@example.com") + BODY);

        assertThat(inFirst.messageId()).startsWith(MailHeaders.MADE_UP_ID).isEqualTo(inSecond.messageId());
        assertThat(inFirst.notes()).anyMatch(note -> note.contains("no Message-ID"));
        assertThat(parse(mail.replace("Offerte", "Factuur") + BODY).messageId()).isNotEqualTo(inFirst.messageId());
        assertThat(parse(mail.replace("10:15:00", "10:16:00") + BODY).messageId()).isNotEqualTo(inFirst.messageId());
        assertThat(parse(mail.replace("jan@", "piet@") + BODY).messageId()).isNotEqualTo(inFirst.messageId());
    }

    @Test
    void twoMailsWithoutMessageIdOrDateAreKeptApartByTheirText() {
        String headers = "From: a@example.com\nSubject: Same";

        assertThat(parse(headers + "\n\nFirst text\n").messageId()).isNotEqualTo(parse(headers + "\n\nSecond text\n").messageId());
        assertThat(parse(headers + "\n\nFirst text\n").messageId()).isEqualTo(parse(headers + "\n\nFirst text\n").messageId());
    }

    @Test
    void anAddressIsLowerCasedAndItsNameDecoded() {
        ParsedMail mail = parse("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <Juergen.Mueller@Example.COM>\n"
                + "To: " + bWord("Łukasz Żółw", StandardCharsets.UTF_8) + " <LZ@Example.pl>" + BODY);

        assertThat(mail.from()).isEqualTo(new MailAddress("juergen.mueller@example.com", "Jürgen Müller"));
        assertThat(mail.to()).containsExactly(new MailAddress("lz@example.pl", "Łukasz Żółw"));
    }

    @Test
    void anUnquotedCommaInANameDoesNotSplitTheAddress() {
        ParsedMail mail = parse("From: a@example.com\nTo: Doe, John <John@example.com>, \"Smith, Ann\" <ann@example.com>,"
                + " 'Jan de Boer' <jan@example.nl>" + BODY);

        assertThat(mail.to()).containsExactly(new MailAddress("john@example.com", "Doe, John"),
                new MailAddress("ann@example.com", "Smith, Ann"), new MailAddress("jan@example.nl", "Jan de Boer"));
    }

    @Test
    void addressesWithoutBracketsOrWithTheNameInACommentAreRead() {
        ParsedMail mail = parse("From: a@example.com\nCc: Bob Jansen bob@example.org, carol@example.org (Carol de Vries),"
                + " <dave@example.org, eve@example.org" + BODY);

        assertThat(mail.cc()).containsExactly(new MailAddress("bob@example.org", "Bob Jansen"),
                new MailAddress("carol@example.org", "Carol de Vries"), new MailAddress("dave@example.org", null),
                new MailAddress("eve@example.org", null));
    }

    @Test
    void groupSyntaxGivesItsMembersAndAnEmptyGroupNone() {
        ParsedMail mail = parse("From: a@example.com\nTo: undisclosed-recipients:;\n"
                + "Cc: Team Sales: a.b@example.com, c.d@example.com;, e.f@example.com" + BODY);

        assertThat(mail.to()).isEmpty();
        assertThat(mail.cc()).extracting(MailAddress::address)
                .containsExactly("a.b@example.com", "c.d@example.com", "e.f@example.com");
        assertThat(mail.notes()).noneMatch(note -> note.contains("address"));
    }

    @Test
    void aBrokenAddressIsLeftOutWithANoteAndTheOthersStay() {
        ParsedMail mail = parse("From: a@example.com\nTo: not an address, good@example.com, @@@, x@, \"only a name\"" + BODY);

        assertThat(mail.to()).containsExactly(new MailAddress("good@example.com", null));
        assertThat(mail.notes()).contains("To address \"not an address\" could not be read; it was left out",
                "To address \"@@@\" could not be read; it was left out");
    }

    @Test
    void fiveHundredRecipientsOnFoldedLinesAreAllReadInOrderEachOnce() {
        List<String> to = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            to.add("\"Relatie " + i + "\" <relatie" + i + "@example.com>");
        }
        List<String> cc = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cc.add("collega" + i + "@example.org");
        }
        List<String> toWithDuplicates = new ArrayList<>(to);
        toWithDuplicates.add("RELATIE7@example.com");
        toWithDuplicates.add(5, "\"Relatie 3 again\" <relatie3@example.com>");

        ParsedMail mail = parse("From: a@example.com\nTo: " + String.join(",\n\t", toWithDuplicates)
                + "\nCc: " + String.join(",\n ", cc) + BODY);

        assertThat(mail.to()).hasSize(300);
        assertThat(mail.cc()).hasSize(200);
        assertThat(mail.to()).extracting(MailAddress::address)
                .containsExactlyElementsOf(to.stream().map(a -> a.replaceAll(".*<(.*)>", "$1")).toList());
        assertThat(mail.to().get(3).name()).isEqualTo("Relatie 3");
        assertThat(mail.cc().getLast().address()).isEqualTo("collega199@example.org");
    }

    @Test
    @Timeout(60)   // a hang guard, not a speed check: a regular-expression search here once took quadratic time
    void aHugeHeaderWithoutAddressesIsReadInLinearTime() {
        String junk = "x".repeat(200_000);

        ParsedMail mail = parse("From: a@example.com\nTo: " + junk + " @" + junk + ", ok@example.com" + BODY);

        assertThat(mail.to()).containsExactly(new MailAddress("ok@example.com", null));
    }

    @Test
    void aSendersCopyNamesItsBccRecipients() {
        ParsedMail mail = parse("From: a@example.com\nTo: b@example.com\nBcc: Geheim <secret@example.com>" + BODY);

        assertThat(mail.bcc()).containsExactly(new MailAddress("secret@example.com", "Geheim"));
    }

    @Test
    void withoutFromTheSenderHeaderNamesTheSenderAndWithoutEitherNobodyDoes() {
        assertThat(parse("Sender: list@example.com\nSubject: x" + BODY).from())
                .isEqualTo(new MailAddress("list@example.com", null));
        assertThat(parse("To: b@example.com\nSubject: x" + BODY).from()).isNull();
    }

    @Test
    void theDateIsReadInItsCurrentAndObsoleteForms() {
        assertThat(sentAt("Thu, 3 Dec 2026 10:15:00 +0100")).isEqualTo(Instant.parse("2026-12-03T09:15:00Z"));
        assertThat(sentAt("3 Dec 26 10:15 EST")).isEqualTo(Instant.parse("2026-12-03T15:15:00Z"));
        assertThat(sentAt("Thu, 03 Dec 2026 10:15:00 GMT")).isEqualTo(Instant.parse("2026-12-03T10:15:00Z"));
        assertThat(sentAt("Thu,  3 Dec 2026 10:15:00 +0100 (CET)")).isEqualTo(Instant.parse("2026-12-03T09:15:00Z"));
        assertThat(sentAt("Thu, 3 Dec 2026\n 10:15:00 -0800")).isEqualTo(Instant.parse("2026-12-03T18:15:00Z"));
        assertThat(sentAt("2026-12-03T10:15:00+01:00")).isEqualTo(Instant.parse("2026-12-03T09:15:00Z"));
    }

    @Test
    void anUnreadableDateIsNullWithANote() {
        ParsedMail mail = parse("From: a@example.com\nDate: next Tuesday, after lunch" + BODY);

        assertThat(mail.sentAt()).isNull();
        assertThat(mail.notes()).contains("the Date \"next Tuesday, after lunch\" could not be read");
        assertThat(parse("From: a@example.com" + BODY).sentAt()).isNull();
    }

    @Test
    void aSubjectInSeveralCharsetsIsDecoded() {
        String subject = "=?ISO-8859-1?Q?Caf=E9?= " + bWord("и чай", Charset.forName("KOI8-R")) + " "
                + bWord("と日本茶", Charset.forName("ISO-2022-JP")) + " plain";

        assertThat(parse("From: a@example.com\nSubject: " + subject + BODY).subject()).isEqualTo("Caféи чайと日本茶 plain");
    }

    @Test
    void aCharacterSplitOverTwoEncodedWordsOnTwoLinesIsReadWhole() {
        byte[] utf8 = "Offerte für Müller – 東京".getBytes(StandardCharsets.UTF_8);
        int middleOfATokyoCharacter = utf8.length - 2;
        String subject = bWord(Arrays.copyOfRange(utf8, 0, middleOfATokyoCharacter), "UTF-8") + "\n\t"
                + bWord(Arrays.copyOfRange(utf8, middleOfATokyoCharacter, utf8.length), "utf-8");

        assertThat(parse("From: a@example.com\nSubject: Re: " + subject + BODY).subject())
                .isEqualTo("Re: Offerte für Müller – 東京");
    }

    @Test
    void aQEncodedSubjectWithUnderscoresAndAnEightBitSubjectAreRead() {
        assertThat(parse("From: a@example.com\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=" + BODY).subject())
                .isEqualTo("Grüße aus Köln");
        // No RFC 2047 at all: UTF-8 bytes right in the header, as some clients send.
        String utf8AsBytes = new String("Grüße, 東京".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        byte[] eightBit = TestMails.mail("From: a@example.com\nSubject: " + utf8AsBytes, "Hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(TestMails.parse(eightBit).subject()).isEqualTo("Grüße, 東京");
    }

    private static Instant sentAt(String date) {
        return parse("From: a@example.com\nDate: " + date + BODY).sentAt();
    }
}
