package org.koppel.connector.carddav;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ezvcard.VCard;
import org.assertj.core.api.SoftAssertions;
import ezvcard.io.scribe.ScribeIndex;
import ezvcard.parameter.VCardParameters;
import ezvcard.property.RawProperty;
import ezvcard.property.TextProperty;
import ezvcard.property.VCardProperty;

/**
 * A card's properties by name, each list in card order, for "did anything else change" checks.
 * Ignores what only describes the transfer (CHARSET, ENCODING, the case of TYPE values) and the
 * order between different property names, which ez-vcard groups and vCard gives no meaning, and
 * the spelling of a line break (a 2.1 quoted-printable CRLF is written as 3.0's \n and read back
 * as LF).
 */
final class PropertyLists {

    private static final ScribeIndex SCRIBES = new ScribeIndex();

    private PropertyLists() {
    }

    static Map<String, List<VCardProperty>> of(String text, Set<String> ignoredNames) {
        VCard card = VCardText.parse(text);
        Map<String, List<VCardProperty>> byName = new TreeMap<>();
        for (VCardProperty property : card) {
            String name = name(property);
            if (ignoredNames.contains(name)) continue;
            byName.computeIfAbsent(name, key -> new ArrayList<>()).add(canonical(property));
        }
        return byName;
    }

    /** Fails naming each property whose values differ, with both lists; ignores the CRM id stamp. */
    static void assertUnchanged(String written, String original, Set<String> ignoredNames) {
        Set<String> ignored = new HashSet<>(ignoredNames);
        ignored.add("X-KOPPEL-ID");
        Map<String, List<VCardProperty>> before = of(original, ignored);
        Map<String, List<VCardProperty>> after = of(written, ignored);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(after.keySet()).as("property names").isEqualTo(before.keySet());
        before.forEach((name, values) -> softly.assertThat(after.get(name)).as(name).isEqualTo(values));
        softly.assertAll();
    }

    private static String lineBreaks(String text) {
        return text.replace("\r\n", "\n");
    }

    private static String name(VCardProperty property) {
        String name = property instanceof RawProperty raw
                ? raw.getPropertyName()
                : SCRIBES.getPropertyScribe(property).getPropertyName();
        return name.toUpperCase(Locale.ROOT);
    }

    private static VCardProperty canonical(VCardProperty property) {
        VCardProperty copy = property.copy();
        VCardParameters parameters = copy.getParameters();
        parameters.removeAll(VCardParameters.CHARSET);
        parameters.removeAll(VCardParameters.ENCODING);
        List<String> types = parameters.get(VCardParameters.TYPE).stream()
                .map(type -> type.toLowerCase(Locale.ROOT))
                .toList();
        parameters.replace(VCardParameters.TYPE, types);
        for (String name : List.copyOf(parameters.keySet())) {
            parameters.replace(name, parameters.get(name).stream().map(PropertyLists::lineBreaks).toList());
        }
        if (copy instanceof TextProperty text && text.getValue() != null) text.setValue(lineBreaks(text.getValue()));
        if (copy.getGroup() != null) copy.setGroup(copy.getGroup().toLowerCase(Locale.ROOT));
        return copy;
    }
}
