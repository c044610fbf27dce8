package org.koppel.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passwords written into an address ({@code https://user:secret@dav.example.com/}). A connection's
 * settings are stored in plain text and shown to its owner and admins; only its {@code secret} is
 * encrypted and never shown. So an address with a password is refused, and one stored before that
 * was refused is shown with the password masked.
 */
public final class ConnectionUrls {

    static final String MASK = "****";

    private ConnectionUrls() {
    }

    /** Whether the value is an address (with or without a scheme) whose user part holds a password. */
    public static boolean holdsPassword(String value) {
        return passwordAt(value) != null;
    }

    /** The value with the password of its user part replaced by {@value #MASK}. */
    public static String withoutPassword(String value) {
        int[] at = passwordAt(value);
        return at == null ? value : value.substring(0, at[0]) + MASK + value.substring(at[1]);
    }

    public static Map<String, String> withoutPasswords(Map<String, String> settings) {
        if (settings.values().stream().noneMatch(ConnectionUrls::holdsPassword)) return settings;
        var shown = new LinkedHashMap<String, String>();
        settings.forEach((name, value) -> shown.put(name, withoutPassword(value)));
        return shown;
    }

    /** Start and end of the password in {@code [scheme://]user:password@host...}; null when there is none. */
    private static int[] passwordAt(String value) {
        if (value == null) return null;
        int scheme = value.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = value.length();
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c)) {
                end = i;
                break;
            }
        }
        int at = value.lastIndexOf('@', end - 1);
        if (at < start) return null;
        int colon = value.indexOf(':', start);
        if (colon < 0 || colon > at) return null;
        return new int[] {colon + 1, at};
    }
}
