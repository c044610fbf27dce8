package org.koppel.connector.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a mail's MIME tree into its text, its HTML and its attachments.
 *
 * <p>Every inline text/plain part that names no file is text, every such text/html part is HTML (a
 * multipart/alternative gives one of each; Apple Mail splits HTML around inline images into several,
 * which are joined). A forwarded mail (message/rfc822) is an attachment of its own, never merged into
 * this one's body. A part that cannot be read is noted and skipped; the rest of the mail still reads.
 */
final class MailBody {

    /**
     * A text or HTML part longer than this is listed as an attachment, not read into the body: the CRM
     * shows a body whole, and a log file or a newsletter with megabytes of inline images is no reading.
     */
    static final int LONGEST_BODY = 4 * 1024 * 1024;

    /** Deeper than any mail program nests; a deeper tree is a made-up one. */
    private static final int DEEPEST = 30;

    /** S/MIME (RFC 8551) and OpenPGP (RFC 3156) encryption; a pkcs7-mime of signed-data is only signed. */
    private static final Set<String> ENCRYPTED = Set.of("application/pkcs7-mime", "application/x-pkcs7-mime",
            "multipart/encrypted");

    private final MailNotes notes;
    private final MailAttachments reader;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private final List<MailAttachment> attachments = new ArrayList<>();
    private boolean hasHtml;

    MailBody(MailReading reading, MailNotes notes) {
        this.notes = notes;
        this.reader = new MailAttachments(reading, notes);
    }

    void walk(Part part, int depth) throws MessagingException {
        if (depth > DEEPEST) {
            notes.add("parts nested deeper than " + DEEPEST + " levels were left out");
            return;
        }
        PartType type = PartType.of(part, notes);
        if (ENCRYPTED.contains(type.baseType()) && !"signed-data".equalsIgnoreCase(type.parameter("smime-type"))) {
            notes.add("the mail is encrypted; Koppel cannot read its content, only who sent it to whom and when");
        }
        String name = PartNames.fileName(part, notes);
        String disposition = PartNames.disposition(part);
        boolean attached = name != null || "attachment".equals(disposition);
        if (type.isMultipart()) {
            walkMultipart(part, type, depth);
        } else if (!attached && (type.is("text/plain") || type.is("text/html")) && addBody(part, type)) {
            return;
        } else {
            if (name == null && type.is("message/rfc822")) {
                name = PartNames.forwardedName(part, notes);
            }
            attachments.add(reader.read(part, type, attachments.size() + 1, name, disposition));
        }
    }

    private void walkMultipart(Part part, PartType type, int depth) throws MessagingException {
        MimeMultipart multipart;
        int count;
        try {
            multipart = new MimeMultipart(new MimePartDataSource((MimePart) part));
            count = multipart.getCount();
        } catch (MessagingException noBoundary) {
            // A multipart whose boundary never shows: read what it holds as text rather than lose it.
            notes.add("a " + type.baseType() + " part has no parts (" + noBoundary.getMessage()
                    + "); it was read as text");
            String asText = decode(part, type, false);
            append(text, asText == null ? "" : asText, "\n");
            return;
        }
        if (!multipart.isComplete()) {
            notes.add("the mail seems cut off: a " + type.baseType() + " part has no end boundary");
        }
        for (int i = 0; i < count; i++) {
            try {
                walk(multipart.getBodyPart(i), depth + 1);
            } catch (MessagingException | RuntimeException unreadable) {
                notes.add("a part of the mail could not be read and was left out (" + unreadable.getMessage() + ")");
            }
        }
    }

    /** Adds the part to the text or the HTML; false when it is too long to be either. */
    private boolean addBody(Part part, PartType type) {
        boolean isHtml = type.is("text/html");
        String body = isHtml ? decode(part, type, true) : plainText(part, type);
        if (body == null) {
            notes.add("a text part is longer than " + MailAttachments.megabytes(LONGEST_BODY)
                    + " and is listed as an attachment instead");
            return false;
        }
        append(isHtml ? html : text, body, "\n");
        hasHtml |= isHtml;
        return true;
    }

    private String plainText(Part part, PartType type) {
        String plain = decode(part, type, false);
        if (plain == null) {
            return null;
        }
        String format = type.parameter("format");
        if (format != null && format.equalsIgnoreCase("flowed")) {
            plain = FlowedText.unflow(plain, "yes".equalsIgnoreCase(type.parameter("delsp")));
        }
        return plain;
    }

    /** The part's text, or null when longer than {@link #LONGEST_BODY}. */
    private String decode(Part part, PartType type, boolean html) {
        byte[] bytes;
        try (InputStream in = PartStreams.open(part, notes)) {
            bytes = in.readNBytes(LONGEST_BODY + 1);
            if (bytes.length > LONGEST_BODY) {
                return null;
            }
        } catch (IOException | MessagingException | RuntimeException unreadable) {
            notes.add("a text part could not be read to its end");
            bytes = new byte[0];
        }
        String charset = type.parameter("charset");
        if (html && (charset == null || charset.isBlank())) {
            charset = HtmlCharset.declared(bytes);
        }
        return MailCharsets.decode(bytes, charset, notes).replace("\r\n", "\n").replace('\r', '\n');
    }

    private static void append(StringBuilder body, String part, String separator) {
        if (!body.isEmpty() && !part.isEmpty()) {
            body.append(separator);
        }
        body.append(part);
    }

    String text() {
        return text.toString();
    }

    /** The raw (unsanitised) HTML, null when the mail has no HTML part. */
    String html() {
        return hasHtml ? html.toString() : null;
    }

    List<MailAttachment> attachments() {
        return attachments;
    }
}
