package org.koppel.connector.imap;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.koppel.connector.PeerException;
import org.koppel.crm.Checks;

/**
 * An {@code imap} connection's settings, read from the connection's map. Keys:
 * <ul>
 * <li>{@code host} (required), {@code port} (default by security: 993 for SSL, 143 otherwise)</li>
 * <li>{@code security}: {@code SSL} (default, TLS from the first byte), {@code STARTTLS} (plain
 *     connect, then TLS is required before sign-in) or {@code NONE} (no TLS: only to a loopback host,
 *     for tests and local bridges such as Proton Mail Bridge; the password would otherwise cross the
 *     network in the clear)</li>
 * <li>{@code username} (required); the password is the connection's secret</li>
 * <li>{@code folders}: the folders whose marked mails are logged, comma separated; blank means
 *     INBOX plus the folder the server names as sent mail (SPECIAL-USE {@code \Sent}, RFC 6154)</li>
 * <li>{@code maxMailBytes}: a mail larger than this is rejected without being fetched (default 50 MB)</li>
 * <li>{@code connectTimeoutSeconds} (default 20), {@code readTimeoutSeconds} (default 60)</li>
 * </ul>
 */
record ImapSettings(String host, int port, Security security, String username, List<String> folders,
                    long maxMailBytes, Duration connectTimeout, Duration readTimeout) {

    static final String HOST = "host";
    static final String PORT = "port";
    static final String SECURITY = "security";
    static final String USERNAME = "username";
    static final String FOLDERS = "folders";
    static final String MAX_MAIL_BYTES = "maxMailBytes";
    static final String CONNECT_TIMEOUT = "connectTimeoutSeconds";
    static final String READ_TIMEOUT = "readTimeoutSeconds";

    static final long DEFAULT_MAX_MAIL_BYTES = 50L * 1024 * 1024;

    enum Security {
        SSL(993), STARTTLS(143), NONE(143);

        final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    ImapSettings {
        folders = List.copyOf(folders);
    }

    /**
     * The settings of a stored connection. A value that cannot be read is the connection's
     * configuration error, named by its key (setUp reports the same per field before it is stored).
     */
    static ImapSettings of(Map<String, String> settings) {
        String host = Checks.clean(settings.get(HOST));
        String username = Checks.clean(settings.get(USERNAME));
        if (host == null) throw new PeerException.Configuration("the IMAP connection has no host", null);
        if (username == null) throw new PeerException.Configuration("the IMAP connection has no username", null);
        Security security = security(settings.get(SECURITY));
        int port = (int) number(settings, PORT, security.defaultPort, 1, 65535);
        return new ImapSettings(host, port, security, username, folders(settings.get(FOLDERS)),
                number(settings, MAX_MAIL_BYTES, DEFAULT_MAX_MAIL_BYTES, 1, Long.MAX_VALUE),
                Duration.ofSeconds(number(settings, CONNECT_TIMEOUT, 20, 1, 600)),
                Duration.ofSeconds(number(settings, READ_TIMEOUT, 60, 1, 3600)));
    }

    static Security security(String value) {
        String v = Checks.clean(value);
        if (v == null) return Security.SSL;
        try {
            return Security.valueOf(v.toUpperCase(Locale.ROOT).replace("/", "").replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new PeerException.Configuration("security '" + v + "' is none of SSL, STARTTLS, NONE", null);
        }
    }

    /** The configured folders, in order, without blanks and repeats; empty means "INBOX and Sent". */
    static List<String> folders(String value) {
        if (Checks.clean(value) == null) return List.of();
        return Arrays.stream(value.split(",")).map(String::strip).filter(f -> !f.isEmpty()).distinct().toList();
    }

    private static long number(Map<String, String> settings, String key, long fallback, long min, long max) {
        String v = Checks.clean(settings.get(key));
        if (v == null) return fallback;
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new PeerException.Configuration(key + " '" + v + "' is no number from " + min + " to " + max, null);
        }
    }
}
