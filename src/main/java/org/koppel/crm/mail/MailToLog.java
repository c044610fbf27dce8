package org.koppel.crm.mail;

import java.time.Instant;
import java.util.List;

/**
 * A mail read from a mailbox, as it is to be logged.
 *
 * @param html already sanitised
 * @param attachments in the mail's order; content null when left out
 */
public record MailToLog(String messageId, String fromAddress, String fromName, List<Recipient> recipients,
                        Instant sentAt, String subject, String text, String html, List<Attachment> attachments,
                        List<String> notes) {

    /**
     * Cut to the columns' lengths: a hostile or broken mail (a 5,000-character subject) is logged
     * shortened, not refused. A Message-ID too long to store is replaced by its hash, which still
     * identifies it.
     */
    public MailToLog {
        if (messageId.length() > 1000) messageId = "koppel-sha256-" + AttachmentFolder.sha256(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        messageId = withoutNul(messageId);
        if (fromAddress != null && fromAddress.length() > 320) fromAddress = null;
        fromAddress = withoutNul(fromAddress);
        fromName = clip(fromName, 500);
        recipients = recipients.stream().filter(r -> r.address().length() <= 320)
                .map(r -> new Recipient(r.role(), withoutNul(r.address()), clip(r.name(), 500))).toList();
        subject = clip(subject, 1000);
        text = withoutNul(text);
        html = withoutNul(html);
        attachments = List.copyOf(attachments);
        var kept = new java.util.ArrayList<String>();
        int length = 0;
        for (String note : notes) {
            note = withoutNul(note);
            length += note.length() + 1;
            if (length > 4000) break;
            kept.add(note);
        }
        notes = List.copyOf(kept);
    }

    /** One attachment as read; {@code content} null when left out, {@code leftOut} saying why. */
    public record Attachment(String fileName, String contentType, long size, String contentId, boolean inline,
                             byte[] content, String leftOut) {

        public Attachment {
            fileName = clip(fileName, 500);
            contentType = clip(contentType, 255);
            contentId = clip(contentId, 500);
            leftOut = clip(leftOut, 500);
        }
    }

    /** Cut to a column's length, without NUL characters (PostgreSQL refuses them in text; an encoded word can carry one). */
    public static String clip(String text, int length) {
        text = withoutNul(text);
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    public MailToLog withMessageId(String id) {
        return new MailToLog(id, fromAddress, fromName, recipients, sentAt, subject, text, html, attachments, notes);
    }

    /** Every address of the mail, sender first, each once. */
    public List<String> addresses() {
        var all = new java.util.LinkedHashSet<String>();
        if (fromAddress != null) all.add(fromAddress);
        recipients.forEach(r -> all.add(r.address()));
        return List.copyOf(all);
    }
}
