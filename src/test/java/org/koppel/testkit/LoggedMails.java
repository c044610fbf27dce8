package org.koppel.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.koppel.crm.mail.AttachmentFolder;
import org.koppel.crm.mail.LoggedUnder;
import org.koppel.crm.mail.MailAttachmentInfo;
import org.koppel.crm.mail.MailDirection;
import org.koppel.crm.mail.MailToLog;
import org.koppel.crm.mail.Recipient;
import org.koppel.store.MailStore;
import org.springframework.stereotype.Component;

/**
 * Logged mails written straight into the store, for the API and page tests: no mailbox, no matching
 * and no sanitiser, so a test can store exactly the HTML it means to (a hostile one included).
 */
@Component
public class LoggedMails {

    /** A PNG of one pixel, for inline images. */
    public static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private final MailStore store;

    public LoggedMails(MailStore store) {
        this.store = store;
    }

    public Builder mail() {
        return new Builder();
    }

    public final class Builder {

        private String subject = "Offer 2027";
        private String from = "anna@client.example";
        private String fromName = "Anna de Vries";
        private final List<Recipient> recipients = new ArrayList<>();
        private String text = "Here is the offer.";
        private String html;
        private Instant sentAt = Instant.parse("2026-11-30T10:00:00Z");
        private MailDirection direction = MailDirection.INBOUND;
        private Long loggedBy;
        private final List<Long> under = new ArrayList<>();
        private final List<MailToLog.Attachment> attachments = new ArrayList<>();

        public Builder subject(String value) { subject = value; return this; }
        public Builder from(String address, String name) { from = address; fromName = name; return this; }
        public Builder to(String address, String name) { recipients.add(new Recipient(Recipient.Role.TO, address, name)); return this; }
        public Builder cc(String address) { recipients.add(new Recipient(Recipient.Role.CC, address, null)); return this; }
        public Builder text(String value) { text = value; return this; }
        public Builder html(String value) { html = value; return this; }
        public Builder sentAt(Instant value) { sentAt = value; return this; }
        public Builder outbound() { direction = MailDirection.OUTBOUND; return this; }
        public Builder loggedBy(long employeeId) { loggedBy = employeeId; return this; }
        public Builder under(long... relationIds) { for (long id : relationIds) under.add(id); return this; }

        public Builder attachment(String fileName, String contentType, byte[] content) {
            attachments.add(new MailToLog.Attachment(fileName, contentType, content.length, null, false, content, null));
            return this;
        }

        public Builder inlineImage(String contentId, String contentType, byte[] content) {
            attachments.add(new MailToLog.Attachment(contentId + ".img", contentType, content.length, "<" + contentId + ">",
                    true, content, null));
            return this;
        }

        public Builder leftOut(String fileName, long size, String reason) {
            attachments.add(new MailToLog.Attachment(fileName, "application/zip", size, null, false, null, reason));
            return this;
        }

        /** Stores the mail, logged under the relations given; returns its id. */
        public long log() {
            var mail = new MailToLog("<" + UUID.randomUUID() + "@test>", from, fromName, recipients, sentAt, subject, text,
                    html, attachments, List.of());
            long id = store.insert(mail, direction, loggedBy, null, Instant.now());
            store.logUnder(id, under.stream().map(r -> new LoggedUnder(r, from)).toList());
            int position = 0;
            for (MailToLog.Attachment a : mail.attachments()) {
                boolean kept = a.content() != null;
                store.insertAttachment(id, new MailAttachmentInfo(position++, a.fileName(), a.contentType(), a.size(),
                                a.contentId(), a.inline(), kept ? MailAttachmentInfo.StoredIn.DATABASE : MailAttachmentInfo.StoredIn.NONE,
                                a.leftOut()),
                        kept ? AttachmentFolder.sha256(a.content()) : null, a.content());
            }
            return id;
        }
    }
}
