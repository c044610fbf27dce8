package org.koppel.connector;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A country as the CRM keeps it (ISO 3166 two-letter code) and as address books write it: a name,
 * in the language of the phone that typed it (vCard ADR's country, Graph's countryOrRegion). Koppel
 * writes the English name; it reads English, Dutch, German, French, Italian and Spanish names, a few
 * common other names, and a code written as such. A name it does not know is passed on as it is, so
 * the CRM refuses it with a reason naming it instead of the address losing its country unseen.
 */
public final class CountryNames {

    private static final List<Locale> READ = List.of(Locale.ENGLISH, Locale.forLanguageTag("nl"), Locale.GERMAN,
            Locale.FRENCH, Locale.ITALIAN, Locale.forLanguageTag("es"));
    private static final Map<String, String> CODES = codes();

    private CountryNames() {
    }

    /** "Netherlands" for "NL"; a value that is no known code is written as it is. */
    public static String name(String code) {
        if (code == null || code.isBlank()) return null;
        String upper = code.strip().toUpperCase(Locale.ROOT);
        if (!isCode(upper)) return code.strip();
        return Locale.of("", upper).getDisplayCountry(Locale.ENGLISH);
    }

    /** "NL" for "Nederland", "Netherlands", "the Netherlands" or "nl"; an unknown name as it is. */
    public static String code(String name) {
        if (name == null || name.isBlank()) return null;
        String stripped = name.strip();
        if (stripped.length() == 2 && isCode(stripped.toUpperCase(Locale.ROOT))) return stripped.toUpperCase(Locale.ROOT);
        return CODES.getOrDefault(key(stripped), stripped);
    }

    private static boolean isCode(String upper) {
        return java.util.Set.of(Locale.getISOCountries()).contains(upper);
    }

    private static Map<String, String> codes() {
        var codes = new HashMap<String, String>();
        for (String code : Locale.getISOCountries()) {
            for (Locale language : READ) codes.putIfAbsent(key(Locale.of("", code).getDisplayCountry(language)), code);
        }
        // Names people type that no locale gives.
        Map.of("holland", "NL", "the netherlands", "NL", "usa", "US", "united states of america", "US",
                "uk", "GB", "great britain", "GB", "england", "GB", "deutschland", "DE", "belgie", "BE", "italia", "IT")
                .forEach(codes::put);
        return Map.copyOf(codes);
    }

    /** Case, accents and surrounding spaces do not matter: "België" is "belgie". */
    private static String key(String name) {
        return Normalizer.normalize(name.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }
}
