package org.koppel.connector;

import java.time.Duration;

/**
 * The typed failures of DESIGN.md rule 12. Each says what the engine does next: retry later,
 * mark the connection for sign-in, list everything, record the item and go on, or refuse the run.
 */
public abstract sealed class PeerException extends RuntimeException {

    protected PeerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Try again later; {@code retryAfter} is what the peer asked for, if it did. */
    public static final class Transient extends PeerException {
        private final Duration retryAfter;

        public Transient(String message, Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The credentials no longer work: the owner must sign in again; retrying will not help. */
    public static final class AuthExpired extends PeerException {
        public AuthExpired(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The sign-in works but does not allow this data type (a Microsoft 365 sign-in made before
     * calendars were synced): the owner must sign in again to grant it. The connection's other data
     * types go on syncing meanwhile; nothing is retried until then.
     */
    public static final class PermissionMissing extends PeerException {
        public PermissionMissing(String message) {
            super(message, null);
        }
    }

    /** The change cursor is no longer valid: list everything and reconcile against the links. */
    public static final class CursorExpired extends PeerException {
        public CursorExpired(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The peer refused or cannot represent one item; the run records it and goes on. */
    public static final class ItemRejected extends PeerException {
        public ItemRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The item changed since it was read (412): read it again and merge again. */
    public static final class VersionMismatch extends PeerException {
        public VersionMismatch(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The connection is set up wrong (no such address book, say): the run is refused with this message. */
    public static final class Configuration extends PeerException {
        public Configuration(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
