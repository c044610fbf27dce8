package org.koppel.connector.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds mails byte by byte, so a test shows exactly what a sender put on the wire. */
final class TestMails {

    static final MailReading READING = new MailReading(10 * 1024 * 1024, false);

    private TestMails() {
    }

    /** Header lines (ASCII, joined with CRLF), a blank line, then the body's bytes as they are. */
    static byte[] mail(String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(headers.strip().replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A mail whose every line is ASCII text (CRLF line ends). */
    static byte[] mail(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static ParsedMail parse(byte[] raw) {
        return MimeMail.parse(raw, READING);
    }

    static ParsedMail parse(String text) {
        return parse(mail(text));
    }

    /** An RFC 2047 word of {@code text} in {@code charset}, base64 ("B") encoded. */
    static String bWord(String text, Charset charset) {
        return bWord(text.getBytes(charset), charset.name());
    }

    static String bWord(byte[] bytes, String charset) {
        return "=?" + charset + "?B?" + Base64.getEncoder().encodeToString(bytes) + "?=";
    }

    /** Base64 in 76-character lines, as mail programs write it. */
    static String base64Lines(byte[] bytes) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
    }

    static byte[] resource(String name) {
        try (InputStream in = TestMails.class.getResourceAsStream("/mail/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
