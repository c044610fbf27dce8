package org.koppel.security;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When credentials may go over plain http: only to loopback, which never crosses a wire, and only
 * where the {@link OutboundPolicy} lets Koppel reach loopback at all (tests, a server on the same
 * machine). Shared by every connector that sends a password or key to a URL a user typed.
 */
public final class PlainHttp {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");

    private PlainHttp() {
    }

    public static boolean allowed(String host, OutboundPolicy outbound) {
        return isLoopback(host) && outbound.permits(LOOPBACK);
    }

    /**
     * Literal forms only: resolving the name would let DNS decide where the credentials go. A whole
     * address, not a prefix: "127.0.0.1.attacker.example" is a name like any other.
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || LOOPBACK_V4.matcher(h).matches() || h.equals("[::1]") || h.equals("::1");
    }
}
