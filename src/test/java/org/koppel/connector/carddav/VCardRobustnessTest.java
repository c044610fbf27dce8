package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cards as they arrive: odd bytes, line endings and encodings are read; broken cards are refused with a reason. */
class VCardRobustnessTest {

    private final VCardContacts contacts = new VCardContacts();

    @ParameterizedTest
    @CsvSource({
            "empty.vcf, EMPTY",
            "html-error-page.vcf, NOT_A_VCARD",
            "truncated.vcf, TRUNCATED",
            "two-cards.vcf, MORE_THAN_ONE_CARD"})
    void aCardThatCannotBeReadIsRejectedWithItsReason(String file, VCardRejectedException.Reason reason) {
        String text = Corpus.card("rejected/" + file);

        VCardRejectedException rejected = catchThrowableOfType(VCardRejectedException.class, () -> contacts.read(text));

        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected).hasMessageContaining(reason.name());
    }

    @Test
    void writingOverAnUnreadableCardIsRejectedToo() {
        String truncated = Corpus.card("rejected/truncated.vcf");

        VCardRejectedException rejected = catchThrowableOfType(VCardRejectedException.class,
                () -> contacts.write(truncated, Map.of("givenName", "Eva"), "u", 1));

        assertThat(rejected.reason()).isEqualTo(VCardRejectedException.Reason.TRUNCATED);
    }

    @Test
    void theNotACardReasonQuotesWhatCameInstead() {
        assertThat(catchThrowableOfType(VCardRejectedException.class, () -> contacts.uid("<!DOCTYPE html><html>")))
                .hasMessageContaining("<!DOCTYPE html>");
    }

    @Test
    void lineEndingsAndAByteOrderMarkDoNotMatter() {
        String crlf = Corpus.card("google-contacts-export.vcf");
        String lf = crlf.replace("\r\n", "\n");
        String bom = "\uFEFF" + crlf;

        assertThat(contacts.read(lf)).isEqualTo(contacts.read(crlf)).isEqualTo(contacts.read(bom)).isNotEmpty();
    }

    @Test
    void textAfterTheCardIsIgnored() {
        assertThat(contacts.read(Corpus.card("messy-bom-trailing-junk.vcf"))).containsEntry("givenName", "Lotte");
    }

    @Test
    void quotedPrintableNamesAreDecodedWithTheirCharset() {
        String card = String.join("\r\n",
                "BEGIN:VCARD", "VERSION:2.1",
                "N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg",
                "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller",
                "END:VCARD", "");

        assertThat(contacts.read(card)).containsEntry("givenName", "Jörg").containsEntry("familyName", "Müller");
    }

    @Test
    void decodesFilesByTheirBomOrAsUtf8OrElseAsWindows1252() {
        String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Zoë;Jörg;;;\r\nFN:Jörg Zoë\r\nEND:VCARD\r\n";

        assertThat(VCardText.decode(card.getBytes(StandardCharsets.UTF_8))).isEqualTo(card);
        assertThat(VCardText.decode(card.getBytes(Charset.forName("windows-1252")))).isEqualTo(card);
        assertThat(VCardText.decode(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, card.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(card);
        assertThat(VCardText.decode(bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, card.getBytes(StandardCharsets.UTF_16LE))))
                .isEqualTo(card);
    }

    @Test
    void theOutlookCorpusFileReallyIsWindows1252() throws Exception {
        byte[] bytes;
        try (var in = getClass().getResourceAsStream("/vcards/outlook-2.1-windows-1252.vcf")) {
            bytes = in.readAllBytes();
        }

        assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(CharacterCodingException.class);
        assertThat(contacts.read(VCardText.decode(bytes))).containsEntry("givenName", "Jörg");
    }

    private static byte[] bytes(byte[] head, byte[] tail) {
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
