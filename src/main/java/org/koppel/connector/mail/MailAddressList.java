package org.koppel.connector.mail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an address header (From, To, Cc, Bcc) as real mails write it, not only as RFC 5322 says.
 *
 * <p>Written here rather than with {@code InternetAddress.parseHeader}, which even when lenient splits
 * {@code Doe, John <john@example.com>} (an unquoted comma, as some clients send) into an address "Doe"
 * and one for "John", and keeps {@code Bob bob@example.com} as one address with a space. Here a part
 * without an address is joined to the next one that has brackets, group syntax
 * ({@code undisclosed-recipients:;}) is read as its members, and what is still no address is left
 * out with a note, never failing the mail.
 */
final class MailAddressList {

    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>(),;:\"\\[\\]\\\\]+@[^\\s@<>(),;:\"\\\\]+");

    private MailAddressList() {
    }

    /** The header's addresses in order, each address once (the first with it wins). */
    static List<MailAddress> parse(String header, String field, MailNotes notes) {
        Map<String, MailAddress> byAddress = new LinkedHashMap<>();
        if (header == null) {
            return List.of();
        }
        List<String> parts = split(MailCharsets.rawHeader(EncodedWords.unfold(header)));
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            // "Doe, John <john@example.com>": a part with no address belongs to the next, bracketed one.
            while (!hasAt(part) && i + 1 < parts.size() && parts.get(i + 1).contains("<")) {
                part = part + ", " + parts.get(++i);
            }
            if (part.isBlank()) {
                continue;
            }
            MailAddress address = address(part, notes);
            if (address == null) {
                notes.add(field + " address " + MailNotes.quote(part) + " could not be read; it was left out");
            } else {
                byAddress.putIfAbsent(address.address(), address);
            }
        }
        return List.copyOf(byAddress.values());
    }

    /** Splits at commas, semicolons and group names outside quotes, comments and brackets. */
    private static List<String> split(String header) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int comment = 0;
        boolean quoted = false;
        boolean bracket = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && (quoted || comment > 0) && i + 1 < header.length()) {
                part.append(c).append(header.charAt(++i));
                continue;
            }
            if (quoted) {
                quoted = c != '"';
            } else if (comment > 0) {
                comment += c == '(' ? 1 : c == ')' ? -1 : 0;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                comment = 1;
            } else if (bracket && c == ',' && !header.startsWith("@", i + 1)) {
                // "<dave@example.org, eve@..." lacks its '>'; only an obsolete route has a comma inside.
                bracket = false;
                parts.add(part.toString());
                part.setLength(0);
                continue;
            } else if (bracket) {
                bracket = c != '>';
            } else if (c == '<') {
                bracket = true;
            } else if (c == ',' || c == ';') {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            } else if (c == ':' && !hasAt(part.toString())) {
                part.setLength(0);   // "Team: a@example.com, b@example.com;" - the group's name is no address
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    private static MailAddress address(String part, MailNotes notes) {
        StringBuilder comments = new StringBuilder();
        String text = withoutComments(part, comments);
        int open = outsideQuotes(text, '<');
        String address;
        String name;
        if (open >= 0) {
            int close = text.indexOf('>', open);
            address = text.substring(open + 1, close < 0 ? text.length() : close);
            address = address.substring(address.lastIndexOf(':') + 1);   // an obsolete route, "@relay:"
            name = text.substring(0, open);
            if (name.isBlank() && close >= 0) {
                name = text.substring(close + 1);
            }
        } else {
            int[] at = findAddress(text);
            if (at == null) {
                return null;
            }
            address = text.substring(at[0], at[1]);
            name = text.substring(0, at[0]) + text.substring(at[1]);
        }
        address = address.strip().replaceFirst("(?i)^mailto:", "").replaceAll("^['\"]+|['\"]+$", "");
        if (!ADDRESS.matcher(address).matches()) {
            return null;
        }
        if (name.isBlank()) {
            name = comments.toString();
        }
        return new MailAddress(address.toLowerCase(Locale.ROOT), displayName(name, notes));
    }

    /**
     * Where the first word with an '@' is, as [start, end). Scanned out from each '@', not found with a
     * regular expression, whose search would take quadratic time on a long header without one.
     */
    private static int[] findAddress(String text) {
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > 0 && isAddressChar(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && isAddressChar(text.charAt(end))) {
                end++;
            }
            if (start < at && end > at + 1) {
                return new int[] {start, end};
            }
        }
        return null;
    }

    private static boolean isAddressChar(char c) {
        return !Character.isWhitespace(c) && "@<>(),;:\"\\".indexOf(c) < 0;
    }

    private static String displayName(String raw, MailNotes notes) {
        String name = unquote(raw.strip());
        // Outlook's 'John Doe' <john@example.com>.
        if (name.length() >= 2 && name.startsWith("'") && name.endsWith("'")) {
            name = name.substring(1, name.length() - 1);
        }
        name = EncodedWords.decode(name, notes).replaceAll("\\s+", " ").strip();
        return name.isEmpty() ? null : name;
    }

    /** Quotes dropped, quoted pairs ({@code \"}) read as the character they escape. */
    private static String unquote(String text) {
        StringBuilder plain = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                plain.append(text.charAt(++i));
            } else if (c != '"') {
                plain.append(c);
            }
        }
        return plain.toString();
    }

    private static String withoutComments(String part, StringBuilder comments) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\' && i + 1 < part.length()) {
                (depth > 0 ? comments : text).append(c).append(part.charAt(++i));
            } else if (depth == 0 && c == '"') {
                quoted = !quoted;
                text.append(c);
            } else if (!quoted && c == '(') {
                if (depth++ > 0) {
                    comments.append(c);
                }
            } else if (!quoted && depth > 0 && c == ')') {
                if (--depth > 0) {
                    comments.append(c);
                }
            } else {
                (depth > 0 ? comments : text).append(c);
            }
        }
        return text.toString();
    }

    private static int outsideQuotes(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasAt(String part) {
        return part.indexOf('@') >= 0;
    }
}
