package org.koppel.runtime;

import org.koppel.connector.ItemPeer;
import org.koppel.sync.DataType;

/** Opens a connection's peer, one implementation per connection type (carddav, microsoft365, ...). */
public interface PeerFactory {

    String type();

    /** The factories by their connection type, as the runner, the triggers and the connection service look them up. */
    static java.util.Map<String, PeerFactory> byType(java.util.Collection<PeerFactory> factories) {
        return factories.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(PeerFactory::type, f -> f));
    }

    /**
     * The data types this connection's peer holds, by its settings: an address book for contacts, a
     * calendar for appointments, a task list for tasks. A type the connection has no store for is not
     * run, whatever the sync settings say.
     */
    default java.util.Set<DataType> dataTypes(Connection connection) {
        return java.util.EnumSet.of(DataType.CONTACTS);
    }

    /**
     * Opens the connection's store of one of its {@link #dataTypes}.
     *
     * @param secret the decrypted secret of the connection; never logged
     */
    ItemPeer open(Connection connection, String secret, DataType type);

    /**
     * Who serves this connection's peer, where rules differ by provider: a CardDAV account at iCloud
     * is {@value #ICLOUD}, whose address edits come into the CRM only with the admin's leave
     * (cloud-contacts document; docs/sync.md). Otherwise the connection type.
     */
    default String provider(Connection connection) {
        return type();
    }

    String ICLOUD = "icloud";

    /**
     * Opens the connection's mailbox, for {@link DataType#EMAIL} (mail is logged into the CRM, never
     * synced as items). Only connection types whose {@link #dataTypes} include it implement this.
     *
     * @param secret the decrypted secret of the connection; never logged
     */
    default org.koppel.connector.mail.MailPeer openMailbox(Connection connection, String secret) {
        throw new org.koppel.connector.PeerException.Configuration("a " + type() + " connection has no mailbox", null);
    }

    /**
     * Checks new settings against the peer (can Koppel sign in, does the address book exist) and
     * returns them completed (a discovered address book URL, say). Problems are reported per field.
     */
    default java.util.Map<String, String> setUp(java.util.Map<String, String> settings, String secret) {
        return settings;
    }

    /**
     * Called by the runner after a successful run of each data type, still under the run's lease,
     * with the peer that data type's run used: upkeep that needs a working peer, such as keeping a Microsoft 365 change subscription
     * alive. A failure here does not fail the run (its changes are saved already); the runner records
     * it on the run report as error kind {@code PUSH} of a succeeded run, so it is visible.
     *
     * @param secret the decrypted secret of the connection; never logged
     */
    default void afterRun(Connection connection, String secret, ItemPeer peer) {
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
