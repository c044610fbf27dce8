package org.koppel.connector.imap;

import org.koppel.testkit.Dovecot;

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
    boolean condstore() {
        return true;
    }
}
