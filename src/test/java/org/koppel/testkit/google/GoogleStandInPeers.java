package org.koppel.testkit.google;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.google.GoogleAccounts;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.sync.DataType;
import org.koppel.testkit.MemoryContactPeer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.stereotype.Component;

/**
 * Connections of type "google" for the sign-in tests while the Google connector (GooglePeers) is not in
 * this tree: opening a peer asks Google sign-in for a current access token, as the connector does (a
 * refused refresh fails the run as AuthExpired), then syncs with an in-memory address book. Gone as soon
 * as GooglePeers exists.
 */
@Component
@ConditionalOnMissingClass("org.koppel.connector.google.GooglePeers")
public class GoogleStandInPeers implements PeerFactory {

    private final ObjectProvider<GoogleAccounts> accounts;

    public GoogleStandInPeers(ObjectProvider<GoogleAccounts> accounts) {
        this.accounts = accounts;
    }

    @Override
    public String type() {
        return GoogleAccounts.CONNECTION_TYPE;
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        accounts.getObject().tokens(connection.id(), secret).current();
        return new MemoryContactPeer();
    }
}
