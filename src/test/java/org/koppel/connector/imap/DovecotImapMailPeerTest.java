package org.koppel.connector.imap;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.koppel.testkit.Dovecot;
import org.koppel.testkit.Eventually;

/** The contract on a real Dovecot (CONDSTORE, SPECIAL-USE \Sent, IDLE). */
class DovecotImapMailPeerTest extends ImapMailPeerContract {

    private final Dovecot dovecot = Dovecot.shared();

    @Override
    String host() {
        return dovecot.host();
    }

    @Override
    int port() {
        return dovecot.port();
    }

    @Override
    String newUser() {
        return dovecot.newUser();
    }

    @Override
    String password(String user) {
        return dovecot.password(user);
    }

    @Override
    String sentFolder() {
        return "Sent";
    }

    @Override
    boolean pushesFlagChanges() {
        return true;
    }

    @Override
    boolean condstore() {
        return true;
    }

    /**
     * Dovecot only: GreenMail 2.1.8 keeps the dropped session's IDLE listener and tells the new
     * session nothing more (a GreenMail defect; the reconnection itself works there too).
     */
    @Test
    void idleConnectsAgainAfterADroppedConnectionAndKeepsTelling() throws Exception {
        long uid = mailbox.append("INBOX", "to be marked", DAY);
        var proxy = new DroppingProxy(port());
        toClose.add(proxy);
        var changes = new AtomicInteger();
        ImapIdle idle = watchInbox(settings("port", Integer.toString(proxy.port())), Duration.ofMinutes(10), changes);
        Eventually.until(Duration.ofSeconds(20), "IDLE", idle::idling);

        proxy.dropAll();

        Eventually.until(Duration.ofSeconds(30), "IDLE again on a new connection", () -> idle.idles() >= 2 && idle.idling());
        mailbox.addKeyword("INBOX", uid, "Koppel");
        Eventually.until(Duration.ofSeconds(20), "the mark told", () -> changes.get() > 0);
    }

}
