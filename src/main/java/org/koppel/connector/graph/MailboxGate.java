package org.koppel.connector.graph;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * At most four requests in flight per mailbox, shared by everything in this JVM that talks to it.
 *
 * <p>Outlook limits each app and mailbox pair to four concurrent requests; a fifth is answered 429
 * ("Application is over its MailboxConcurrency limit"). Source: Microsoft Graph service-specific
 * throttling limits, Outlook service limits, "Limits per mailbox"
 * (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits). Two connections of
 * one mailbox, or a run and a setup check, therefore share one gate, keyed by the mailbox.
 *
 * <p>A JSON batch takes up to four permits: for unordered requests "Microsoft Graph sends the
 * Outlook service up to four individual requests from the batch at a time" (same page, "Outlook
 * service limits for JSON batching"), so one batch can fill the mailbox's concurrency alone.
 */
public final class MailboxGate {

    /** Outlook's published per-mailbox concurrency. */
    public static final int OUTLOOK_CONCURRENCY = 4;

    private static final ConcurrentHashMap<String, MailboxGate> SHARED = new ConcurrentHashMap<>();

    private final int permits;
    private final Semaphore semaphore;

    private MailboxGate(int permits) {
        this.permits = permits;
        // Fair, so a batch waiting for four permits is not starved by a stream of single requests.
        this.semaphore = new Semaphore(permits, true);
    }

    /** The gate of one mailbox (for example its user id or principal name, with the Graph host). */
    public static MailboxGate of(String mailboxKey) {
        return SHARED.computeIfAbsent(mailboxKey, key -> new MailboxGate(OUTLOOK_CONCURRENCY));
    }

    /** A gate of its own, not shared: for tests that want another limit. */
    public static MailboxGate unshared(int permits) {
        return new MailboxGate(permits);
    }

    /** Permits a request of {@code parallelRequests} concurrent Graph requests takes. */
    int permitsFor(int parallelRequests) {
        return Math.max(1, Math.min(parallelRequests, permits));
    }

    void acquire(int n) throws InterruptedException {
        semaphore.acquire(n);
    }

    void release(int n) {
        semaphore.release(n);
    }
}
