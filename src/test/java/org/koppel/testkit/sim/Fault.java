package org.koppel.testkit.sim;

/** What the {@link FaultProxy} can do to one HTTP exchange instead of passing it through untouched. */
public enum Fault {
    /** 500, 502 or 503 without reaching the server. */
    SERVER_ERROR,
    /** 429 with a short Retry-After, without reaching the server. */
    THROTTLED,
    /** Held past the client's timeout, never forwarded. */
    TIMEOUT_BEFORE,
    /** Forwarded (the server acts on it), the answer held past the client's timeout: the client cannot know. */
    TIMEOUT_AFTER,
    /** Connection reset before forwarding. */
    RESET_BEFORE,
    /** Forwarded, then the connection reset instead of the answer. */
    RESET_AFTER,
    /** Forwarded; the answer's body cut off halfway (its Content-Length promises more). */
    TRUNCATED_BODY,
    /** Forwarded; a 2xx answer's body replaced with broken XML or JSON. */
    MALFORMED_BODY,
    /** A conditional write: the item is edited at the server just before the write is forwarded, so its 412 is real. */
    PRECONDITION_RACE,
    /** A request with a change cursor: the server is made to forget it (Radicale: invalid sync token; Graph: expired delta). */
    CURSOR_EXPIRED
}
