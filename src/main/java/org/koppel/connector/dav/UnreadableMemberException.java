package org.koppel.connector.dav;

/**
 * A member the connector cannot read (a broken vCard, an object without the component its peer
 * maps). A listing reports it in {@code PeerDelta.rejected} with this message; a write over it is
 * an item rejected.
 */
public class UnreadableMemberException extends RuntimeException {

    public UnreadableMemberException(String message, Throwable cause) {
        super(message, cause);
    }
}
