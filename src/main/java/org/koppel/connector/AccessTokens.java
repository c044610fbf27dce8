package org.koppel.connector;

/**
 * Bearer tokens of one OAuth-signed-in account (a Microsoft 365 mailbox, a Google account). The sign-in side keeps them (encrypted) and refreshes
 * them; the API clients only ask. A grant that is revoked or expired surfaces as
 * {@link org.koppel.connector.PeerException.AuthExpired}, which marks the connection "needs sign-in".
 */
public interface AccessTokens {

    /** An access token valid for a while yet, refreshed first if it is about to expire. */
    String current();

    /** After the API answered 401 to {@code rejected}: a new access token (refreshed), or AuthExpired. */
    String renew(String rejected);
}
