package org.koppel.connector.graph;

import org.koppel.connector.AccessTokens;
import java.net.URI;

/**
 * What the Graph connector needs from Microsoft sign-in: tokens of a connection's mailbox and the
 * Graph base URL (a setting: national clouds and tests use other hosts).
 */
public interface MicrosoftAccounts {

    /**
     * @param connectionId the connection whose secret holds the tokens; refreshed tokens are stored
     *                     back into it (null: not stored, for a connection being set up)
     * @param secret       the connection's decrypted secret; never logged
     */
    AccessTokens tokens(Long connectionId, String secret);

    /** For example https://graph.microsoft.com/v1.0 */
    URI graphBaseUrl();
}
