package org.koppel.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.stream.Stream;

import org.koppel.connector.mail.MailAddress;
import org.koppel.connector.mail.ParsedMail;
import org.koppel.crm.mail.MailToLog;
import org.koppel.crm.mail.Recipient;

/** A mail as read from a mailbox, turned into what the CRM logs. */
public final class ParsedMails {

    private ParsedMails() {
    }

    /** @param received when the mailbox got it: the mail's date when its Date header is missing or unreadable */
    public static MailToLog toLog(ParsedMail p, Instant received) {
        var recipients = new ArrayList<Recipient>();
        Stream.of(p.to().stream().map(a -> recipient(Recipient.Role.TO, a)), p.cc().stream().map(a -> recipient(Recipient.Role.CC, a)),
                p.bcc().stream().map(a -> recipient(Recipient.Role.BCC, a))).flatMap(s -> s).forEach(recipients::add);
        var attachments = p.attachments().stream().map(a -> new MailToLog.Attachment(a.fileName(), a.contentType(), a.size(),
                a.contentId(), a.inline(), a.content(), a.leftOut())).toList();
        return new MailToLog(p.messageId(), p.from() == null ? null : p.from().address(), p.from() == null ? null : p.from().name(),
                recipients, p.sentAt() != null ? p.sentAt() : received, p.subject(), p.text(), p.html(), attachments, p.notes());
    }

    private static Recipient recipient(Recipient.Role role, MailAddress address) {
        return new Recipient(role, address.address(), address.name());
    }
}
