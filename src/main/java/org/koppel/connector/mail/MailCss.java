package org.koppel.connector.mail;

import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Keeps the inline styles a mail's layout lives on (colours, fonts, spacing, borders, widths) and
 * drops every other declaration.
 *
 * <p>Style attributes are kept, not dropped, because newsletters and Outlook mails lay out with them
 * alone; without them a logged mail is hard to read. What could do harm is shut out twice: only the
 * properties below are kept (none takes a URL, none positions a box over the CRM's own page, as
 * {@code position: fixed} would, to fake a sign-in form), and a value is kept only when made of plain
 * words, numbers, colours and rgb()/hsl(): no other function (so no {@code url()}, no
 * {@code expression()}), no backslash (so no CSS escape can spell either), no comment, no {@code @}.
 */
final class MailCss {

    static final Set<String> PROPERTIES = Set.of("color", "background-color", "font", "font-family",
            "font-size", "font-style", "font-weight", "font-variant", "text-align", "text-decoration",
            "text-indent", "text-transform", "line-height", "letter-spacing", "word-spacing", "white-space",
            "word-break", "word-wrap", "overflow-wrap", "vertical-align", "direction", "margin", "margin-top",
            "margin-right", "margin-bottom", "margin-left", "padding", "padding-top", "padding-right",
            "padding-bottom", "padding-left", "border", "border-top", "border-right", "border-bottom",
            "border-left", "border-width", "border-style", "border-color", "border-collapse", "border-spacing",
            "border-radius", "width", "min-width", "max-width", "height", "min-height", "max-height",
            "list-style-type", "display", "table-layout", "caption-side");

    private static final Pattern COLOUR_FUNCTION = Pattern.compile("(?:rgba?|hsla?)\\([0-9 .,%/]*\\)");
    private static final Pattern PLAIN_VALUE = Pattern.compile("[-#a-z0-9 .,%'\"!/+]*");

    private MailCss() {
    }

    /** The safe declarations of a style attribute, or null when none is left. */
    static String filter(String style) {
        StringJoiner kept = new StringJoiner("; ");
        for (String declaration : style.split(";")) {
            int colon = declaration.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String property = declaration.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = declaration.substring(colon + 1).strip();
            if (PROPERTIES.contains(property) && isSafe(value)) {
                kept.add(property + ": " + value);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    static boolean isSafe(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.contains("/*") || count(lower, '"') % 2 != 0 || count(lower, '\'') % 2 != 0) {
            return false;
        }
        return PLAIN_VALUE.matcher(COLOUR_FUNCTION.matcher(lower).replaceAll("")).matches();
    }

    private static long count(String text, char c) {
        return text.chars().filter(x -> x == c).count();
    }
}
