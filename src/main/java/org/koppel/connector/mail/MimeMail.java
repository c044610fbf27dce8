package org.koppel.connector.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.util.List;
import java.util.Properties;
import org.koppel.connector.PeerException;

/**
 * Reads a mail's RFC 5322 bytes into what the CRM logs, whichever peer the bytes came from.
 *
 * <p>Pure: no server, no I/O but the bytes given. Lenient with what real mails get wrong (each such
 * thing becomes a note); only bytes that are no mail at all are refused.
 */
public final class MimeMail {

    /** A session that never connects anywhere; its properties make the parser forgive what senders break. */
    private static final Session SESSION = Session.getInstance(lenient());

    /** Header fields of which every mail has at least one. */
    private static final List<String> MAIL_FIELDS = List.of("From", "Sender", "To", "Cc", "Bcc", "Date", "Subject",
            "Message-ID", "Received", "Return-Path", "MIME-Version", "Content-Type", "Reply-To", "In-Reply-To");

    private MimeMail() {
    }

    /**
     * @throws PeerException.ItemRejected when the bytes are not a mail at all, with the reason in plain words
     */
    public static ParsedMail parse(byte[] raw, MailReading reading) {
        int start = MailShape.headerStart(raw);
        MailNotes notes = new MailNotes();
        try {
            // Shared, not copied: every part, a 25 MB attachment too, reads straight from these bytes.
            MimeMessage message = new MimeMessage(SESSION, new SharedByteArrayInputStream(raw, start,
                    raw.length - start));
            if (MAIL_FIELDS.stream().noneMatch(field -> has(message, field))) {
                throw MailShape.rejected("the content is not a mail: it has none of the headers a mail has "
                        + "(From, To, Date, Subject, Message-ID)");
            }
            return read(message, reading, notes);
        } catch (PeerException e) {
            throw e;
        } catch (MessagingException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new PeerException.ItemRejected("the mail could not be read: " + reason, e);
        }
    }

    private static ParsedMail read(MimeMessage message, MailReading reading, MailNotes notes)
            throws MessagingException {
        MailHeaders headers = new MailHeaders(message, notes);
        MailAddress from = headers.from();
        List<MailAddress> to = headers.addresses("To");
        List<MailAddress> cc = headers.addresses("Cc");
        List<MailAddress> bcc = headers.addresses("Bcc");
        var sentAt = headers.sentAt();
        String subject = headers.subject();
        Body body = body(message, reading, notes);
        String messageId = headers.messageId();
        if (messageId == null) {
            messageId = headers.madeUpId(from, sentAt, subject, to, cc, body.text());
        }
        return new ParsedMail(messageId, from, to, cc, bcc, sentAt, subject, body.text(), body.html(),
                body.attachments(), notes.list());
    }

    private record Body(String text, String html, List<MailAttachment> attachments) {
    }

    private static Body body(MimeMessage message, MailReading reading, MailNotes notes) {
        MailBody body = new MailBody(reading, notes);
        try {
            body.walk(message, 0);
        } catch (MessagingException | RuntimeException unreadable) {
            // Who wrote to whom, when, about what, still logs; what the body gave so far stays too.
            notes.add("the mail's body could not be read to its end");
        }
        if (body.html() == null) {
            return new Body(body.text(), null, body.attachments());
        }
        var clean = MailHtml.clean(body.html(), reading.remoteImages());
        // No plain part, or an empty one beside the HTML: the text is read from the HTML.
        String text = body.text().isBlank() ? MailHtml.text(clean) : body.text();
        return new Body(text, clean.body().html().strip(), body.attachments());
    }

    private static boolean has(MimeMessage message, String field) {
        try {
            return message.getHeader(field) != null;
        } catch (MessagingException e) {
            return false;
        }
    }

    /**
     * Only Session properties take effect per session; the parser's other leniency switches are JVM-wide
     * System properties, left alone (see {@link PartStreams}). Addresses, header words and file names are
     * read by this package's own lenient readers, so only the MIME structure is the parser's.
     */
    private static Properties lenient() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.address.strict", "false");
        properties.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        properties.setProperty("mail.mime.multipart.allowempty", "true");
        return properties;
    }
}
