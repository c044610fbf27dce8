package org.koppel.oauth;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import org.koppel.crm.Checks;

/** The checks on a provider's addresses an admin enters (sign-in endpoints, API base URLs). */
public final class ProviderUrls {

    private ProviderUrls() {
    }

    /**
     * Tokens and the client secret travel to these hosts, so plain http is refused, except on the
     * loopback interface where tests (and a local proxy) live.
     */
    public static void check(Checks checks, String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            checks.problem(field, "'" + url + "' is not a web address");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            checks.problem(field, "'" + url + "' is not a web address (expected https://host/...)");
        } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            checks.problem(field, "must not contain a user name, a query (?...) or a fragment (#...)");
        } else if (scheme.equals("http") && !loopback(uri.getHost())) {
            checks.problem(field, "must use https: tokens and the client secret travel there (plain http only on this "
                    + "machine: localhost or 127.0.0.1)");
        }
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) return true;
        // only literal addresses: a name is not resolved, so what it points at cannot change later
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Without a trailing slash, as paths are appended to it. */
    public static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
