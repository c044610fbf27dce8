package org.koppel.runtime;

import org.koppel.connector.ContactPeer;

/** Opens a connection's peer, one implementation per connection type (carddav, microsoft365, ...). */
public interface PeerFactory {

    String type();

    /** @param secret the decrypted secret of the connection; never logged */
    ContactPeer open(Connection connection, String secret);

    /**
     * Checks new settings against the peer (can Koppel sign in, does the address book exist) and
     * returns them completed (a discovered address book URL, say). Problems are reported per field.
     */
    default java.util.Map<String, String> setUp(java.util.Map<String, String> settings, String secret) {
        return settings;
    }
}
