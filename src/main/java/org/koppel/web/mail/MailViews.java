package org.koppel.web.mail;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.LoggedUnder;
import org.koppel.crm.mail.MailAttachmentInfo;
import org.koppel.crm.mail.MailDirection;
import org.koppel.crm.mail.Recipient;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.security.KoppelUser;
import org.koppel.store.RelationStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Logged mails as the API and the web UI show them: with the names of the relations they are logged
 * under, and who may delete them. Every employee who may read a relation (every employee: relations
 * are shared) may read the mails logged under it; only the employee who logged a mail and admins may
 * delete it.
 */
@Component
public class MailViews {

    /** Characters of the text shown in a list of mails. */
    public static final int PREVIEW = 160;

    private final RelationStore relations;

    public MailViews(RelationStore relations) {
        this.relations = relations;
    }

    /** A relation a mail is logged under, named; {@code deleted} when the relation was deleted since. */
    public record RelationRef(long id, RelationKind kind, String name, String address, boolean deleted) {
    }

    public record Attachment(int position, String fileName, String contentType, long size, boolean inline,
                             boolean kept, String leftOut) {

        static Attachment of(MailAttachmentInfo a) {
            return new Attachment(a.position(), a.fileName(), a.contentType(), a.size(), a.inline(), a.kept(), a.leftOut());
        }
    }

    /** A logged mail whole. */
    public record Mail(long id, String messageId, MailDirection direction, Instant sentAt, String subject,
                       String fromAddress, String fromName, List<Recipient> recipients, String text, String html,
                       List<String> notes, Long loggedBy, Instant loggedAt, List<RelationRef> relations,
                       List<Attachment> attachments) {
    }

    /** A logged mail in a list: no body but a preview of its text, the first recipients and how many there are. */
    public record Summary(long id, MailDirection direction, Instant sentAt, String subject, String fromAddress,
                          String fromName, List<Recipient> firstRecipients, int recipientCount, String preview,
                          int attachmentCount, Long loggedBy) {
    }

    public Mail of(LoggedMail m) {
        return new Mail(m.id(), m.messageId(), m.direction(), m.sentAt(), m.subject(), m.fromAddress(), m.fromName(),
                m.recipients(), m.text(), m.html(), m.notes(), m.loggedBy(), m.loggedAt(), named(m.relations()),
                m.attachments().stream().map(Attachment::of).toList());
    }

    public static Summary summary(LoggedMail m, int recipientsShown) {
        List<Recipient> to = m.recipients().stream().filter(r -> r.role() != Recipient.Role.BCC).toList();
        List<Recipient> shown = (to.isEmpty() ? m.recipients() : to).stream().limit(recipientsShown).toList();
        return new Summary(m.id(), m.direction(), m.sentAt(), m.subject(), m.fromAddress(), m.fromName(), shown,
                m.recipients().size(), preview(m.text()), m.attachments().size(), m.loggedBy());
    }

    /** The start of the text on one line, cut at a word where it can be. */
    public static String preview(String text) {
        if (text == null) return "";
        String line = text.replaceAll("\\s+", " ").strip();
        if (line.length() <= PREVIEW) return line;
        int cut = line.lastIndexOf(' ', PREVIEW);
        return line.substring(0, cut > PREVIEW / 2 ? cut : PREVIEW) + "…";
    }

    private List<RelationRef> named(List<LoggedUnder> under) {
        Map<Long, Relation> loaded = relations.load(under.stream().map(LoggedUnder::relationId).toList()).stream()
                .collect(Collectors.toMap(Relation::id, r -> r));
        return under.stream().filter(u -> loaded.containsKey(u.relationId())).map(u -> {
            Relation r = loaded.get(u.relationId());
            return new RelationRef(r.id(), r.kind(), r.displayName(), u.address(), r.deletedAt() != null);
        }).toList();
    }

    public static boolean mayDelete(LoggedMail mail, KoppelUser user) {
        return user.admin() || (mail.loggedBy() != null && mail.loggedBy() == user.employeeId());
    }

    public static void requireMayDelete(LoggedMail mail, KoppelUser user) {
        if (!mayDelete(mail, user)) {
            throw new AccessDeniedException("Only the employee who logged mail " + mail.id() + " and admins may delete it");
        }
    }
}
