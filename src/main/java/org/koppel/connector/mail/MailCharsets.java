package org.koppel.connector.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the charset to read a mail's text in, as a browser would, and decodes with it.
 *
 * <p>Declared labels are read as the WHATWG Encoding Standard reads them
 * (https://encoding.spec.whatwg.org/#names-and-labels): "iso-8859-1" and "us-ascii" as windows-1252,
 * "gb2312" as GBK, "shift_jis" as windows-31j, "euc-kr" as windows-949. Each is a superset that
 * differs only where the declared charset has control codes no sender means (0x80-0x9F) or lacks
 * characters senders use anyway, so a mail Outlook wrote in windows-1252 but declared as iso-8859-1
 * shows its curly quotes and euro signs as the sender saw them.
 */
final class MailCharsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static final Map<String, String> SUPERSETS = Map.ofEntries(
            Map.entry("iso-8859-1", "windows-1252"), Map.entry("iso8859-1", "windows-1252"),
            Map.entry("latin1", "windows-1252"), Map.entry("l1", "windows-1252"),
            Map.entry("cp819", "windows-1252"), Map.entry("ibm819", "windows-1252"),
            Map.entry("iso-8859-9", "windows-1254"), Map.entry("latin5", "windows-1254"),
            Map.entry("iso-8859-11", "x-windows-874"), Map.entry("tis-620", "x-windows-874"),
            Map.entry("gb2312", "GBK"), Map.entry("x-gbk", "GBK"), Map.entry("gbk", "GB18030"),
            Map.entry("shift_jis", "windows-31j"), Map.entry("sjis", "windows-31j"),
            Map.entry("euc-kr", "x-windows-949"), Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("iso-8859-8-i", "ISO-8859-8"), Map.entry("iso-8859-6-i", "ISO-8859-6"));

    /** Labels Java happens to accept that are no charset name; read right, but worth a note. */
    private static final Map<String, String> MISSPELLED = Map.of("utf8", "UTF-8", "latin-1", "windows-1252",
            "iso-latin-1", "windows-1252", "utf-8bit", "UTF-8");

    /** Every name and alias Java knows, with only letters and digits, to read "cp-850" as IBM850. */
    private static final Map<String, Charset> BY_LETTERS = lettersIndex();

    private MailCharsets() {
    }

    /**
     * Decodes {@code bytes} declared as {@code label} (null or blank when the mail declares none),
     * leaving a note when the charset had to be guessed or some bytes could not be read.
     */
    static String decode(byte[] bytes, String label, MailNotes notes) {
        Charset charset = choose(label, bytes, notes);
        String text = new String(bytes, charset);
        if (charset.equals(StandardCharsets.UTF_8) && !isUtf8(bytes)) {
            notes.add("some of the text was not valid UTF-8 and shows as \uFFFD");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static Charset choose(String label, byte[] bytes, MailNotes notes) {
        String name = label == null ? "" : label.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.equals("us-ascii") || name.equals("ascii")) {
            // Declared ASCII (or nothing) yet 8-bit: most often UTF-8 from a client that forgot to say so.
            if (isAscii(bytes)) {
                return StandardCharsets.US_ASCII;
            }
            Charset guess = guess(bytes);
            notes.add((name.isEmpty() ? "no charset was declared" : "the text was declared " + MailNotes.quote(label).replace("\"", "") + " but is not")
                    + "; it was read as " + guess.name());
            return guess;
        }
        if (SUPERSETS.containsKey(name)) {
            return Charset.forName(SUPERSETS.get(name));
        }
        if (MISSPELLED.containsKey(name)) {
            Charset charset = Charset.forName(MISSPELLED.get(name));
            notes.add("charset " + MailNotes.quote(label) + " is misspelled; it was read as " + charset.name());
            return charset;
        }
        Charset known = lookup(name);
        if (known != null) {
            return known;
        }
        Charset alike = BY_LETTERS.get(letters(name));
        if (alike != null) {
            Charset charset = Charset.forName(SUPERSETS.getOrDefault(alike.name().toLowerCase(Locale.ROOT),
                    alike.name()));
            notes.add("charset " + MailNotes.quote(label) + " is misspelled; it was read as " + charset.name());
            return charset;
        }
        Charset guess = guess(bytes);
        notes.add("charset " + MailNotes.quote(label) + " is unknown; the text was read as " + guess.name());
        return guess;
    }

    /**
     * A header as the parser hands it over: each byte one char (ISO-8859-1). Mails that put 8-bit text
     * in headers without RFC 2047 nearly always mean UTF-8; what is not valid UTF-8 is read as
     * windows-1252, as a browser reads an undeclared page.
     */
    static String rawHeader(String value) {
        if (value == null || value.chars().allMatch(c -> c < 0x80) || value.chars().anyMatch(c -> c > 0xFF)) {
            return value;
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, isUtf8(bytes) ? StandardCharsets.UTF_8 : WINDOWS_1252);
    }

    private static Charset guess(byte[] bytes) {
        return isUtf8(bytes) ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Charset lookup(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String letters(String name) {
        return name.replaceAll("[^a-z0-9]", "");
    }

    private static Map<String, Charset> lettersIndex() {
        Map<String, Charset> index = new HashMap<>();
        for (Charset charset : Charset.availableCharsets().values()) {
            index.putIfAbsent(letters(charset.name().toLowerCase(Locale.ROOT)), charset);
            for (String alias : charset.aliases()) {
                index.putIfAbsent(letters(alias.toLowerCase(Locale.ROOT)), charset);
            }
        }
        return Map.copyOf(index);
    }
}
