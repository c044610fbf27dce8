package org.koppel.connector.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** What a part calls itself: its file name, its disposition, and for a forwarded mail, its subject. */
final class PartNames {

    private PartNames() {
    }

    /** The decoded file name (RFC 2231 by the parser, RFC 2047 here), or null when the part gives none. */
    static String fileName(Part part, MailNotes notes) {
        String name;
        try {
            name = part.getFileName();
        } catch (MessagingException | RuntimeException unparsable) {
            name = null;
        }
        if (name == null) {
            // A parameter list the parser refuses ("filename=Offerte Q4.pdf", unquoted): read the name alone.
            name = headerParameter(part, "Content-Disposition", "filename");
            name = name != null ? name : headerParameter(part, "Content-Type", "name");
        }
        return name == null || name.isBlank() ? null : EncodedWords.decode(name, notes).strip();
    }

    /** "inline", "attachment", or null when the part says neither or says it unreadably. */
    static String disposition(Part part) {
        try {
            String disposition = part.getDisposition();
            return disposition == null ? null : disposition.strip().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException unreadable) {
            return null;
        }
    }

    /** A forwarded mail is named by its subject, as mail programs name it when saved. */
    static String forwardedName(Part part, MailNotes notes) {
        try (InputStream in = PartStreams.open(part, notes)) {
            String[] subject = new InternetHeaders(in).getHeader("Subject");
            String decoded = subject == null ? "" : EncodedWords.decode(subject[0], notes).strip();
            String safe = decoded.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
            return safe.isBlank() ? null : (safe.length() > 100 ? safe.substring(0, 100) : safe) + ".eml";
        } catch (IOException | MessagingException | RuntimeException unreadable) {
            return null;
        }
    }

    private static String headerParameter(Part part, String header, String parameter) {
        try {
            String[] value = part.getHeader(header);
            return value == null ? null
                    : new PartType("", null, EncodedWords.unfold(value[0])).parameter(parameter);
        } catch (MessagingException | RuntimeException unreadable) {
            return null;
        }
    }
}
