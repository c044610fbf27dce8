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

    static MailRow of(LoggedMail mail, Dates dates, AgendaTexts texts) {
        MailViews.Summary s = MailViews.summary(mail, RECIPIENTS_SHOWN);
        return new MailRow(s.id(), s.direction() == MailDirection.INBOUND, dates.moment(s.sentAt()),
                name(s.fromName(), s.fromAddress(), texts), recipients(s.firstRecipients(), s.recipientCount(), texts),
                s.subject() == null || s.subject().isBlank() ? texts.msg("agenda.mail.noSubject") : s.subject(), s.preview(),
                s.attachmentCount());
    }

    /** "Anna, bram@example.com and 4 more". */
    static String recipients(List<Recipient> shown, int count, AgendaTexts texts) {
        var names = shown.stream().map(r -> name(r.name(), r.address(), texts)).toList();
        String listed = String.join(", ", names);
        return count > shown.size() ? texts.msg("agenda.mails.andMore", listed, count - shown.size()) : listed;
    }

    static String name(String name, String address, AgendaTexts texts) {
        if (name != null && !name.isBlank()) return name;
        return address == null ? texts.msg("agenda.mails.unknown") : address;
    }
}
