package org.koppel.connector.carddav;

import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavSettings;
import org.koppel.connector.dav.DavTransport;
import org.koppel.testkit.ScriptedServerTest;

/** A CardDAV client of alice's address book on a scripted server. */
abstract class ScriptedCardDavTest extends ScriptedServerTest {

    static final String BOOK = "/dav/alice/contacts/";
    static final String PASSWORD = "s3cret-app-password";

    DavCollectionClient client(DavSettings settings) {
        return new DavCollectionClient(DavCollectionKind.ADDRESS_BOOK, new DavTransport(new DavCredentials("alice", PASSWORD), settings), server.uri(BOOK));
    }
}
