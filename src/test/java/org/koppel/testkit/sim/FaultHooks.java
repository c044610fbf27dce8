package org.koppel.testkit.sim;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the {@link FaultProxy} needs to know of the server behind it for the faults that depend on
 * the protocol: which requests are conditional writes it can race, and which carry a change cursor.
 */
public interface FaultHooks {

    /** One request as the proxy received it. */
    record Call(String method, String target, Function<String, Optional<String>> header, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The target without its query. */
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    /** A write with a precondition whose item {@link #race} can edit. */
    boolean raceable(Call call);

    /** Edits the item the write is about, directly at the server, so the forwarded write meets a real 412. */
    void race(Call call);

    /** The request asks for changes since a cursor. */
    boolean carriesCursor(Call call);

    /**
     * Makes the server forget the cursor. Either an answer to give instead of forwarding (Radicale's
     * invalid-sync-token error), or empty when the server now answers that itself (Graph's 410).
     */
    Optional<Answer> expireCursor(Call call);

    /** An answer made up by the proxy. */
    record Answer(int status, String contentType, String body) {
    }
}
