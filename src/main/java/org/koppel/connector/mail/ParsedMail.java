package org.koppel.connector.mail;

import java.time.Instant;
import java.util.List;

/**
 * A mail's content as the CRM logs it, read from its RFC 5322 bytes by {@link MimeMail}.
 *
 * @param messageId the Message-ID without angle brackets; when the mail has none, one made from what
 *                  identifies it the same in every mailbox (sender, date, subject, recipients), so a
 *                  mail marked in two mailboxes is still logged once
 * @param from the sender (null when the mail names none)
 * @param bcc only a sender's own copy names them
 * @param sentAt the Date header; when missing or unreadable, null (the runner uses the received time)
 * @param text the plain text body; made from the HTML when the mail has only HTML
 * @param html the HTML body, sanitised (no script, no event handlers, no remote content unless allowed);
 *             null when the mail has no HTML part
 * @param attachments every attachment, kept ones with their content
 * @param notes what the reading noticed and a person should know ("charset x-unknown read as windows-1252")
 */
public record ParsedMail(String messageId, MailAddress from, List<MailAddress> to, List<MailAddress> cc,
                         List<MailAddress> bcc, Instant sentAt, String subject, String text, String html,
                         List<MailAttachment> attachments, List<String> notes) {

    public ParsedMail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        attachments = List.copyOf(attachments);
        notes = List.copyOf(notes);
    }
}
