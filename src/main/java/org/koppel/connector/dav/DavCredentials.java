package org.koppel.connector.dav;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and (app) password for HTTP Basic authentication (RFC 7617). {@link #toString()}
 * never shows the password, so a credential that ends up in a log line or an exception message
 * leaks nothing.
 */
public record DavCredentials(String user, String password) {

    public DavCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            // RFC 7617 §2: the user-id cannot contain a colon; the server would split it wrongly.
            throw new IllegalArgumentException("a Basic-auth user name cannot contain ':'");
        }
    }

    String basicAuthorization() {
        String pair = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "DavCredentials[user=" + user + ", password=***]";
    }
}
