package org.koppel.crm.mail;

import java.time.Instant;
import java.util.List;

/**
 * A mail logged in the CRM. Never changed once logged, except that marking it in a further mailbox
 * may log it under more relations (the sender's copy names the Bcc recipients, say).
 *
 * @param html the sanitised HTML body, or null
 * @param loggedBy the employee whose mailbox logged it first (null once that employee is removed)
 */
public record LoggedMail(long id, String messageId, MailDirection direction, Instant sentAt, String subject,
                         String fromAddress, String fromName, List<Recipient> recipients, String text, String html,
                         List<String> notes, Long loggedBy, Long connectionId, Instant loggedAt,
                         List<LoggedUnder> relations, List<MailAttachmentInfo> attachments) {
}
