package org.koppel.web.ui;

import java.util.List;

import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.MailDirection;
import org.koppel.crm.mail.Recipient;
import org.koppel.web.mail.MailViews;

/** One logged mail in a relation's mail timeline. */
public record MailRow(long id, boolean inbound, String when, String from, String to, String subject, String preview,
                      int attachments) {

    /** Recipients named in a row; the rest are counted. */
    static final int RECIPIENTS_SHOWN = 3;

    static MailRow of(LoggedMail mail, Dates dates) {
        MailViews.Summary s = MailViews.summary(mail, RECIPIENTS_SHOWN);
        return new MailRow(s.id(), s.direction() == MailDirection.INBOUND, dates.moment(s.sentAt()),
                name(s.fromName(), s.fromAddress()), recipients(s.firstRecipients(), s.recipientCount()),
                s.subject() == null || s.subject().isBlank() ? "(no subject)" : s.subject(), s.preview(), s.attachmentCount());
    }

    /** "Anna, bram@example.com and 4 more". */
    static String recipients(List<Recipient> shown, int count) {
        var names = shown.stream().map(r -> name(r.name(), r.address())).toList();
        String listed = String.join(", ", names);
        return count > shown.size() ? listed + " and " + (count - shown.size()) + " more" : listed;
    }

    static String name(String name, String address) {
        if (name != null && !name.isBlank()) return name;
        return address == null ? "(unknown)" : address;
    }
}
