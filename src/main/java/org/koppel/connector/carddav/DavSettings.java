package org.koppel.connector.carddav;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and knobs of one CardDAV connection.
 *
 * @param connectTimeout     TCP + TLS connect
 * @param requestTimeout     until the response headers arrive
 * @param maxResponseBytes   bodies above this are refused: a hostile or broken server must not
 *                           exhaust memory (a 207 of a big address book stays far below 64 MiB)
 * @param multigetBatchSize  hrefs per addressbook-multiget REPORT
 * @param allowPlainHttp     send credentials over http:// to hosts other than loopback; off by
 *                           default because Basic auth over plain HTTP hands out the password
 * @param clock              turns an HTTP-date Retry-After into a delay
 */
public record DavSettings(Duration connectTimeout, Duration requestTimeout, long maxResponseBytes,
        int multigetBatchSize, boolean allowPlainHttp, Clock clock) {

    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MULTIGET_BATCH_SIZE = 100;

    public DavSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(clock, "clock");
        if (maxResponseBytes < 1 || maxResponseBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxResponseBytes must be between 1 and ~2 GiB: " + maxResponseBytes);
        }
        if (multigetBatchSize < 1) {
            throw new IllegalArgumentException("multigetBatchSize must be positive: " + multigetBatchSize);
        }
    }

    public static DavSettings defaults() {
        return new DavSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), DEFAULT_MAX_RESPONSE_BYTES,
                DEFAULT_MULTIGET_BATCH_SIZE, false, Clock.systemUTC());
    }

    public DavSettings withTimeouts(Duration connect, Duration request) {
        return new DavSettings(connect, request, maxResponseBytes, multigetBatchSize, allowPlainHttp, clock);
    }

    public DavSettings withMaxResponseBytes(long bytes) {
        return new DavSettings(connectTimeout, requestTimeout, bytes, multigetBatchSize, allowPlainHttp, clock);
    }

    public DavSettings withMultigetBatchSize(int size) {
        return new DavSettings(connectTimeout, requestTimeout, maxResponseBytes, size, allowPlainHttp, clock);
    }

    public DavSettings withAllowPlainHttp(boolean allow) {
        return new DavSettings(connectTimeout, requestTimeout, maxResponseBytes, multigetBatchSize, allow, clock);
    }

    public DavSettings withClock(Clock newClock) {
        return new DavSettings(connectTimeout, requestTimeout, maxResponseBytes, multigetBatchSize, allowPlainHttp,
                newClock);
    }
}
