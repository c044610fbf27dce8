package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.Dovecot;
import org.koppel.testkit.Eventually;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which mailboxes are watched (IMAP IDLE, on Dovecot: it tells of a mark during IDLE), and that a
 * person's mark asks for a run within seconds.
 */
@OnH2
class MailboxWatchersH2Test {

    @Autowired MailboxWatchers watchers;
    @Autowired ConnectionStore connections;
    @Autowired SecretBox secrets;
    @Autowired Samples samples;
    @Autowired JdbcClient jdbc;

    private final Dovecot dovecot = Dovecot.shared();

    @AfterEach
    void stopWatches() {
        connections.all().stream().filter(c -> c.type().equals("imap")).forEach(c -> connections.delete(c.id()));
        watchers.reconcile();
    }

    private long imapConnection(long owner, String user, Map<String, String> more) {
        // e-mail logging on for this connection, whatever the layers' default
        var settings = new HashMap<>(Map.of("host", dovecot.host(), "port", Integer.toString(dovecot.port()),
                "security", "NONE", "username", user, "folders", "INBOX", "email.direction", "PEER_TO_CRM"));
        settings.putAll(more);
        return connections.insert("imap", "mailbox", owner, settings, secrets.seal(dovecot.password(user)), Instant.now());
    }

    private boolean runRequested(long id) {
        return jdbc.sql("SELECT run_requested FROM connection WHERE id = ?").param(id).query(Boolean.class).single();
    }

    @Test
    void anActiveMailboxIsWatchedAndAMarkAsksForARun() {
        String user = dovecot.newUser();
        long id = imapConnection(samples.employee("watcher"), user, Map.of());
        long uid = append(user);
        jdbc.sql("UPDATE connection SET run_requested = FALSE WHERE id = ?").param(id).update(); // as after a run

        assertThat(watchers.reconcile()).contains(id);
        assertThat(runRequested(id)).isFalse();
        // IDLE starts on a thread of its own: a mark made before it is in IDLE is seen only at the next
        // pull, so the person marks again (a new keyword each time, a change each time) until one is told
        Eventually.until(Duration.ofSeconds(20), "the mark told", () -> {
            mark(user, uid, "Koppel" + System.nanoTime());
            return runRequested(id);
        });
    }

    @Test
    void pausedOrDeletedMailboxesAndThoseWhoseEmailDirectionIsOffAreNotWatched() {
        String user = dovecot.newUser();
        long owner = samples.employee("not-watched");
        long off = imapConnection(owner, user, Map.of("email.direction", "OFF"));
        long paused = imapConnection(owner, user, Map.of());
        long active = imapConnection(owner, user, Map.of());
        assertThat(watchers.reconcile()).contains(paused, active).doesNotContain(off);

        connections.setStatus(paused, Connection.Status.PAUSED, "paused by test", Instant.now());
        connections.delete(active);

        assertThat(watchers.reconcile()).doesNotContain(off, paused, active);
    }

    private long append(String user) {
        try (Store store = store(user)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setSubject("watched mail");
            m.setText("body");
            m.saveChanges();
            return ((IMAPFolder) store.getFolder("INBOX")).appendUIDMessages(new Message[] {m})[0].uid;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void mark(String user, long uid, String keyword) {
        try (Store store = store(user)) {
            var inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessageByUID(uid).setFlags(new Flags(keyword), true);
            inbox.close(false);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Store store(String user) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(dovecot.host(), dovecot.port(), user, dovecot.password(user));
        return store;
    }
}
