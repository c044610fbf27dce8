package org.koppel.connector.dav;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure worth retrying later: 5xx, 408, 429, a timeout, a reset connection. When the server
 * sent Retry-After (RFC 9110 §10.2.3, either delay-seconds or an HTTP-date) it is here as a delay;
 * callers honour it before their own backoff.
 */
public final class DavTransientException extends DavException {

    private final transient Duration retryAfter;

    public DavTransientException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, status, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
