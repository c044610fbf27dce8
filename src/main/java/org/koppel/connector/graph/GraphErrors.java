package org.koppel.connector.graph;

import java.time.Clock;
import java.time.Duration;

import org.koppel.connector.PeerException;
import org.koppel.microsoft.MicrosoftScopes;
import org.koppel.sync.DataType;

/**
 * Graph answers as the engine's typed failures (DESIGN.md rule 12), with messages a person can act
 * on. Codes and statuses from "Microsoft Graph error responses and resource types"
 * (https://learn.microsoft.com/graph/errors) and, for delta, "Use delta query" (token duration and
 * synchronization reset: https://learn.microsoft.com/graph/delta-query-overview).
 */
final class GraphErrors {

    private GraphErrors() {
    }

    /** An expired or unknown delta token: 410 Gone, or a 4xx with syncStateNotFound / resyncRequired. */
    static boolean cursorExpired(GraphResponse r) {
        String code = r.errorCode();
        return r.status() == 410 || (r.status() >= 400 && r.status() < 500
                && (code.equalsIgnoreCase("syncStateNotFound") || code.equalsIgnoreCase("resyncRequired")));
    }

    /** The typed failure for an answer the caller did not expect; {@code what} names the request for a person. */
    static PeerException failure(GraphResponse r, String what, Clock clock) {
        return failure(r, what, clock, "item", null);
    }

    /**
     * As {@link #failure(GraphResponse, String, Clock)} naming the kind of item: {@code item} names
     * one ("event"), {@code type} the data type whose Graph permission its calls need (null: not named).
     */
    static PeerException failure(GraphResponse r, String what, Clock clock, String item, DataType type) {
        String permission = type == null ? "permission it needs" : MicrosoftScopes.of(type) + " permission";
        String detail = detail(r);
        if (r.throttled()) {
            Duration wait = r.retryAfter(clock).orElse(null);
            return new PeerException.Transient("Microsoft 365 is busy and asked Koppel to wait"
                    + (wait == null ? "" : " " + wait.toSeconds() + " s") + " (" + what + ", " + detail + ")", wait, null);
        }
        if (cursorExpired(r)) {
            return new PeerException.CursorExpired("Microsoft 365 no longer knows where the last sync ended (" + detail
                    + "); everything is listed again", null);
        }
        return switch (r.status()) {
            case 401 -> new PeerException.AuthExpired("Microsoft 365 no longer accepts this connection's sign-in; "
                    + "the owner must sign in again (" + detail + ")", null);
            case 403 -> new PeerException.Configuration("Microsoft 365 does not allow Koppel to " + what
                    + "; was the " + permission + " granted? (" + detail + ")", null);
            case 412 -> new PeerException.VersionMismatch("the " + item + " changed in Microsoft 365 meanwhile (" + what + ")", null);
            case 400, 404, 409, 413, 422 -> new PeerException.ItemRejected("Microsoft 365 refused to " + what + ": " + detail, null);
            default -> new PeerException.Transient("Microsoft 365 could not " + what + " (" + detail + ")", null, null);
        };
    }

    private static String detail(GraphResponse r) {
        String code = r.errorCode();
        String message = r.errorMessage();
        return "HTTP " + r.status() + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message);
    }
}
