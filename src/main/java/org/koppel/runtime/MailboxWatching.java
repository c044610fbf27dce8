package org.koppel.runtime;

/**
 * A connection type whose mailbox can tell of changes as they happen (IMAP IDLE), so that a mail a
 * person marks is logged within seconds instead of at the next regular pull. Implemented by the
 * {@link PeerFactory} of such a type; {@link MailboxWatchers} keeps the watches.
 */
public interface MailboxWatching {

    /**
     * Starts watching the connection's mailbox; {@code onChange} is called (on another thread) when
     * something in it may have changed. Connection failures are retried inside the watch.
     *
     * @param secret the decrypted secret of the connection; never logged
     * @return the watch, closed to stop it; it holds {@link Watch#connections()} server connections
     */
    Watch watch(Connection connection, String secret, Runnable onChange);

    /** A running watch. */
    interface Watch extends AutoCloseable {

        /** The server connections it holds (one per watched folder). */
        int connections();

        @Override
        void close();
    }
}
