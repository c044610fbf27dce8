package org.koppel.connector.carddav;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Dutch "tussenvoegsel" in a vCard family name.
 *
 * <p>Public because Google's names have no infix either: the Google contact peer splits and joins
 * the same way, with its infix stamp in client data instead of {@code X-KOPPEL-INFIX}.
 *
 * <p>vCard's N property has family; given; additional; prefix; suffix, and no infix. Phones show
 * and sort on the family component, so Koppel writes the whole surname there ("van der Berg") and
 * carries the infix beside it in {@code X-KOPPEL-INFIX:van der}. Reading splits the family name
 * again:
 * <ol>
 * <li>{@code X-KOPPEL-INFIX} present and the family name still starts with it (ignoring case and
 * runs of whitespace): the property's value is the infix, the rest is the family name. An empty
 * {@code X-KOPPEL-INFIX} is Koppel saying "no infix" for a surname such as "Ter Horst" that would
 * otherwise be split by the list below.</li>
 * <li>Otherwise (the card was made or its surname retyped on a phone, which drops or outdates the
 * property) the longest leading tussenvoegsel from {@link #KNOWN} is split off, only when a name
 * remains after it. A recognised infix is returned in lower case with a straight apostrophe, as
 * the Dutch population register stores it; iPhones capitalise the first word of a field ("Van der
 * Berg") and type "’t".</li>
 * </ol>
 * Known limit: Flemish surnames such as "De Smet", where the particle is part of the surname, are
 * split too when they arrive without {@code X-KOPPEL-INFIX}. The vCard itself is never rewritten
 * because of it: the family component only changes when the CRM changes the name.
 */
public final class DutchInfix {

    /** The common Dutch tussenvoegsels; longest match wins, so "van der" beats "van". */
    static final List<String> KNOWN = List.of(
            "van", "van de", "van der", "van den", "van het", "van 't", "van ter", "van ten", "van de la",
            "de", "den", "der", "des", "het", "'t", "'s", "te", "ten", "ter", "de la",
            "in de", "in den", "in der", "in het", "in 't",
            "op de", "op den", "op der", "op het", "op 't", "op ten",
            "uit de", "uit den", "uit het", "uit 't", "uit te de",
            "aan de", "aan den", "aan der", "aan het", "aan 't",
            "bij de", "bij den", "bij het", "bij 't",
            "onder de", "onder den", "onder het", "onder 't",
            "over de", "over het", "over 't",
            "voor de", "voor den", "voor het", "voor 't", "voor in 't",
            "von", "von der", "von dem");

    private static final List<List<String>> BY_LENGTH = KNOWN.stream()
            .map(DutchInfix::words)
            .sorted(Comparator.comparingInt((List<String> words) -> words.size()).reversed())
            .toList();

    /** A family name as a person would write it: "van der" + "Berg". */
    public record Split(String infix, String familyName) {
    }

    private DutchInfix() {
    }

    /**
     * Splits the N family component. {@code stampedInfix} is the {@code X-KOPPEL-INFIX} value, or
     * null when the card has none. Blank parts come back as null.
     */
    public static Split split(String nFamily, String stampedInfix) {
        String family = blankToNull(nFamily);
        if (family == null) return new Split(null, null);
        if (stampedInfix != null) {
            String stamped = stampedInfix.strip();
            if (stamped.isEmpty()) return new Split(null, family);
            Optional<String> rest = after(family, words(stamped));
            if (rest.isPresent()) return new Split(stamped, blankToNull(rest.get()));
        }
        for (List<String> infix : BY_LENGTH) {
            Optional<String> rest = after(family, infix);
            if (rest.isPresent() && !rest.get().isBlank()) return new Split(String.join(" ", infix), rest.get());
        }
        return new Split(null, family);
    }

    /** Whether {@link #split} would find an infix in a surname that has none. */
    public static boolean looksLikeInfix(String familyName) {
        return split(familyName, null).infix() != null;
    }

    /** The N family component for a person: "van der Berg". */
    public static String join(String infix, String familyName) {
        String joined = String.join(" ", nonBlank(infix), nonBlank(familyName)).strip();
        return joined.isEmpty() ? null : joined;
    }

    /**
     * The rest of {@code family} after its leading words equal {@code infix} (ignoring case and
     * the typographic apostrophe of "in ’t Veld"), keeping the rest exactly as written.
     */
    private static Optional<String> after(String family, List<String> infix) {
        String rest = family.strip();
        for (String word : infix) {
            String[] headAndTail = rest.split("\\s+", 2);
            if (!normalise(headAndTail[0]).equals(word)) return Optional.empty();
            rest = headAndTail.length == 2 ? headAndTail[1] : "";
        }
        return Optional.of(rest.strip());
    }

    private static List<String> words(String infix) {
        return Arrays.stream(infix.strip().split("\\s+")).map(DutchInfix::normalise).toList();
    }

    private static String normalise(String word) {
        return word.replace('\u2019', '\'').replace('\u2018', '\'').toLowerCase(Locale.ROOT);
    }

    private static String nonBlank(String text) {
        return text == null ? "" : text.strip();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
