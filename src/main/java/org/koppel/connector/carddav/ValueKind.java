package org.koppel.connector.carddav;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import ezvcard.VCard;
import ezvcard.parameter.VCardParameters;
import ezvcard.property.RawProperty;
import ezvcard.property.Telephone;
import ezvcard.property.VCardProperty;

/**
 * What an EMAIL or TEL is for, read from its TYPE parameters (vCard 2.1 bare types, 3.0
 * {@code TYPE=INTERNET,WORK} or repeated TYPE, 4.0 {@code TYPE="voice,work"}, any case) and, when
 * those say nothing, from Apple's label in the same item group ({@code item1.X-ABLabel}).
 */
enum ValueKind {
    WORK, HOME, CELL,
    /** No purpose given at all: only INTERNET, VOICE or PREF (Outlook's e-mails, Google's "no label"). */
    UNTYPED,
    /** A purpose Koppel does not map: fax, pager, "other", main number, a custom label. */
    OTHER;

    /** Types that say how, not what for; they leave a value untyped. */
    private static final Set<String> NEUTRAL = Set.of("internet", "voice", "pref", "x400");
    private static final Set<String> CELL_TYPES = Set.of("cell", "mobile", "iphone");
    private static final Set<String> NOT_VOICE = Set.of("fax", "pager", "textphone", "video", "modem", "bbs", "isdn", "car");
    private static final String APPLE_LABEL = "X-ABLabel";

    static ValueKind of(VCardProperty property, VCard card) {
        Set<String> types = types(property);
        boolean telephone = property instanceof Telephone;
        if (telephone && types.stream().anyMatch(CELL_TYPES::contains)) return CELL;
        if (telephone && types.stream().anyMatch(NOT_VOICE::contains)) return OTHER;
        if (types.contains("work")) return WORK;
        if (types.contains("home")) return HOME;
        if (!NEUTRAL.containsAll(types)) return OTHER;
        String label = appleLabel(property, card);
        return label == null ? UNTYPED : ofAppleLabel(label, telephone);
    }

    /**
     * Apple's built-in labels are written as {@code _$!<Work>!$_} whatever the phone's language;
     * anything else is a label the user typed ("Kantoor Utrecht") and counts as other.
     */
    private static ValueKind ofAppleLabel(String label, boolean telephone) {
        return switch (label.strip().toLowerCase(Locale.ROOT)) {
            case "_$!<work>!$_" -> WORK;
            case "_$!<home>!$_" -> HOME;
            case "_$!<mobile>!$_", "_$!<iphone>!$_" -> telephone ? CELL : OTHER;
            default -> OTHER;
        };
    }

    private static String appleLabel(VCardProperty property, VCard card) {
        String group = property.getGroup();
        if (group == null) return null;
        return card.getExtendedProperties(APPLE_LABEL).stream()
                .filter(label -> group.equalsIgnoreCase(label.getGroup()))
                .map(RawProperty::getValue)
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    static Set<String> types(VCardProperty property) {
        return property.getParameters().get(VCardParameters.TYPE).stream()
                .flatMap(type -> Arrays.stream(type.split(",")))
                .map(type -> type.strip().toLowerCase(Locale.ROOT))
                .filter(type -> !type.isEmpty())
                .collect(Collectors.toSet());
    }

    /**
     * Lower comes first: 4.0 PREF=1..100, a 3.0/2.1 TYPE=pref counts as 1, no preference last.
     * The preferred value is the one a phone shows and dials first, so it is "the first value".
     */
    static int preference(VCardProperty property) {
        String pref = property.getParameters().first(VCardParameters.PREF);
        if (pref != null) {
            try {
                return Integer.parseInt(pref.strip());
            } catch (NumberFormatException ignored) {
                // a malformed PREF still says "preferred"
                return 1;
            }
        }
        return types(property).contains("pref") ? 1 : Integer.MAX_VALUE;
    }
}
