package org.koppel.connector.imap;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * The person's side of a test mailbox, through Angus Mail's own Store (not the code under test): puts
 * mails in with a received time and flags, marks them as a mail program would, reads their flags back.
 */
final class TestMailbox implements AutoCloseable {

    private final Session session = Session.getInstance(new Properties());
    private final Store store;

    TestMailbox(String host, int port, String user, String password) {
        try {
            store = session.getStore("imap");
            store.connect(host, port, user, password);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends a mail received at {@code received} carrying {@code flags} ("\\Seen", "\\Flagged", keywords); its UID. */
    long append(String folder, String subject, Instant received, String... flags) {
        try {
            MimeMessage m = new MimeMessage(session) {
                @Override
                public Date getReceivedDate() {
                    return Date.from(received); // APPEND's date-time: the mail's INTERNALDATE
                }
            };
            m.setFrom(new InternetAddress("sender@example.org"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress("person@example.com"));
            m.setSubject(subject);
            m.setSentDate(Date.from(received));
            m.setText("Body of " + subject);
            m.setFlags(flags(flags), true);
            m.saveChanges();
            AppendUID[] uids = ((IMAPFolder) store.getFolder(folder)).appendUIDMessages(new Message[] {m});
            return uids[0].uid;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mail's flags: system flags as "\\Seen" etc., keywords as the server spells them. */
    Set<String> flags(String folder, long uid) {
        return withMessage(folder, uid, Folder.READ_ONLY, m -> {
            var names = new LinkedHashSet<String>();
            Flags f = m.getFlags();
            for (Flags.Flag s : f.getSystemFlags()) {
                if (s == Flags.Flag.SEEN) names.add("\\Seen");
                if (s == Flags.Flag.FLAGGED) names.add("\\Flagged");
                if (s == Flags.Flag.ANSWERED) names.add("\\Answered");
                if (s == Flags.Flag.DELETED) names.add("\\Deleted");
            }
            names.addAll(Set.of(f.getUserFlags()));
            return names;
        });
    }

    /** What a person does in a mail program: adds a keyword (a tag). */
    void addKeyword(String folder, long uid, String keyword) {
        withMessage(folder, uid, Folder.READ_WRITE, m -> {
            m.setFlags(new Flags(keyword), true);
            return null;
        });
    }

    /** Deletes the mail for good (flag \Deleted, expunge). */
    void expunge(String folder, long uid) {
        try {
            IMAPFolder f = (IMAPFolder) store.getFolder(folder);
            f.open(Folder.READ_WRITE);
            Message m = f.getMessageByUID(uid);
            m.setFlag(Flags.Flag.DELETED, true);
            f.close(true);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    void create(String folder) {
        try {
            store.getFolder(folder).create(Folder.HOLDS_MESSAGES);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the folder and creates one of the same name: a new UIDVALIDITY. */
    void recreate(String folder) {
        try {
            Folder f = store.getFolder(folder);
            f.delete(true);
            store.getFolder(folder).create(Folder.HOLDS_MESSAGES);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    long uidValidity(String folder) {
        try {
            return ((IMAPFolder) store.getFolder(folder)).getUIDValidity();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface OnMessage<T> {
        T apply(Message m) throws MessagingException;
    }

    private <T> T withMessage(String folder, long uid, int mode, OnMessage<T> action) {
        try {
            IMAPFolder f = (IMAPFolder) store.getFolder(folder);
            f.open(mode);
            try {
                Message m = f.getMessageByUID(uid);
                if (m == null) throw new IllegalStateException("no UID " + uid + " in " + folder);
                return action.apply(m);
            } finally {
                f.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Flags flags(String... names) {
        var flags = new Flags();
        for (String n : names) {
            switch (n) {
                case "\\Seen" -> flags.add(Flags.Flag.SEEN);
                case "\\Flagged" -> flags.add(Flags.Flag.FLAGGED);
                case "\\Answered" -> flags.add(Flags.Flag.ANSWERED);
                default -> flags.add(n);
            }
        }
        return flags;
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException e) {
            // test cleanup
        }
    }
}
