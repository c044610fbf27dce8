package org.koppel.connector.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A part's content with its transfer encoding undone, leniently. The parser's own leniency switches
 * for this ({@code mail.mime.base64.ignoreerrors}, {@code mail.mime.ignoreunknownencoding}) are JVM-wide
 * System properties (the package summary says which are Session and which System properties:
 * https://eclipse-ee4j.github.io/angus-mail/docs/api/jakarta.mail/jakarta/mail/internet/package-summary.html);
 * setting them here would change every other mail reader in the JVM, so the
 * decoding is chosen here instead: an unknown encoding is read as it is, base64 by {@link Base64Stream}.
 */
final class PartStreams {

    private PartStreams() {
    }

    static InputStream open(Part part, MailNotes notes) throws MessagingException, IOException {
        InputStream raw = raw(part);
        if (raw == null) {
            return part.getInputStream();
        }
        String encoding = encoding(part);
        return switch (encoding) {
            case "", "7bit", "8bit", "binary" -> raw;
            case "base64" -> new Base64Stream(raw);
            case "quoted-printable", "uuencode", "x-uuencode", "x-uue" -> MimeUtility.decode(raw, encoding);
            default -> {
                notes.add("the transfer encoding " + MailNotes.quote(encoding) + " is unknown; the part was read as it is");
                yield raw;
            }
        };
    }

    private static InputStream raw(Part part) throws MessagingException {
        if (part instanceof MimeBodyPart body) {
            return body.getRawInputStream();
        }
        if (part instanceof MimeMessage message) {
            return message.getRawInputStream();
        }
        return null;
    }

    private static String encoding(Part part) {
        try {
            String encoding = part instanceof MimePart mime ? mime.getEncoding() : null;
            return encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException unreadable) {
            return "";
        }
    }
}
