package org.koppel.connector.carddav;

import org.koppel.testkit.ScriptedServerTest;

/** A CardDAV client of alice's address book on a scripted server. */
abstract class ScriptedCardDavTest extends ScriptedServerTest {

    static final String BOOK = "/dav/alice/contacts/";
    static final String PASSWORD = "s3cret-app-password";

    CardDavClient client(DavSettings settings) {
        return new CardDavClient(new DavTransport(new DavCredentials("alice", PASSWORD), settings), server.uri(BOOK));
    }
}
