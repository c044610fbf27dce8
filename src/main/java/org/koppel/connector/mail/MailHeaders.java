package org.koppel.connector.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads the headers the CRM logs: who, when, what about, and the Message-ID that keeps a mail logged once. */
final class MailHeaders {

    /**
     * Starts every Message-ID Koppel makes up. A real one cannot take it by chance; a sender who
     * copies it on purpose could as well copy another mail's real Message-ID, so it opens nothing new.
     */
    static final String MADE_UP_ID = "koppel-sha256-";

    private final MimeMessage message;
    private final MailNotes notes;

    MailHeaders(MimeMessage message, MailNotes notes) {
        this.message = message;
        this.notes = notes;
    }

    /** The header's fields joined, as a mail with two To lines means both; null when absent. */
    String raw(String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null ? null : String.join(", ", values);
    }

    List<MailAddress> addresses(String field) throws MessagingException {
        return MailAddressList.parse(raw(field), field, notes);
    }

    MailAddress from() throws MessagingException {
        List<MailAddress> from = addresses("From");
        if (from.isEmpty()) {
            from = addresses("Sender");
        }
        return from.isEmpty() ? null : from.getFirst();
    }

    String subject() throws MessagingException {
        String[] subject = message.getHeader("Subject");
        return subject == null ? null : EncodedWords.decode(subject[0], notes).strip();
    }

    Instant sentAt() throws MessagingException {
        String[] header = message.getHeader("Date");
        if (header == null) {
            return null;
        }
        String date = EncodedWords.unfold(header[0]).strip();
        try {
            // Lenient: obsolete forms (two-digit years, "EST", "UT", no seconds, no weekday, comments).
            return new MailDateFormat().parse(date).toInstant();
        } catch (ParseException | RuntimeException notRfc5322) {
            try {
                return OffsetDateTime.parse(date).toInstant();   // some scripts write ISO 8601
            } catch (DateTimeParseException notIso) {
                notes.add("the Date " + MailNotes.quote(date) + " could not be read");
                return null;
            }
        }
    }

    /** The Message-ID without angle brackets, or null when the mail has none that can be read. */
    String messageId() throws MessagingException {
        String[] header = message.getHeader("Message-ID");
        if (header == null) {
            return null;
        }
        String id = EncodedWords.unfold(header[0]).strip();
        int open = id.indexOf('<');
        int close = id.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            id = id.substring(open + 1, close);
        } else {
            id = id.replaceAll("[<>]", " ").strip().split("\\s+")[0];
        }
        id = id.strip();
        return id.isEmpty() ? null : id;
    }

    /**
     * An id for a mail without Message-ID, made from what is the same in every mailbox that holds it
     * (sender, date, subject, recipients) and from nothing a server adds on the way (Received), so a mail
     * marked in two mailboxes is still logged once. The text joins them only for a mail without a date:
     * a server may add a footer to one copy, but two undated mails would otherwise be one.
     */
    String madeUpId(MailAddress from, Instant sentAt, String subject, List<MailAddress> to,
                    List<MailAddress> cc, String text) throws MessagingException {
        String date = sentAt != null ? sentAt.toString() : raw("Date") != null ? raw("Date") : "no date\n" + text;
        String identity = String.join("\n", from == null ? "" : from.address(), date, String.valueOf(subject),
                sorted(to), sorted(cc));
        notes.add("the mail has no Message-ID; Koppel made one from its sender, date, subject and recipients");
        return MADE_UP_ID + sha256(identity);
    }

    private static String sorted(List<MailAddress> addresses) {
        return addresses.stream().map(MailAddress::address).sorted().collect(Collectors.joining(","));
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)))
                    .toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
