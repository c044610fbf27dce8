package org.koppel.connector.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?Q?...?=}) in a header, leniently.
 *
 * <p>Written here rather than taken from {@code MimeUtility.decodeText} because real mails break the
 * rules that one relies on: a multi-byte character split over two encoded words (each alone invalid),
 * encoded words inside quoted strings or glued to other text, and misspelled charsets. Adjacent words
 * in the same charset are joined as bytes before decoding, as RFC 2047 section 6.2 allows readers to,
 * and the whitespace between encoded words is dropped (section 6.2, again).
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");

    private EncodedWords() {
    }

    static String unfold(String header) {
        return header == null ? null : FOLD.matcher(header).replaceAll("").replaceAll("[\r\n]", "");
    }

    /** The header's text, unfolded, 8-bit bytes read (see {@link MailCharsets#rawHeader}), words decoded. */
    static String decode(String header, MailNotes notes) {
        if (header == null) {
            return null;
        }
        String text = MailCharsets.rawHeader(unfold(header));
        Matcher word = WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String pendingCharset = null;
        int end = 0;
        while (word.find()) {
            String gap = text.substring(end, word.start());
            String charset = word.group(1).replaceFirst("\\*.*", "");   // RFC 2231 language: =?utf-8*en?Q?..?=
            boolean adjacent = pendingCharset != null && gap.isBlank();
            if (!adjacent || !charset.equalsIgnoreCase(pendingCharset)) {
                flush(out, pending, pendingCharset, notes);
                if (!adjacent) {
                    out.append(gap);
                }
            }
            pendingCharset = charset;
            byte[] bytes = word.group(2).toUpperCase(Locale.ROOT).equals("B") ? base64(word.group(3))
                    : quotedPrintable(word.group(3));
            pending.writeBytes(bytes);
            end = word.end();
        }
        flush(out, pending, pendingCharset, notes);
        out.append(text, end, text.length());
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset, MailNotes notes) {
        if (charset != null) {
            out.append(MailCharsets.decode(pending.toByteArray(), charset, notes));
        }
        pending.reset();
    }

    private static byte[] quotedPrintable(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Base64 that forgives what senders get wrong: stray characters, missing or extra padding. */
    private static byte[] base64(String text) {
        String letters = text.replaceAll("[^A-Za-z0-9+/]", "");
        if (letters.length() % 4 == 1) {
            letters = letters.substring(0, letters.length() - 1);
        }
        return Base64.getDecoder().decode(letters);
    }
}
