package org.koppel.connector;

/** What every peer a run opens has: a count of its requests and something to close. */
public interface Peer extends AutoCloseable {

    /** Requests (HTTP) or commands (IMAP) sent so far, for run reports and benchmarks. */
    long requests();

    /**
     * Frees what the peer holds: an HTTP client with its selector thread and open connections, an IMAP
     * connection. A run closes the peer it opened when it ends; left to the garbage collector, every
     * run's client would linger until some old-generation collection.
     */
    @Override
    default void close() {
    }
}
