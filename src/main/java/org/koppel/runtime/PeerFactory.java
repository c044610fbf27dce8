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

    /**
     * Called by the runner after a successful run, still under the run's lease, with the peer the
     * run used: upkeep that needs a working peer, such as keeping a Microsoft 365 change subscription
     * alive. A failure here does not fail the run (its changes are saved already); the runner records
     * it on the run report as error kind {@code PUSH} of a succeeded run, so it is visible.
     *
     * @param secret the decrypted secret of the connection; never logged
     */
    default void afterRun(Connection connection, String secret, ContactPeer peer) {
    }

    /**
     * The connection is being paused or deleted: let go of what the peer holds for it (a change
     * subscription, say). Best effort: it must return quickly (do slow work on another thread), and
     * a failure never stops the pause or the delete.
     *
     * @param secret the decrypted secret of the connection; never logged
     */
    default void detach(Connection connection, String secret) {
    }
}
