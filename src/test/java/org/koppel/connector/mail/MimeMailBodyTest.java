package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.connector.mail.TestMails.parse;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MimeMailBodyTest {

    private static final String HEAD = "From: a@example.com\nTo: b@example.com\nSubject: Test\n"
            + "Message-ID: <body-1@example.com>\nMIME-Version: 1.0\n";

    @Test
    void aSinglePlainPartIsTheTextAndThereIsNoHtml() {
        ParsedMail mail = parse(HEAD + "Content-Type: text/plain; charset=us-ascii\n\nLine one\nLine two\n");

        assertThat(mail.text()).isEqualTo("Line one\nLine two\n");
        assertThat(mail.html()).isNull();
        assertThat(mail.attachments()).isEmpty();
    }

    @Test
    void aMailWithOnlyHtmlGetsTextMadeFromItWithBlocksOnTheirOwnLines() {
        ParsedMail mail = parse(HEAD + "Content-Type: text/html; charset=utf-8\n\n"
                + "<html><head><title>Not text</title><style>p{color:red}</style></head><body>"
                + "<h1>Offerte</h1><p>Beste Jan,<br>hierbij   de\n offerte.</p><ul><li>Sloopwerk</li><li>Stucwerk</li></ul>"
                + "<table><tr><td>Totaal</td><td>100</td></tr></table><div>Groet</div><script>alert(1)</script></body></html>");

        assertThat(mail.text()).isEqualTo("Offerte\n\nBeste Jan,\nhierbij de offerte.\n\n- Sloopwerk\n- Stucwerk\n\n"
                + "Totaal\t100\n\nGroet");
        assertThat(mail.html()).doesNotContain("script", "Not text", "color:red").contains("<h1>Offerte</h1>");
    }

    @Test
    void multipartAlternativeGivesTheTextFromThePlainPartAndTheHtmlFromTheHtmlPart() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
                + "--b1\nContent-Type: text/plain; charset=utf-8\n\nPlain version\n"
                + "--b1\nContent-Type: text/html; charset=utf-8\n\n<p>HTML <b>version</b></p>\n--b1--\n");

        assertThat(mail.text()).isEqualTo("Plain version");
        assertThat(mail.html()).isEqualTo("<p>HTML <b>version</b></p>");
        assertThat(mail.attachments()).isEmpty();
    }

    @Test
    void anEmptyPlainPartBesideHtmlGivesWayToTextMadeFromTheHtml() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
                + "--b1\nContent-Type: text/plain\n\n \n--b1\nContent-Type: text/html\n\n<p>Only here</p>\n--b1--\n");

        assertThat(mail.text()).isEqualTo("Only here");
    }

    @Test
    void multipartMixedListsItsAttachmentAfterTheText() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
                + "preamble, not text\n--outer\nContent-Type: text/plain\n\nSee attached.\n"
                + "--outer\nContent-Type: application/pdf; name=\"offerte.pdf\"\nContent-Disposition: attachment; filename=\"offerte.pdf\"\n"
                + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--outer--\nepilogue, not text\n");

        assertThat(mail.text()).isEqualTo("See attached.");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("offerte.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.content()).isEqualTo("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(a.inline()).isFalse();
        });
    }

    @Test
    void multipartRelatedKeepsTheCidImageInTheHtmlAndListsItInline() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/related; boundary=\"rel\"; type=\"text/html\"\n\n"
                + "--rel\nContent-Type: text/html; charset=utf-8\n\n<p>Logo: <img src=\"cid:logo.png@01D9\" alt=\"Logo\"></p>\n"
                + "--rel\nContent-Type: image/png\nContent-ID: <logo.png@01D9>\nContent-Transfer-Encoding: base64\n\n"
                + "iVBORw0KGgo=\n--rel--\n");

        assertThat(mail.html()).isEqualTo("<p>Logo: <img src=\"cid:logo.png@01D9\" alt=\"Logo\"></p>");
        assertThat(mail.text()).isEqualTo("Logo:");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentId()).isEqualTo("logo.png@01D9");
            assertThat(a.inline()).isTrue();
            assertThat(a.fileName()).isEqualTo("attachment-1.png");
            assertThat(a.size()).isEqualTo(8);
        });
    }

    @Test
    void aForwardedMailIsAnAttachmentOfItsOwnNotMergedIntoTheBody() {
        String forwarded = "From: c@example.com\nTo: a@example.com\nSubject: =?utf-8?Q?Prijsafspraak_Q4?=\n"
                + "Message-ID: <inner@example.com>\nContent-Type: multipart/mixed; boundary=\"inner\"\n\n"
                + "--inner\nContent-Type: text/plain\n\nThe forwarded text.\n"
                + "--inner\nContent-Type: application/pdf; name=\"inner.pdf\"\n\nPDF\n--inner--\n";
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
                + "--outer\nContent-Type: text/plain\n\nFYI, see below.\n"
                + "--outer\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n" + forwarded + "\n--outer--\n");

        assertThat(mail.messageId()).isEqualTo("body-1@example.com");
        assertThat(mail.text()).isEqualTo("FYI, see below.");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("Prijsafspraak Q4.eml");
            assertThat(a.contentType()).isEqualTo("message/rfc822");
            assertThat(new String(a.content(), StandardCharsets.US_ASCII)).startsWith("From: c@example.com")
                    .contains("The forwarded text.", "inner.pdf");
        });
    }

    @Test
    void formatFlowedLinesAreJoinedBackIntoParagraphs() {
        ParsedMail mail = parse(HEAD + "Content-Type: text/plain; charset=utf-8; format=flowed\n\n"
                + "This is a long paragraph that the sender's \nmail program wrapped at \nseventy-eight columns.\n"
                + "\n>> Quoted text that \n>> flows on.\n>Less deep.\n From the start, space-stuffed.\n-- \nSignature\n");

        assertThat(mail.text()).isEqualTo("This is a long paragraph that the sender's mail program wrapped at seventy-eight columns.\n"
                + "\n>> Quoted text that flows on.\n> Less deep.\nFrom the start, space-stuffed.\n-- \nSignature\n");
    }

    @Test
    void formatFlowedWithDelSpDropsTheSpaceTheSenderAdded() {
        ParsedMail mail = parse(HEAD + "Content-Type: text/plain; format=flowed; delsp=yes\n\n"
                + "Donau\ndampf \nschiff \nfahrt\n");

        assertThat(mail.text()).isEqualTo("Donau\ndampfschifffahrt\n");
    }

    @Test
    void htmlSplitAroundAnInlineImageIsJoinedAndTheImageListed() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                + "--m\nContent-Type: text/html\n\n<div>Before</div>\n"
                + "--m\nContent-Type: image/jpeg; name=\"foto.jpg\"\nContent-Disposition: inline; filename=\"foto.jpg\"\n\nJPEG\n"
                + "--m\nContent-Type: text/html\n\n<div>After</div>\n--m--\n");

        assertThat(mail.html()).isEqualTo("<div>Before</div>\n<div>After</div>");
        assertThat(mail.text()).isEqualTo("Before\nAfter");
        assertThat(mail.attachments()).extracting(MailAttachment::fileName).containsExactly("foto.jpg");
    }

    @Test
    void aCalendarInviteBesideTheTextIsListedAsAnAttachment() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
                + "--alt\nContent-Type: text/plain\n\nMeeting\n"
                + "--alt\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n--alt--\n");

        assertThat(mail.text()).isEqualTo("Meeting");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("attachment-1.ics");
            assertThat(a.contentType()).isEqualTo("text/calendar");
        });
    }

    @Test
    void aTextFileAttachedIsAnAttachmentNotText() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                + "--m\nContent-Type: text/plain\n\nBody\n"
                + "--m\nContent-Type: text/plain; name=\"log.txt\"\n\nlog line\n--m--\n");

        assertThat(mail.text()).isEqualTo("Body");
        assertThat(mail.attachments()).extracting(MailAttachment::fileName).containsExactly("log.txt");
    }

    @Test
    void aTextPartTooLongToShowIsListedAsAnAttachment() {
        String longText = "0123456789abcde\n".repeat(MailBody.LONGEST_BODY / 16 + 1);

        ParsedMail mail = parse(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                + "--m\nContent-Type: text/plain\n\nShort intro\n--m\nContent-Type: text/plain\n\n" + longText + "--m--\n");

        assertThat(mail.text()).isEqualTo("Short intro");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("attachment-1.txt");
            // Sent with CRLF line ends; the last one belongs to the boundary.
            assertThat(a.size()).isEqualTo(longText.replace("\n", "\r\n").length() - 2);
        });
        assertThat(mail.notes()).contains("a text part is longer than 4.0 MB and is listed as an attachment instead");
    }

    @Test
    void anEncryptedMailIsListedWithANoteThatItsContentCannotBeRead() {
        ParsedMail mail = parse(HEAD + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
                + "Content-Disposition: attachment; filename=smime.p7m\nContent-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\n");

        assertThat(mail.text()).isEmpty();
        assertThat(mail.attachments()).extracting(MailAttachment::fileName).containsExactly("smime.p7m");
        assertThat(mail.notes()).containsExactly(
                "the mail is encrypted; Koppel cannot read its content, only who sent it to whom and when");
    }

    @Test
    void crlfLineEndsBecomeNewlines() {
        ParsedMail mail = parse(TestMails.mail(HEAD.replace("\n", "\r\n") + "\r\nOne\r\nTwo\r\n"));

        assertThat(mail.text()).isEqualTo("One\nTwo\n");
    }
}
