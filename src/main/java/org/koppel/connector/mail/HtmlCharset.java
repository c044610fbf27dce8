package org.koppel.connector.mail;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charset an HTML part declares in itself ({@code <meta charset>} or the http-equiv form), read
 * when its Content-Type names none, as a browser would look at the page's first bytes.
 */
final class HtmlCharset {

    private static final Pattern META = Pattern.compile("(?is)<meta[^>]*charset\\s*=\\s*[\"']?([a-z0-9._:-]+)");
    private static final int PRESCAN = 4096;

    private HtmlCharset() {
    }

    static String declared(byte[] html) {
        String start = new String(html, 0, Math.min(html.length, PRESCAN), StandardCharsets.ISO_8859_1);
        Matcher meta = META.matcher(start);
        return meta.find() ? meta.group(1) : null;
    }
}
