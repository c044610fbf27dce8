package org.koppel.testkit.graph;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Outlook's limits for one app and mailbox ("Limits per mailbox", https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits):
 * requests in a sliding window and requests in flight, each request inside a JSON batch counted on
 * its own ("Requests in a batch are evaluated individually against the applicable throttling limits
 * and if any request exceeds the limits, it fails with a status of 429", JSON batching). Throttled
 * requests count too: "Microsoft Graph continues to log resource usage while a client is being
 * throttled" (throttling guidance), which is why immediate retries keep failing.
 *
 * <p>Also the test hook "the next N requests fail" with a chosen status and Retry-After.
 */
final class MailboxThrottle {

    private final FakeGraphSettings settings;
    private final Deque<Instant> window = new ArrayDeque<>();
    private int inFlight;
    private int highest;
    private long admitted;
    private long refused;
    private int forcedLeft;
    private int forcedStatus;
    private Duration forcedRetryAfter;

    MailboxThrottle(FakeGraphSettings settings) {
        this.settings = settings;
    }

    /** Null when the request may run (then {@link #release} must follow), else the answer refusing it. */
    synchronized FakeExchange.Response admit(Instant now) {
        while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(settings.window()))) window.pollFirst();
        window.addLast(now);
        if (forcedLeft > 0) {
            forcedLeft--;
            refused++;
            return refusal(forcedStatus, forcedRetryAfter, forcedStatus == 429 ? "TooManyRequests" : "ServiceUnavailable",
                    forcedStatus == 429 ? "Please retry again later." : "The service is temporarily unavailable.");
        }
        if (window.size() > settings.requestsPerWindow()) {
            Duration wait = Duration.between(now, window.peekFirst().plus(settings.window()));
            refused++;
            return refusal(429, wait.isNegative() ? Duration.ofSeconds(1) : wait.plusSeconds(1), "ApplicationThrottled",
                    "Application is over its MailboxRequests limit.");
        }
        if (inFlight >= settings.maxConcurrent()) {
            refused++;
            return refusal(429, settings.concurrencyRetryAfter(), "ApplicationThrottled",
                    "Application is over its MailboxConcurrency limit.");
        }
        inFlight++;
        highest = Math.max(highest, inFlight);
        admitted++;
        return null;
    }

    synchronized void release() {
        inFlight--;
    }

    synchronized void failNext(int count, int status, Duration retryAfter) {
        forcedLeft = count;
        forcedStatus = status;
        forcedRetryAfter = retryAfter;
    }

    synchronized int highestConcurrency() {
        return highest;
    }

    synchronized long admitted() {
        return admitted;
    }

    synchronized long refused() {
        return refused;
    }

    /** Starts {@link #highestConcurrency} afresh, from the requests in flight now. */
    synchronized void resetHighestConcurrency() {
        highest = inFlight;
    }

    private static FakeExchange.Response refusal(int status, Duration retryAfter, String code, String message) {
        FakeExchange.Response r = FakeExchange.Response.error(status, code, message);
        return retryAfter == null ? r : r.header("Retry-After", Long.toString(Math.max(0, (retryAfter.toMillis() + 999) / 1000)));
    }
}
