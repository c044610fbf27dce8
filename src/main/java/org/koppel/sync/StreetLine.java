package org.koppel.sync;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The street part of an address slot: the CRM keeps street and house number apart, address books
 * keep one line ("Keizersgracht 123a", "Via Roma 5"). Joined street first, as the Netherlands,
 * Germany and Italy write it; split back only where the line ends in a house number, so a line
 * written number first ("10 Downing Street") or with a second line stays whole in the street and
 * every line reads back exactly as it came in.
 */
public final class StreetLine {

    /**
     * A street with a letter in it ("Plein 1944" is one), then "123", "123a", "123 A", "12-14", "5/II"
     * or "12 bis": a number, then at most a short addition.
     */
    private static final Pattern ENDS_IN_NUMBER =
            Pattern.compile("^(\\S*\\p{L}.*?)\\s+(\\d+[\\p{L}\\d/-]{0,6}(?:\\s\\p{L}{1,3})?)$");
    /** The length of the CRM's house number. */
    private static final int MAX_HOUSE_NUMBER = 20;

    public record Split(String street, String houseNumber) {
    }

    private StreetLine() {
    }

    /** "Keizersgracht" and "123a" as one line; null when both are empty. */
    public static String join(String street, String houseNumber) {
        boolean s = street != null && !street.isBlank();
        boolean n = houseNumber != null && !houseNumber.isBlank();
        if (s && n) return street.strip() + " " + houseNumber.strip();
        return s ? street.strip() : n ? houseNumber.strip() : null;
    }

    public static Split split(String line) {
        if (line == null || line.isBlank()) return new Split(null, null);
        String stripped = line.strip();
        Matcher m = ENDS_IN_NUMBER.matcher(stripped);
        if (stripped.contains("\n") || !m.matches() || m.group(2).length() > MAX_HOUSE_NUMBER) {
            return new Split(stripped, null);
        }
        Split split = new Split(m.group(1), m.group(2));
        // Only a split that joins back into the same line: "Hoofdstraat  12" (two spaces) stays whole.
        return stripped.equals(join(split.street(), split.houseNumber())) ? split : new Split(stripped, null);
    }
}
