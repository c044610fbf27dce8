package org.koppel.connector.imap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailPeer;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The contract on GreenMail 2.1.8 (in this JVM, loopback). GreenMail takes keywords (PERMANENTFLAGS \*)
 * and IDLE (it tells of new mail during IDLE, of other sessions' flag changes only at the next
 * command), but has no CONDSTORE and no SPECIAL-USE, its RFC822.SIZE counts only the body, and a
 * recreated folder keeps its UIDVALIDITY within the same second: the Sent folder's discovery, the
 * cheap no-op run and a mark told during IDLE are proved on Dovecot.
 */
class GreenMailImapMailPeerTest extends ImapMailPeerContract {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static GreenMail greenMail;

    @BeforeAll
    static void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        greenMail.start();
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    /** Koppel trusts what the JDK trusts: GreenMail's self-signed certificate is refused, nothing trusts all. */
    @Test
    void anUntrustedCertificateIsRefused() {
        GreenMail imaps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort());
        imaps.start();
        try {
            MailPeer peer = peer("security", "SSL", "port", Integer.toString(imaps.getImaps().getPort()));

            assertThatThrownBy(() -> peer.marked(query(10), null)).isInstanceOf(PeerException.Transient.class)
                    .hasMessageContaining("TLS with the IMAP server").hasMessageContaining("security setting (SSL)");
        } finally {
            imaps.stop();
        }
    }

    @Override
    String host() {
        return "127.0.0.1";
    }

    @Override
    int port() {
        return greenMail.getImap().getPort();
    }

    @Override
    String newUser() {
        String user = "person" + USERS.incrementAndGet();
        greenMail.setUser(user + "@example.com", user, password(user));
        return user;
    }

    @Override
    String password(String user) {
        return user + "-password";
    }

    @Override
    String sentFolder() {
        return null;
    }

    @Override
    boolean pushesFlagChanges() {
        return false;
    }

    @Override
    boolean condstore() {
        return false;
    }
}
