package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.koppel.connector.mail.TestMails.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;

class MimeMailRobustnessTest {

    private static final String HEAD = "From: a@example.com\nTo: b@example.com\nSubject: Test\n"
            + "Message-ID: <robust@example.com>\nMIME-Version: 1.0\n";

    @Test
    void emptyBytesAreRefusedAsAnEmptyMail() {
        assertThatThrownBy(() -> parse(new byte[0])).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessage("the mail is empty (0 bytes)");
        assertThatThrownBy(() -> parse("\r\n\r\n")).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessage("the mail has no content");
    }

    @Test
    void anImageIsRefusedSayingWhatItIs() {
        byte[] png = Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

        assertThatThrownBy(() -> parse(png)).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessage("the content is a PNG image, not a mail");
        assertThatThrownBy(() -> parse("%PDF-1.7\n%...")).hasMessage("the content is a PDF document, not a mail");
    }

    @Test
    void textThatIsNoMailIsRefusedShowingHowItStarts() {
        assertThatThrownBy(() -> parse("Dear John,\nthis is a letter, not a mail.\n"))
                .isInstanceOf(PeerException.ItemRejected.class)
                .hasMessage("the content is not a mail: a mail starts with header lines such as \"From: ...\", "
                        + "this starts with \"Dear John,\"");
        assertThatThrownBy(() -> parse("X-Only: a header no mail is made of\n\nbody"))
                .isInstanceOf(PeerException.ItemRejected.class).hasMessageContaining("none of the headers a mail has");
        assertThatThrownBy(() -> parse(new byte[] {'A', ':', 0, 0, 1, 2}))
                .isInstanceOf(PeerException.ItemRejected.class).hasMessageContaining("not a mail");
    }

    @Test
    void aMailThatIsNotMimeIsReadAsPlainText() {
        ParsedMail mail = parse("From: a@example.com\nTo: b@example.com\nSubject: Old school\n"
                + "Date: Mon, 5 Jan 1998 09:00:00 -0500\n\nNo MIME-Version, no Content-Type.\n");

        assertThat(mail.text()).isEqualTo("No MIME-Version, no Content-Type.\n");
        assertThat(mail.subject()).isEqualTo("Old school");
        assertThat(mail.html()).isNull();
    }

    @Test
    void anMboxFromLineAndLeadingBlankLinesAreSkipped() {
        ParsedMail mail = parse("\nFrom a@example.com Thu Dec  3 10:00:00 2026\n" + HEAD + "\nBody\n");

        assertThat(mail.from().address()).isEqualTo("a@example.com");
        assertThat(mail.text()).isEqualTo("Body\n");
    }

    @Test
    void aMailWithoutBodyHasEmptyText() {
        ParsedMail mail = parse(HEAD.strip());

        assertThat(mail.text()).isEmpty();
        assertThat(mail.html()).isNull();
        assertThat(mail.attachments()).isEmpty();
    }

    @Test
    void aMissingEndBoundaryKeepsEveryPartWithANote() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                + "--m\nContent-Type: text/plain\n\nText\n--m\nContent-Type: application/pdf; name=\"a.pdf\"\n\nPDF bytes\n");

        assertThat(mail.text()).isEqualTo("Text");
        assertThat(mail.attachments()).extracting(MailAttachment::fileName).containsExactly("a.pdf");
        assertThat(mail.notes()).contains("the mail seems cut off: a multipart/mixed part has no end boundary");
    }

    @Test
    void aMailCutOffInsideAnAttachmentKeepsWhatCameAndSaysSo() {
        byte[] whole = TestMails.mail(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                + "--m\nContent-Type: text/plain\n\nText\n--m\nContent-Type: application/pdf; name=\"a.pdf\"\n"
                + "Content-Transfer-Encoding: base64\n\n" + TestMails.base64Lines(new byte[3000]) + "\n--m--\n");
        byte[] truncated = Arrays.copyOf(whole, whole.length - 2000);

        ParsedMail mail = parse(truncated);

        assertThat(mail.text()).isEqualTo("Text");
        assertThat(mail.attachments()).singleElement().satisfies(a -> assertThat(a.size()).isBetween(1L, 2999L));
        assertThat(mail.notes()).anyMatch(note -> note.contains("cut off"));
    }

    @Test
    void aMultipartWhoseBoundaryNeverComesIsReadAsText() {
        ParsedMail mail = parse(HEAD + "Content-Type: multipart/mixed; boundary=\"never\"\n\nJust text after all.\n");

        assertThat(mail.text()).contains("Just text after all.");
        assertThat(mail.notes()).anyMatch(note -> note.contains("it was read as text"));
    }

    @Test
    void anUnknownTransferEncodingIsReadAsIs() {
        ParsedMail mail = parse(HEAD + "Content-Type: text/plain\nContent-Transfer-Encoding: x-made-up\n\nPlain words\n");

        assertThat(mail.text()).isEqualTo("Plain words\n");
    }

    @Test
    void anUnreadableContentTypeIsReadAsText() {
        ParsedMail mail = parse(HEAD + "Content-Type: ;;;===\n\nWords\n");

        assertThat(mail.text()).isEqualTo("Words\n");
        assertThat(mail.notes()).anyMatch(note -> note.contains("could not be read; the part was read as text"));
    }

    @Test
    void brokenBase64IsReadAsFarAsItGoes() {
        ParsedMail mail = parse(HEAD + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getEncoder().encodeToString("Hallo wereld".getBytes(StandardCharsets.UTF_8)) + "!!*\n");

        assertThat(mail.text()).startsWith("Hallo wereld");
    }

    @Test
    void multipartsNestedBeyondAnyMailProgramAreCutWithANote() {
        StringBuilder mail = new StringBuilder(HEAD);
        for (int i = 0; i < 40; i++) {
            mail.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\n\n--b").append(i).append('\n');
        }
        mail.append("Content-Type: text/plain\n\nDeep\n");

        assertThat(parse(mail.toString()).notes()).anyMatch(note -> note.contains("nested deeper than"));
    }
}
