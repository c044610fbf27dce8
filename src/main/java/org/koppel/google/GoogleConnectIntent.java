package org.koppel.google;

import java.io.Serializable;
import java.util.Map;

/**
 * What the employee asked for when pressing Connect Google (or Sign in again): a new connection, or
 * the connection whose sign-in to renew, and which data types the sign-in asks access for. It rides
 * along in the authorization request's attributes, which Spring keeps in the session under the
 * request's state, so it comes back only with the answer to that very request.
 */
public record GoogleConnectIntent(Long connectionId, String loginHint, boolean appointments, boolean tasks)
        implements Serializable {

    private static final String CONNECTION = "koppel.google.connection";

    void putInto(Map<String, Object> attributes) {
        if (connectionId != null) attributes.put(CONNECTION, connectionId.toString());
    }

    static GoogleConnectIntent from(Map<String, Object> attributes) {
        Object connection = attributes.get(CONNECTION);
        return new GoogleConnectIntent(connection == null ? null : Long.valueOf(connection.toString()), null, false, false);
    }
}
