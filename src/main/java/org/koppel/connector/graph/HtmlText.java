package org.koppel.connector.graph;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text of an HTML body as Outlook and To Do write them ({@code <html><head><style>...</style>
 * </head><body><div>line</div>...</body></html>}): block ends and {@code <br>} become line breaks,
 * other tags go, character references are decoded, runs of blank lines shrink to one. Deterministic,
 * so the same body always gives the same text and an unchanged body never looks changed.
 */
final class HtmlText {

    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(head|style|script|title)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)</(p|div|li|tr|h[1-6]|blockquote|pre|table)\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
            "nbsp", " ", "euro", "€", "hellip", "…", "ndash", "–", "mdash", "—");

    private HtmlText() {
    }

    static String toPlain(String html) {
        if (html == null || html.isBlank()) return "";
        String s = INVISIBLE.matcher(html).replaceAll("");
        s = s.replaceAll("[\\r\\n\\t]+", " ");
        s = BREAK.matcher(s).replaceAll("\n");
        s = BLOCK_END.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = decode(s);
        var lines = new StringBuilder();
        boolean blank = false;
        for (String line : s.split("\n", -1)) {
            String l = line.replace('\u00a0', ' ').strip().replaceAll(" {2,}", " ");
            if (l.isEmpty()) {
                blank = !lines.isEmpty();
                continue;
            }
            if (!lines.isEmpty()) lines.append(blank ? "\n\n" : "\n");
            lines.append(l);
            blank = false;
        }
        return lines.toString();
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        var out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            try {
                if (name.startsWith("#x") || name.startsWith("#X")) replacement = Character.toString(Integer.parseInt(name.substring(2), 16));
                else if (name.startsWith("#")) replacement = Character.toString(Integer.parseInt(name.substring(1)));
                else replacement = NAMED.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), m.group());
            } catch (IllegalArgumentException outOfRange) {
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
