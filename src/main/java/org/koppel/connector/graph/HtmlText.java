package org.koppel.connector.graph;

import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of an HTML body as Outlook and To Do write them, for {@code AppointmentSlots.DESCRIPTION}
 * and {@code TaskSlots.NOTES}. Both keep bodies as HTML ("itemBody resource type": contentType text or
 * html, https://learn.microsoft.com/graph/api/resources/itembody) and wrap what was written as text in a
 * document of their own ({@code <html><head><style>...</style></head><body><div>line</div>...}), so the
 * text Koppel wrote must come back as that text: head, style and script are dropped, line breaks and
 * block ends become new lines, the source's own white space collapses as a browser shows it, and
 * character references are decoded. Deterministic, so an unchanged body never looks changed. Google
 * Calendar's web app writes event descriptions as HTML too ({@code org.koppel.connector.google.GoogleEvents}).
 */
public final class HtmlText {

    private static final Pattern DROPPED = Pattern.compile("(?is)<(head|style|script|title)\\b.*?</\\1\\s*>|<!--.*?-->|<!doctype[^>]*>");
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)</(p|div|li|tr|h[1-6]|table|ul|ol|blockquote)\\s*>|<(p|div|li|tr|h[1-6])(\\s[^>]*)?>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
            "nbsp", " ", "euro", "€", "hellip", "…", "ndash", "–", "mdash", "—");
    /** Mark line ends made by markup (a break, a block's edge) before the source's white space is collapsed. */
    private static final char NEWLINE = '\u0001';
    private static final char BLOCK = '\u0002';

    private HtmlText() {
    }

    public static String toText(String html) {
        if (html == null) return null;
        String s = DROPPED.matcher(html).replaceAll("");
        s = BREAK.matcher(s).replaceAll(String.valueOf(NEWLINE));
        s = BLOCK_END.matcher(s).replaceAll(String.valueOf(BLOCK));
        s = TAG.matcher(s).replaceAll("");
        s = s.replaceAll("[\\s&&[^\\u0001\\u0002]]+", " ");
        s = decode(s);
        // A break ends the line even when it is empty (two make a blank line); a block only ends a line that has text.
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == NEWLINE || (c == BLOCK && !line.toString().isBlank())) {
                lines.add(line.toString().strip());
                line.setLength(0);
            } else if (c != BLOCK) {
                line.append(c);
            }
        }
        lines.add(line.toString().strip());
        return String.join("\n", lines).strip();
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        var out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r;
            if (e.startsWith("#x") || e.startsWith("#X")) r = codePoint(Integer.parseInt(e.substring(2), 16));
            else if (e.startsWith("#")) r = codePoint(Integer.parseInt(e.substring(1)));
            else r = NAMED.getOrDefault(e.toLowerCase(java.util.Locale.ROOT), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString().replace('\u00a0', ' ');
    }

    private static String codePoint(int cp) {
        return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
    }
}
