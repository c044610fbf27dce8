package org.koppel.connector.google;

import java.net.URI;

import org.koppel.connector.AccessTokens;

/**
 * What the Google connector needs from Google sign-in: the tokens of a connection's Google account
 * and the API base URLs (settings: tests point them at the Google fake).
 */
public interface GoogleAccounts {

    /** The connection type of Google accounts; GooglePeers.TYPE is the same. */
    String CONNECTION_TYPE = "google";

    /**
     * @param connectionId the connection whose secret holds the tokens; refreshed tokens are stored
     *                     back into it (null: not stored, for a connection being set up)
     * @param secret       the connection's decrypted secret; never logged
     */
    AccessTokens tokens(Long connectionId, String secret);

    /** https://people.googleapis.com */
    URI peopleBaseUrl();

    /** https://www.googleapis.com/calendar/v3 */
    URI calendarBaseUrl();

    /** https://tasks.googleapis.com/tasks/v1 */
    URI tasksBaseUrl();
}
