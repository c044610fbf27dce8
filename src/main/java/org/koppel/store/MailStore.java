package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.longOrNull;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.koppel.crm.mail.AddressMatch;
import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.LoggedUnder;
import org.koppel.crm.mail.MailAttachmentInfo;
import org.koppel.crm.mail.MailAttachmentInfo.StoredIn;
import org.koppel.crm.mail.MailDirection;
import org.koppel.crm.mail.MailToLog;
import org.koppel.crm.mail.Recipient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Logged mails in SQL: the mail, its recipients, the relations it is logged under, its attachments. */
@Repository
public class MailStore {

    /** Addresses per query: well below every database's limit of bound parameters. */
    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public MailStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public OptionalLong idOf(String messageId) {
        return jdbc.sql("SELECT id FROM logged_mail WHERE message_id = ?").param(messageId).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Stores a new mail with its recipients and returns its id; attachments go in with {@link #insertAttachment}. */
    public long insert(MailToLog mail, MailDirection direction, Long loggedBy, Long connectionId, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO logged_mail (message_id, direction, sent_at, subject, from_address, from_name, text_body,
                       html_body, notes, logged_by, connection_id, logged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(mail.messageId(), direction.name(), timestamp(mail.sentAt()), mail.subject(), mail.fromAddress(),
                        mail.fromName(), mail.text(), mail.html(), mail.notes().isEmpty() ? null : String.join("\n", mail.notes()),
                        loggedBy, connectionId, timestamp(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        // One batch: a mail to a mailing list may name hundreds of recipients.
        List<Recipient> recipients = mail.recipients();
        batch.batchUpdate("INSERT INTO logged_mail_recipient (mail_id, position, role, address, name) VALUES (?, ?, ?, ?, ?)",
                java.util.stream.IntStream.range(0, recipients.size()).mapToObj(i -> new Object[] {
                        id, i, recipients.get(i).role().name(), recipients.get(i).address(), recipients.get(i).name() })
                        .toList());
        return id;
    }

    public void insertAttachment(long mailId, MailAttachmentInfo a, String sha256, byte[] contentInDatabase) {
        jdbc.sql("""
                INSERT INTO logged_mail_attachment (mail_id, position, file_name, content_type, size_bytes, content_id,
                       inline_part, stored_in, sha256, content, left_out)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(mailId, a.position(), a.fileName(), a.contentType(), a.size(), a.contentId(), a.inline(),
                        a.storedIn().name(), sha256, contentInDatabase, a.leftOut())
                .update();
    }

    /** Logs the mail under these relations too and returns those it was not logged under before; the others stay as they are. */
    public List<LoggedUnder> logUnder(long mailId, Collection<LoggedUnder> relations) {
        Set<Long> already = new HashSet<>(jdbc.sql("SELECT relation_id FROM logged_mail_relation WHERE mail_id = ?")
                .param(mailId).query(Long.class).list());
        var added = new ArrayList<LoggedUnder>();
        for (LoggedUnder under : relations) {
            if (!already.add(under.relationId())) continue;
            jdbc.sql("INSERT INTO logged_mail_relation (mail_id, relation_id, address) VALUES (?, ?, ?)")
                    .params(mailId, under.relationId(), under.address()).update();
            added.add(under);
        }
        return added;
    }

    /** Who sent a logged mail and its subject: what tells a copy of it from another mail reusing its Message-ID. */
    public Optional<SenderAndSubject> senderAndSubject(long mailId) {
        return jdbc.sql("SELECT from_address, subject FROM logged_mail WHERE id = ?").param(mailId)
                .query((rs, n) -> new SenderAndSubject(rs.getString(1), rs.getString(2))).optional();
    }

    public record SenderAndSubject(String fromAddress, String subject) {
    }

    /**
     * The live relations that have any of these addresses (lower case): organisations by their e-mail,
     * persons by their private e-mail and their contact roles' work e-mail, leads by their e-mail.
     */
    public List<AddressMatch> relationsWith(Collection<String> addresses) {
        var matches = new ArrayList<AddressMatch>();
        for (List<String> chunk : chunks(addresses)) {
            matches.addAll(jdbc.sql("""
                    SELECT LOWER(o.email) AS address, r.id, r.display_name, CAST(NULL AS BIGINT) AS organisation_id
                      FROM organisation o JOIN relation r ON r.id = o.relation_id
                     WHERE r.deleted_at IS NULL AND LOWER(o.email) IN (:addresses)
                    UNION ALL
                    SELECT LOWER(p.private_email), r.id, r.display_name, CAST(NULL AS BIGINT)
                      FROM person p JOIN relation r ON r.id = p.relation_id
                     WHERE r.deleted_at IS NULL AND LOWER(p.private_email) IN (:addresses)
                    UNION ALL
                    SELECT LOWER(c.email), r.id, r.display_name, org.id
                      FROM contact_role c JOIN relation r ON r.id = c.person_id
                      LEFT JOIN relation org ON org.id = c.organisation_id AND org.deleted_at IS NULL
                     WHERE r.deleted_at IS NULL AND LOWER(c.email) IN (:addresses)
                    UNION ALL
                    SELECT LOWER(l.email), r.id, r.display_name, CAST(NULL AS BIGINT)
                      FROM lead_relation l JOIN relation r ON r.id = l.relation_id
                     WHERE r.deleted_at IS NULL AND LOWER(l.email) IN (:addresses)
                    ORDER BY 2""")
                    .param("addresses", chunk)
                    .query((rs, n) -> new AddressMatch(rs.getString(1), rs.getLong(2), rs.getString(3), longOrNull(rs, "organisation_id")))
                    .list());
        }
        return matches;
    }

    /** Which of these addresses (lower case) are employees' addresses. */
    public Set<String> employeeAddresses(Collection<String> addresses) {
        var found = new HashSet<String>();
        for (List<String> chunk : chunks(addresses)) {
            found.addAll(jdbc.sql("SELECT LOWER(email) FROM employee_email WHERE LOWER(email) IN (:addresses)")
                    .param("addresses", chunk).query(String.class).list());
        }
        return found;
    }

    public Optional<LoggedMail> find(long id) {
        return load(List.of(id)).stream().findFirst();
    }

    /** A relation's logged mails, newest first: one page in four queries, whatever its size. */
    public List<LoggedMail> loggedUnder(long relationId, int limit, int offset) {
        List<Long> ids = jdbc.sql("""
                SELECT m.id FROM logged_mail m JOIN logged_mail_relation u ON u.mail_id = m.id
                 WHERE u.relation_id = ? ORDER BY m.sent_at DESC, m.id DESC LIMIT ? OFFSET ?""")
                .params(relationId, limit, offset).query(Long.class).list();
        return load(ids);
    }

    public int countUnder(long relationId) {
        return jdbc.sql("SELECT COUNT(*) FROM logged_mail_relation WHERE relation_id = ?").param(relationId)
                .query(Integer.class).single();
    }

    /** Where an attachment's content is: its bytes when in the database, else its SHA-256 (its file's name). */
    public Optional<StoredContent> attachmentContent(long mailId, int position) {
        return jdbc.sql("SELECT stored_in, sha256, content FROM logged_mail_attachment WHERE mail_id = ? AND position = ?")
                .params(mailId, position)
                .query((rs, n) -> new StoredContent(StoredIn.valueOf(rs.getString(1)), rs.getString(2), rs.getBytes(3)))
                .optional();
    }

    public record StoredContent(StoredIn storedIn, String sha256, byte[] bytes) {
    }

    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM logged_mail WHERE id = ?").param(id).update() == 1;
    }

    /** The mails with these ids, in this order, each with its recipients, relations and attachments. */
    private List<LoggedMail> load(List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        var recipients = new HashMap<Long, List<Recipient>>();
        jdbc.sql("SELECT mail_id, role, address, name FROM logged_mail_recipient WHERE mail_id IN (:ids) ORDER BY mail_id, position")
                .param("ids", ids)
                .query((rs, n) -> recipients.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Recipient(Recipient.Role.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4))))
                .list();
        var relations = new HashMap<Long, List<LoggedUnder>>();
        jdbc.sql("SELECT mail_id, relation_id, address FROM logged_mail_relation WHERE mail_id IN (:ids) ORDER BY mail_id, relation_id")
                .param("ids", ids)
                .query((rs, n) -> relations.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new LoggedUnder(rs.getLong(2), rs.getString(3))))
                .list();
        var attachments = new HashMap<Long, List<MailAttachmentInfo>>();
        jdbc.sql("""
                SELECT mail_id, position, file_name, content_type, size_bytes, content_id, inline_part, stored_in, left_out
                  FROM logged_mail_attachment WHERE mail_id IN (:ids) ORDER BY mail_id, position""")
                .param("ids", ids)
                .query((rs, n) -> attachments.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new MailAttachmentInfo(rs.getInt(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                                rs.getString(6), rs.getBoolean(7), StoredIn.valueOf(rs.getString(8)), rs.getString(9))))
                .list();
        var byId = new HashMap<Long, LoggedMail>();
        jdbc.sql("SELECT * FROM logged_mail WHERE id IN (:ids)").param("ids", ids)
                .query((rs, n) -> mail(rs, recipients, relations, attachments)).list()
                .forEach(m -> byId.put(m.id(), m));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private static LoggedMail mail(ResultSet rs, Map<Long, List<Recipient>> recipients, Map<Long, List<LoggedUnder>> relations,
                                   Map<Long, List<MailAttachmentInfo>> attachments) throws SQLException {
        long id = rs.getLong("id");
        String notes = rs.getString("notes");
        return new LoggedMail(id, rs.getString("message_id"), MailDirection.valueOf(rs.getString("direction")),
                instant(rs, "sent_at"), rs.getString("subject"), rs.getString("from_address"), rs.getString("from_name"),
                recipients.getOrDefault(id, List.of()), rs.getString("text_body"), rs.getString("html_body"),
                notes == null ? List.of() : List.of(notes.split("\n")), longOrNull(rs, "logged_by"),
                longOrNull(rs, "connection_id"), instant(rs, "logged_at"), relations.getOrDefault(id, List.of()),
                attachments.getOrDefault(id, List.of()));
    }

    private static List<List<String>> chunks(Collection<String> addresses) {
        List<String> all = List.copyOf(addresses);
        var chunks = new ArrayList<List<String>>();
        for (int i = 0; i < all.size(); i += CHUNK) chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        return chunks;
    }
}
