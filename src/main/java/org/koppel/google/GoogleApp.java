package org.koppel.google;

import java.net.URI;

/**
 * The Google OAuth client Koppel signs employees in with, as an admin set it. The client secret is
 * not part of this record (only whether one is set), so it cannot leak through a page or an API
 * answer that shows the settings. The endpoints and API base URLs are settings so tests use the fake.
 */
public record GoogleApp(String clientId, boolean clientSecretSet, String authorizationUrl, String tokenUrl,
                        String revocationUrl, String peopleBaseUrl, String calendarBaseUrl, String tasksBaseUrl) {

    // "Using OAuth 2.0 for Web Server Applications", https://developers.google.com/identity/protocols/oauth2/web-server
    public static final String DEFAULT_AUTHORIZATION = "https://accounts.google.com/o/oauth2/v2/auth";
    public static final String DEFAULT_TOKEN = "https://oauth2.googleapis.com/token";
    public static final String DEFAULT_REVOCATION = "https://oauth2.googleapis.com/revoke";
    public static final String DEFAULT_PEOPLE = "https://people.googleapis.com";
    public static final String DEFAULT_CALENDAR = "https://www.googleapis.com/calendar/v3";
    public static final String DEFAULT_TASKS = "https://tasks.googleapis.com/tasks/v1";

    /** Employees can connect a Google account only once both the client id and its secret are known. */
    public boolean configured() {
        return clientId != null && clientSecretSet;
    }

    public URI revocationUri() {
        return URI.create(revocationUrl);
    }
}
