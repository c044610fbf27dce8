package org.koppel.testkit.graph;

import java.time.Duration;

/**
 * The limits the fake enforces. {@link #published()} are Outlook's per app and mailbox limits from
 * "Microsoft Graph service-specific throttling limits", Outlook service limits
 * (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits): 10,000 requests in a
 * 10-minute period and four concurrent requests. Tests use smaller ones.
 *
 * @param requestsPerWindow   requests one mailbox may receive per {@code window}, then 429
 * @param window              the sliding window of that limit
 * @param maxConcurrent       requests of one mailbox in flight at once, then 429 (MailboxConcurrency)
 * @param concurrencyRetryAfter the Retry-After sent with a concurrency 429
 * @param defaultPageSize     delta page size without {@code Prefer: odata.maxpagesize}
 * @param maxPageSize         the most a page holds whatever the client prefers
 * @param latency             how long each (inner) request takes, to make concurrency observable
 */
public record FakeGraphSettings(int requestsPerWindow, Duration window, int maxConcurrent, Duration concurrencyRetryAfter,
                                int defaultPageSize, int maxPageSize, Duration latency) {

    /**
     * Outlook's published limits. Page sizes: the contact delta page does not document a default or a
     * maximum; 10 is Outlook's default page of a collection and 200 the cap Microsoft staff gave for
     * contact delta's odata.maxpagesize (Microsoft Q&A "contact: delta API what limit can we use for
     * odata.maxpagesize", 2025): unverified in a reference page.
     */
    public static FakeGraphSettings published() {
        return new FakeGraphSettings(10_000, Duration.ofMinutes(10), 4, Duration.ofSeconds(1), 10, 200, Duration.ZERO);
    }

    public FakeGraphSettings withRequestsPerWindow(int requests, Duration window) {
        return new FakeGraphSettings(requests, window, maxConcurrent, concurrencyRetryAfter, defaultPageSize, maxPageSize, latency);
    }

    public FakeGraphSettings withMaxPageSize(int size) {
        return new FakeGraphSettings(requestsPerWindow, window, maxConcurrent, concurrencyRetryAfter, defaultPageSize, size, latency);
    }

    public FakeGraphSettings withMaxConcurrent(int requests) {
        return new FakeGraphSettings(requestsPerWindow, window, requests, concurrencyRetryAfter, defaultPageSize, maxPageSize, latency);
    }

    public FakeGraphSettings withLatency(Duration perRequest) {
        return new FakeGraphSettings(requestsPerWindow, window, maxConcurrent, concurrencyRetryAfter, defaultPageSize, maxPageSize, perRequest);
    }
}
