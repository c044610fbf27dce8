package org.koppel.connector.graph;

/**
 * Bearer tokens for one Microsoft 365 mailbox. The sign-in side keeps them (encrypted) and refreshes
 * them; the Graph client only asks. A grant that is revoked or expired surfaces as
 * {@link org.koppel.connector.PeerException.AuthExpired}, which marks the connection "needs sign-in".
 */
public interface AccessTokens {

    /** An access token valid for a while yet, refreshed first if it is about to expire. */
    String current();

    /** After Graph answered 401 to {@code rejected}: a new access token (refreshed), or AuthExpired. */
    String renew(String rejected);
}
