package org.koppel.testkit.google;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One user's share of the People API quota: requests per minute per user, counted in a sliding minute.
 * Over it: 429 RESOURCE_EXHAUSTED ("the first page of a full sync request has an additional quota. If the
 * quota is exceeded, a 429 error will be returned", people.connections.list,
 * https://developers.google.com/people/api/rest/v1/people.connections/list; the status name and the 429 code
 * pair as in the error model's table, https://cloud.google.com/apis/design/errors). The limit is a setting
 * ({@link FakeGoogleSettings#requestsPerMinutePerUser}): the figures of the People API's quota page were not
 * in the documents this fake was written from.
 *
 * <p>Test hooks: the next N requests fail with a chosen status (429, 500, 503), with or without Retry-After.
 */
final class UserQuota {

    private final FakeGoogleSettings settings;
    private final Deque<Instant> window = new ArrayDeque<>();
    private int forcedLeft;
    private int forcedStatus;
    private Duration forcedRetryAfter;
    private long refused;

    UserQuota(FakeGoogleSettings settings) {
        this.settings = settings;
    }

    /**
     * Null when the request may run, else the answer refusing it. One quota for all of the user's Google APIs;
     * {@code throttled} gives the API's own answer for a refusal by quota (429) or a forced 403 or 429.
     */
    synchronized GoogleResponse admit(Instant now, java.util.function.IntFunction<GoogleResponse> throttled) {
        while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) window.pollFirst();
        window.addLast(now);
        if (forcedLeft > 0) {
            forcedLeft--;
            refused++;
            GoogleResponse r = switch (forcedStatus) {
                case 429, 403 -> throttled.apply(forcedStatus);
                case 503 -> GoogleResponse.error(503, "UNAVAILABLE", "The service is currently unavailable.", null, null);
                default -> GoogleResponse.error(forcedStatus, "INTERNAL", "Internal error encountered.", null, null);
            };
            return forcedRetryAfter == null ? r : r.header("Retry-After", Long.toString(forcedRetryAfter.toSeconds()));
        }
        if (window.size() > settings.requestsPerMinutePerUser()) {
            refused++;
            return throttled.apply(429);
        }
        return null;
    }

    synchronized void failNext(int count, int status, Duration retryAfter) {
        forcedLeft = count;
        forcedStatus = status;
        forcedRetryAfter = retryAfter;
    }

    synchronized long refused() {
        return refused;
    }

    /**
     * The People API's refusal. Google's quota errors carry ErrorInfo reason RATE_LIMIT_EXCEEDED in domain googleapis.com with the quota's
     * metric and limit in metadata (the error model's ErrorInfo, https://cloud.google.com/apis/design/errors).
     */
    static GoogleResponse exhausted() {
        GoogleResponse r = GoogleResponse.error(429, "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service "
                        + "'people.googleapis.com'.", "RATE_LIMIT_EXCEEDED", "googleapis.com");
        var info = (tools.jackson.databind.node.ObjectNode) r.body().get("error").get("details").get(0);
        info.putObject("metadata").put("service", "people.googleapis.com")
                .put("quota_metric", "people.googleapis.com/read_requests")
                .put("quota_limit", "ReadRequestsPerMinutePerUser");
        return r;
    }
}
