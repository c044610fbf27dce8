package org.koppel.connector.carddav;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardReader;
import ezvcard.io.text.VCardWriter;
import ezvcard.parameter.VCardParameters;
import ezvcard.property.RawProperty;
import ezvcard.property.VCardProperty;

/**
 * Text ↔ ez-vcard model, with the leniency real exports need on the way in and the strictness
 * CardDAV servers want on the way out.
 */
public final class VCardText {

    private static final Pattern END_LINE = Pattern.compile("(?im)^[ \\t]*END[ \\t]*:[ \\t]*VCARD[ \\t]*$");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int MAX_LINE_OCTETS = 75;

    private VCardText() {
    }

    /**
     * Bytes of a .vcf file or CardDAV response to text. A BOM decides; else UTF-8 when the bytes are
     * valid UTF-8, else Windows-1252, which is what old Outlook versions save vCard 2.1 files in.
     */
    public static String decode(byte[] bytes) {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        if (startsWith(bytes, 0xFE, 0xFF)) return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        if (startsWith(bytes, 0xFF, 0xFE)) return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    /** Exactly one card, or a {@link VCardRejectedException} saying why not. */
    static VCard parse(String text) {
        if (text == null || text.isBlank()) {
            throw new VCardRejectedException(VCardRejectedException.Reason.EMPTY, "the card text is empty");
        }
        // ez-vcard does not skip a byte-order mark and then finds no BEGIN line at all.
        String body = text.replace("\uFEFF", "");
        List<VCard> cards = readAll(body);
        if (cards.isEmpty()) {
            throw new VCardRejectedException(VCardRejectedException.Reason.NOT_A_VCARD,
                    "no BEGIN:VCARD found; the text starts with \"" + firstLine(body) + "\"");
        }
        if (cards.size() > 1) {
            throw new VCardRejectedException(VCardRejectedException.Reason.MORE_THAN_ONE_CARD,
                    cards.size() + " cards in one resource");
        }
        // ez-vcard silently closes a card at the end of the input; a missing END line means the
        // text was cut off, possibly mid-photo, and the rest of the card is unknown.
        if (!END_LINE.matcher(body).find()) {
            throw new VCardRejectedException(VCardRejectedException.Reason.TRUNCATED, "no END:VCARD line");
        }
        return cards.getFirst();
    }

    private static List<VCard> readAll(String body) {
        try (VCardReader reader = new VCardReader(body)) {
            return reader.readAll();
        } catch (IOException | RuntimeException e) {
            throw new VCardRejectedException(VCardRejectedException.Reason.UNREADABLE, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * vCard 4.0 stays 4.0; everything else is written as 3.0, the version iCloud and Google's
     * CardDAV accept and every CardDAV server must (RFC 6352). A 2.1 card is converted on its
     * first write: its quoted-printable and charset markers described the old file's bytes.
     */
    static VCardVersion targetVersion(VCard card) {
        return card.getVersion() == VCardVersion.V4_0 ? VCardVersion.V4_0 : VCardVersion.V3_0;
    }

    static String write(VCard card) {
        VCardVersion version = targetVersion(card);
        card.setVersion(version);
        card.forEach(property -> dropTransferEncodings(property, version));
        StringWriter out = new StringWriter();
        try (VCardWriter writer = new VCardWriter(out, version)) {
            // Keep the peer's PRODID and every property ez-vcard thinks belongs to another version:
            // unknown or misplaced properties must survive a round trip untouched.
            writer.setAddProdId(false);
            writer.setVersionStrict(false);
            // "N:Berg;Jan;;;" rather than "N:Berg;Jan": some servers and phones count components.
            writer.setIncludeTrailingSemicolons(true);
            writer.getVObjectWriter().getFoldedLineWriter().setLineLength(null);
            writer.write(card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fold(out.toString());
    }

    /**
     * Folds at 75 octets of UTF-8, as RFC 2425/6350 ask, never inside a character. ez-vcard folds
     * at 75 characters, which for "Zoë" or an emoji can make lines a strict server refuses.
     */
    static String fold(String unfolded) {
        StringBuilder folded = new StringBuilder(unfolded.length() + unfolded.length() / 40);
        for (String line : unfolded.split("\r\n")) {
            int octets = 0;
            for (int i = 0; i < line.length(); ) {
                int codePoint = line.codePointAt(i);
                int size = utf8Length(codePoint);
                if (octets + size > MAX_LINE_OCTETS) {
                    folded.append("\r\n ");
                    octets = 1;
                }
                folded.appendCodePoint(codePoint);
                octets += size;
                i += Character.charCount(codePoint);
            }
            folded.append("\r\n");
        }
        return folded.toString();
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) return 1;
        if (codePoint < 0x800) return 2;
        return codePoint < 0x10000 ? 3 : 4;
    }

    /**
     * The text Koppel writes is Unicode, sent as UTF-8; a CHARSET parameter can then only be wrong
     * (an Outlook card says Windows-1252), and quoted-printable exists only in 2.1.
     */
    private static void dropTransferEncodings(VCardProperty property, VCardVersion version) {
        VCardParameters parameters = property.getParameters();
        parameters.removeAll(VCardParameters.CHARSET);
        List<String> encodings = List.copyOf(parameters.get(VCardParameters.ENCODING));
        if (encodings.stream().anyMatch("QUOTED-PRINTABLE"::equalsIgnoreCase)) {
            parameters.removeAll(VCardParameters.ENCODING);
        }
        // 2.1 says ENCODING=BASE64 where 3.0 says ENCODING=b; ez-vcard converts the properties it
        // knows (PHOTO), not unknown ones such as Outlook's X-MS-CARDPICTURE.
        if (property instanceof RawProperty && version == VCardVersion.V3_0
                && encodings.stream().anyMatch("BASE64"::equalsIgnoreCase)) {
            parameters.replace(VCardParameters.ENCODING, "b");
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }
}
