package org.koppel.testkit.google;

import java.time.Duration;

/**
 * The fake's dials.
 *
 * @param requestsPerMinutePerUser People API requests one user may make in a sliding minute before 429; the default
 *                                 of 90 is a placeholder, not a published figure (the People API's quota page was not
 *                                 among the documents found): set it from the Cloud console's quota page when known
 * @param syncTokenLifetime        "Sync tokens expire 7 days after the full sync" (people.connections.list,
 *                                 https://developers.google.com/people/api/rest/v1/people.connections/list)
 * @param accessTokenLifetime      "expires_in: The remaining lifetime of the access token in seconds" (an hour in
 *                                 the examples, 3599/3920: https://developers.google.com/identity/protocols/oauth2/web-server)
 * @param latency                  added to every People API request
 * @param syncPropagationDelay     how long a write stays out of sync answers: "Writes may have a propagation delay of
 *                                 several minutes for sync requests" (people.connections.list); zero by default,
 *                                 since "several minutes" is no figure
 */
public record FakeGoogleSettings(int requestsPerMinutePerUser, Duration syncTokenLifetime, Duration accessTokenLifetime,
                                 Duration latency, Duration syncPropagationDelay) {

    public static FakeGoogleSettings published() {
        return new FakeGoogleSettings(90, Duration.ofDays(7), Duration.ofSeconds(3599), Duration.ZERO, Duration.ZERO);
    }

    public FakeGoogleSettings withRequestsPerMinutePerUser(int n) {
        return new FakeGoogleSettings(n, syncTokenLifetime, accessTokenLifetime, latency, syncPropagationDelay);
    }

    public FakeGoogleSettings withLatency(Duration d) {
        return new FakeGoogleSettings(requestsPerMinutePerUser, syncTokenLifetime, accessTokenLifetime, d, syncPropagationDelay);
    }

    public FakeGoogleSettings withSyncPropagationDelay(Duration d) {
        return new FakeGoogleSettings(requestsPerMinutePerUser, syncTokenLifetime, accessTokenLifetime, latency, d);
    }

    public FakeGoogleSettings withAccessTokenLifetime(Duration d) {
        return new FakeGoogleSettings(requestsPerMinutePerUser, syncTokenLifetime, d, latency, syncPropagationDelay);
    }
}
