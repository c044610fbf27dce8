package org.koppel.microsoft;

import java.io.Serializable;
import java.util.Map;

/**
 * What the employee asked for when pressing Connect (or Sign in again): the folder for a new
 * connection, or the connection whose sign-in to renew. It rides along in the authorization
 * request's attributes, which Spring keeps in the session under the request's state, so it comes
 * back only with the answer to that very request. {@code mail}: whether the sign-in asks for mail
 * access, as e-mail logging is on for the employee ({@link MicrosoftScopes#forSignIn}).
 */
public record ConnectIntent(String folder, Long connectionId, String loginHint, boolean mail) implements Serializable {

    public ConnectIntent(String folder, Long connectionId, String loginHint) {
        this(folder, connectionId, loginHint, false);
    }

    /** The session attribute between the Connect button and the redirect filter. */
    public static final String SESSION_ATTRIBUTE = ConnectIntent.class.getName();

    private static final String FOLDER = "koppel.folder";
    private static final String CONNECTION = "koppel.connection";

    void putInto(Map<String, Object> attributes) {
        attributes.put(FOLDER, folder);
        if (connectionId != null) attributes.put(CONNECTION, connectionId.toString());
    }

    static ConnectIntent from(Map<String, Object> attributes) {
        Object connection = attributes.get(CONNECTION);
        return new ConnectIntent((String) attributes.get(FOLDER),
                connection == null ? null : Long.valueOf(connection.toString()), null);
    }
}
