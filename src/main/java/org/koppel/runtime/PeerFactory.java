package org.koppel.runtime;

import org.koppel.connector.ContactPeer;

/** Opens a connection's peer, one implementation per connection type (carddav, microsoft365, ...). */
public interface PeerFactory {

    String type();

    /** @param secret the decrypted secret of the connection; never logged */
    ContactPeer open(Connection connection, String secret);
}
