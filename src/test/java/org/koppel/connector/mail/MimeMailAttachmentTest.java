package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.connector.mail.TestMails.mail;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MimeMailAttachmentTest {

    private static final String HEAD = "From: a@example.com\nMessage-ID: <att@example.com>\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/plain\n\nSee attached.\n";
    private static final long MB = 1024 * 1024;

    @Test
    void anRfc2047FileNameIsDecoded() {
        assertThat(onlyAttachment("Content-Type: application/pdf; name=\"=?UTF-8?Q?Offerte_K=C3=B6ln_=E2=80=93_v2.pdf?=\"\n"
                + "Content-Disposition: attachment; filename=\"=?UTF-8?Q?Offerte_K=C3=B6ln_=E2=80=93_v2.pdf?=\"\n\nx\n")
                .fileName()).isEqualTo("Offerte Köln – v2.pdf");
    }

    @Test
    void anRfc2231FileNameWithContinuationsAndCharsetIsDecoded() {
        assertThat(onlyAttachment("Content-Type: application/pdf\nContent-Disposition: attachment;\n"
                + " filename*0*=UTF-8''%E6%97%A5%E6%9C%AC;\n filename*1*=%E8%AA%9E%20;\n filename*2=\"offerte.pdf\"\n\nx\n")
                .fileName()).isEqualTo("日本語 offerte.pdf");
        assertThat(onlyAttachment("Content-Type: text/plain\nContent-Disposition: attachment;"
                + " filename*=iso-8859-1'de'Gr%FC%DFe.txt\n\nx\n").fileName()).isEqualTo("Grüße.txt");
    }

    @Test
    void aMissingNameIsMadeUpFromThePositionAndTheContentType() {
        ParsedMail mail = TestMails.parse(HEAD + "--m\nContent-Type: image/png; name=\"chart.png\"\n\nx\n"
                + "--m\nContent-Type: application/pdf\nContent-Disposition: attachment\n\ny\n"
                + "--m\nContent-Type: application/x-made-up\n\nz\n--m--\n");

        assertThat(mail.attachments()).extracting(MailAttachment::fileName)
                .containsExactly("chart.png", "attachment-2.pdf", "attachment-3.bin");
    }

    @Test
    void aFileNameWithAPathKeepsOnlyItsLastStep() {
        assertThat(onlyAttachment("Content-Type: text/plain; name=\"..\\\\..\\\\Windows\\\\evil.bat\"\n\nx\n").fileName())
                .isEqualTo("evil.bat");
        assertThat(onlyAttachment("Content-Type: text/plain; name=\"../../etc/passwd\"\n\nx\n").fileName())
                .isEqualTo("passwd");
    }

    @Test
    void inlineAndAttachedPartsAreToldApartAndTheContentIdLosesItsBrackets() {
        ParsedMail mail = TestMails.parse(HEAD + "--m\nContent-Type: image/png; name=\"a.png\"\nContent-Disposition: inline\n"
                + "Content-ID: < a@x >\n\nx\n--m\nContent-Type: image/png; name=\"b.png\"\nContent-ID: <b@x>\n\ny\n"
                + "--m\nContent-Type: image/png; name=\"c.png\"\nContent-Disposition: attachment\nContent-ID: <c@x>\n\nz\n--m--\n");

        assertThat(mail.attachments()).extracting(MailAttachment::fileName, MailAttachment::inline, MailAttachment::contentId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.png", true, "a@x"),
                        org.assertj.core.groups.Tuple.tuple("b.png", true, "b@x"),
                        org.assertj.core.groups.Tuple.tuple("c.png", false, "c@x"));
    }

    @Test
    void theSizeIsTheDecodedSizeAndTheContentTheDecodedBytes() {
        byte[] bytes = new byte[1000];
        new Random(7).nextBytes(bytes);

        MailAttachment attachment = onlyAttachment("Content-Type: application/octet-stream; name=\"r.bin\"\n"
                + "Content-Transfer-Encoding: base64\n\n" + TestMails.base64Lines(bytes) + "\n");

        assertThat(attachment.size()).isEqualTo(1000);
        assertThat(attachment.content()).isEqualTo(bytes);
        assertThat(attachment.leftOut()).isNull();
    }

    @Test
    void anAttachmentAboveTheLimitIsListedWithoutContentSayingWhy() {
        byte[] mail = mailWith(new byte[2049]);

        MailAttachment over = MimeMail.parse(mail, new MailReading(2048, false)).attachments().getFirst();
        MailAttachment at = MimeMail.parse(mail, new MailReading(2049, false)).attachments().getFirst();

        assertThat(over.content()).isNull();
        assertThat(over.size()).isEqualTo(2049);
        assertThat(over.leftOut()).isEqualTo("2.0 KB is larger than the 2.0 KB limit");
        assertThat(at.content()).hasSize(2049);
        assertThat(at.leftOut()).isNull();
    }

    @Test
    void withALimitOfZeroNoAttachmentIsKept() {
        MailAttachment attachment = MimeMail.parse(mailWith(new byte[10]), new MailReading(0, false)).attachments().getFirst();

        assertThat(attachment.content()).isNull();
        assertThat(attachment.size()).isEqualTo(10);
        assertThat(attachment.leftOut()).isEqualTo("attachments are not kept");
    }

    @Test
    void a25MbAttachmentIsCountedWithoutBeingHeldAndKeptInOneCopy() {
        byte[] content = new byte[(int) (25 * MB)];
        new Random(25).nextBytes(content);
        byte[] mail = mailWith(content);
        MimeMail.parse(TestMails.mail(HEAD + "--m--\n"), TestMails.READING);   // classes loaded before measuring

        long before = allocated();
        ParsedMail leftOut = MimeMail.parse(mail, new MailReading(10 * MB, false));
        long leftOutCost = allocated() - before;
        before = allocated();
        ParsedMail kept = MimeMail.parse(mail, new MailReading(30 * MB, false));
        long keptCost = allocated() - before;

        assertThat(leftOut.attachments().getFirst().size()).isEqualTo(25 * MB);
        assertThat(leftOut.attachments().getFirst().leftOut()).isEqualTo("25.0 MB is larger than the 10.0 MB limit");
        assertThat(kept.attachments().getFirst().content()).isEqualTo(content);
        // Everything this thread allocated while parsing, freed or not: the mail's own 34 MB of base64 are
        // read in place, so leaving the content out costs next to nothing and keeping it one copy.
        assertThat(leftOutCost).isLessThan(4 * MB);
        assertThat(keptCost).isLessThan(content.length + 4 * MB);
    }

    @Test
    void winmailDatIsListedAsItCameWithANote() {
        ParsedMail mail = TestMails.parse(TestMails.resource("outlook-winmail.eml"));

        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("winmail.dat");
            assertThat(a.contentType()).isEqualTo("application/ms-tnef");
            assertThat(a.size()).isEqualTo(4 + 256 * 3);
        });
        assertThat(mail.notes()).contains("winmail.dat (Outlook's own format) is kept as it came; the files inside it are not unpacked");
    }

    @Test
    void sizesAreShownInTheUnitsMailProgramsUse() {
        assertThat(MailAttachments.megabytes(1)).isEqualTo("1 byte");
        assertThat(MailAttachments.megabytes(1023)).isEqualTo("1023 bytes");
        assertThat(MailAttachments.megabytes(1536)).isEqualTo("1.5 KB");
        assertThat(MailAttachments.megabytes(25 * MB)).isEqualTo("25.0 MB");
    }

    private static MailAttachment onlyAttachment(String part) {
        ParsedMail mail = TestMails.parse(HEAD + "--m\n" + part + "--m--\n");
        assertThat(mail.attachments()).hasSize(1);
        return mail.attachments().getFirst();
    }

    private static byte[] mailWith(byte[] content) {
        return TestMails.concat(mail(HEAD + "--m\nContent-Type: application/zip; name=\"archief.zip\"\n"
                + "Content-Disposition: attachment; filename=\"archief.zip\"\nContent-Transfer-Encoding: base64\n\n"),
                TestMails.base64Lines(content).getBytes(StandardCharsets.US_ASCII), mail("\n--m--\n"));
    }

    private static long allocated() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

}
