package org.koppel.connector.dav;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.koppel.security.OutboundPolicy;

/**
 * Limits and knobs of one CardDAV connection. A hostile or broken server must not exhaust memory
 * nor hold a run: multistatus bodies are parsed as they stream in, and only what is kept counts.
 *
 * @param connectTimeout     TCP + TLS connect
 * @param requestTimeout     until the response headers arrive
 * @param bodyIdleTimeout    the longest pause while a body streams in
 * @param bodyTimeout        the longest a whole body may take, however it trickles
 * @param maxResponseBytes   streamed multistatus bodies above this are refused; they are not held,
 *                           so it bounds the work, not the memory (a 207 of a big address book
 *                           stays far below 64 MiB)
 * @param maxCardBytes       a card above this is skipped with a reason and the run goes on; it also
 *                           bounds every value in a card, such as a PHOTO
 * @param maxHeldCardBytes   card data kept from one multiget answer; cards beyond it are asked for
 *                           again in a following request, so memory stays bounded however many
 *                           large cards a batch holds
 * @param multigetBatchSize  hrefs per addressbook-multiget REPORT
 * @param allowPlainHttp     send credentials over http://; off by default because Basic auth over
 *                           plain HTTP hands out the password. Loopback may use http when the
 *                           outbound policy lets Koppel reach loopback at all.
 * @param outbound           which hosts may be reached ({@link OutboundPolicy})
 * @param clock              turns an HTTP-date Retry-After into a delay
 */
public record DavSettings(Duration connectTimeout, Duration requestTimeout, Duration bodyIdleTimeout,
        Duration bodyTimeout, long maxResponseBytes, long maxCardBytes, long maxHeldCardBytes,
        int multigetBatchSize, boolean allowPlainHttp, OutboundPolicy outbound, Clock clock) {

    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_CARD_BYTES = 1024 * 1024;
    public static final long DEFAULT_MAX_HELD_CARD_BYTES = 8L * 1024 * 1024;
    public static final int DEFAULT_MULTIGET_BATCH_SIZE = 100;

    public DavSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(bodyIdleTimeout, "bodyIdleTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(clock, "clock");
        if (maxResponseBytes < 1 || maxResponseBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxResponseBytes must be between 1 and ~2 GiB: " + maxResponseBytes);
        }
        if (maxCardBytes < 1 || maxCardBytes > maxHeldCardBytes || maxHeldCardBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("need 1 <= maxCardBytes <= maxHeldCardBytes < 2 GiB: " + maxCardBytes
                    + ", " + maxHeldCardBytes);
        }
        if (multigetBatchSize < 1) {
            throw new IllegalArgumentException("multigetBatchSize must be positive: " + multigetBatchSize);
        }
    }

    /** The defaults, reaching only what {@link OutboundPolicy#defaults()} allows (no loopback, no private networks). */
    public static DavSettings defaults() {
        return new DavSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMinutes(5), DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_CARD_BYTES, DEFAULT_MAX_HELD_CARD_BYTES,
                DEFAULT_MULTIGET_BATCH_SIZE, false, OutboundPolicy.defaults(), Clock.systemUTC());
    }

    public DavSettings withTimeouts(Duration connect, Duration request) {
        return new DavSettings(connect, request, bodyIdleTimeout, bodyTimeout, maxResponseBytes, maxCardBytes,
                maxHeldCardBytes, multigetBatchSize, allowPlainHttp, outbound, clock);
    }

    public DavSettings withBodyTimeouts(Duration idle, Duration total) {
        return new DavSettings(connectTimeout, requestTimeout, idle, total, maxResponseBytes, maxCardBytes,
                maxHeldCardBytes, multigetBatchSize, allowPlainHttp, outbound, clock);
    }

    public DavSettings withMaxResponseBytes(long bytes) {
        return new DavSettings(connectTimeout, requestTimeout, bodyIdleTimeout, bodyTimeout, bytes, maxCardBytes,
                maxHeldCardBytes, multigetBatchSize, allowPlainHttp, outbound, clock);
    }

    public DavSettings withCardLimits(long cardBytes, long heldCardBytes) {
        return new DavSettings(connectTimeout, requestTimeout, bodyIdleTimeout, bodyTimeout, maxResponseBytes,
                cardBytes, heldCardBytes, multigetBatchSize, allowPlainHttp, outbound, clock);
    }

    public DavSettings withMultigetBatchSize(int size) {
        return new DavSettings(connectTimeout, requestTimeout, bodyIdleTimeout, bodyTimeout, maxResponseBytes,
                maxCardBytes, maxHeldCardBytes, size, allowPlainHttp, outbound, clock);
    }

    public DavSettings withAllowPlainHttp(boolean allow) {
        return new DavSettings(connectTimeout, requestTimeout, bodyIdleTimeout, bodyTimeout, maxResponseBytes,
                maxCardBytes, maxHeldCardBytes, multigetBatchSize, allow, outbound, clock);
    }

    public DavSettings withOutbound(OutboundPolicy policy) {
        return new DavSettings(connectTimeout, requestTimeout, bodyIdleTimeout, bodyTimeout, maxResponseBytes,
                maxCardBytes, maxHeldCardBytes, multigetBatchSize, allowPlainHttp, policy, clock);
    }

    public DavSettings withClock(Clock newClock) {
        return new DavSettings(connectTimeout, requestTimeout, bodyIdleTimeout, bodyTimeout, maxResponseBytes,
                maxCardBytes, maxHeldCardBytes, multigetBatchSize, allowPlainHttp, outbound, newClock);
    }

    /** "1 MiB", "256 KiB", "4096 bytes": a size as run reports show it. */
    static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
