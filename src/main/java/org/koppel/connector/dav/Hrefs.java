package org.koppel.connector.dav;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hrefs as the sync engine stores them (the peer id of a link): the absolute path, percent-encoded
 * one canonical way. Servers spell the same resource differently ({@code a%40b.vcf} in one
 * response, {@code a@b.vcf} in the next, a full URL here and a path there; RFC 4918 §8.3 allows
 * all of it), so every href is normalized before it is compared or stored.
 *
 * <p>Canonical form: each path segment percent-decoded, then re-encoded keeping only RFC 3986 §2.3
 * unreserved characters, with uppercase hex. A href on another origin than the address book stays
 * a full URL.
 */
public final class Hrefs {

    private static final Pattern ORIGIN = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)(.*)$");
    /** A UID usable as a file name as it is: short, unreserved characters, not a dot file. */
    private static final Pattern SAFE_UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");

    private Hrefs() {
    }

    /** The address book URL with exactly one trailing slash, as RFC 4918 §5.2 spells collections. */
    public static URI collection(URI url) {
        Objects.requireNonNull(url, "url");
        String path = canonicalPath(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(origin(url) + path);
    }

    /** The canonical href of {@code href} (a path, a relative name or a full URL) seen from {@code collection}. */
    public static String normalize(URI collection, String href) {
        URI resolved = resolve(collection, href);
        return sameOrigin(collection, resolved) ? resolved.getRawPath() : resolved.toString();
    }

    /** The absolute URL of {@code href}, relative names resolved against the collection (RFC 3986 §5.2). */
    public static URI resolve(URI collection, String href) {
        Objects.requireNonNull(href, "href");
        URI base = collection(collection);
        String raw = href.strip();
        Matcher m = ORIGIN.matcher(raw);
        String origin = m.matches() ? m.group(1) : null;
        String path = m.matches() ? m.group(2) : raw;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut); // DAV member hrefs carry no query or fragment
        }
        String encoded = canonicalPath(path.isEmpty() ? "/" : path);
        URI target = origin != null ? URI.create(origin + encoded) : base.resolve(URI.create(encoded));
        return target.normalize();
    }

    /** Whether {@code href} names a direct member of the address book (not the book, not deeper). */
    public static boolean isMember(URI collection, String href) {
        URI base = collection(collection);
        URI target = resolve(base, href);
        if (!sameOrigin(base, target)) {
            return false;
        }
        String path = target.getRawPath();
        String parent = base.getRawPath();
        if (!path.startsWith(parent) || path.length() == parent.length()) {
            return false;
        }
        String rest = path.substring(parent.length());
        return !rest.isEmpty() && rest.indexOf('/') < 0;
    }

    /**
     * The href for a new card with this UID: {@code <collection>/<uid>.vcf} (RFC 6352 §5.1 leaves the
     * name to the client). A UID that isn't a safe file name becomes a SHA-256 digest of it instead of
     * a lossy replacement: "a b" and "a-b" must not both become "a-b.vcf", or a create answered 412
     * would link the wrong card. The caller still checks the UID of a card it links after a 412.
     */
    public static String forUid(URI collection, String uid, String extension) {
        Objects.requireNonNull(uid, "uid");
        if (uid.isBlank()) {
            throw new IllegalArgumentException("a member needs a UID to name its href");
        }
        String name = SAFE_UID.matcher(uid).matches() ? uid : "uid-" + sha256(uid).substring(0, 40);
        return collection(collection).getRawPath() + name + "." + extension;
    }

    private static String canonicalPath(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 16);
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            String segment = slash < 0 ? path.substring(start) : path.substring(start, slash);
            sb.append(encodeSegment(decode(segment)));
            if (slash < 0) {
                return sb.toString();
            }
            sb.append('/');
            start = slash + 1;
        }
    }

    /** Percent-decoding that leaves a stray '%' alone: servers do send raw '%' in names. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && isHex(segment.charAt(i + 1)) && isHex(segment.charAt(i + 2))) {
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < segment.length()) {
                    b = segment.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String encodeSegment(String segment) {
        StringBuilder sb = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
    }

    static boolean sameOrigin(URI a, URI b) {
        return origin(a).equalsIgnoreCase(origin(b));
    }

    private static String origin(URI url) {
        if (url.getRawAuthority() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + url);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + url.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":\\d+$", "")
                + (defaultPort ? "" : ":" + port);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
