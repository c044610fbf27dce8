package org.koppel.connector.carddav;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.property.RawProperty;
import ezvcard.property.VCardProperty;

/**
 * One slot over a multi-valued property (EMAIL, TEL): the slot is the first value of its kind and
 * writing it replaces or removes only that value, keeping its parameters and group, so the peer's
 * other e-mails and numbers survive (DESIGN, sync rule 5). "First" is the most preferred (PREF),
 * then the first in the card.
 *
 * @param <P> the ez-vcard property type
 */
abstract class FirstOfKindSlot<P extends VCardProperty> implements SlotMapper {

    private final String slot;
    private final ValueKind kind;
    /** {@code kind}, then the fallbacks: the first kind the card has a value of is read. */
    private final List<ValueKind> readOrder;

    /**
     * @param kind what a new value is written as
     * @param fallbacks kinds read when the card has no value of {@code kind}, in order
     */
    FirstOfKindSlot(String slot, ValueKind kind, ValueKind... fallbacks) {
        this.slot = slot;
        this.kind = kind;
        this.readOrder = Stream.concat(Stream.of(kind), Stream.of(fallbacks)).toList();
    }

    abstract Class<P> type();

    abstract String valueOf(P property);

    abstract void setValue(P property, String value);

    /** A new property holding {@code value} marked as {@code kind}. */
    abstract P create(String value, ValueKind kind, VCardVersion version);

    @Override
    public final List<String> slots() {
        return List.of(slot);
    }

    @Override
    public final void read(VCard card, Map<String, String> slots) {
        find(card).ifPresent(property -> slots.put(slot, valueOf(property).strip()));
    }

    @Override
    public final void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        String value = wanted.get(slot);
        Optional<P> found = find(card);
        if (value == null) {
            found.ifPresent(property -> remove(card, property));
        } else if (found.isPresent()) {
            setValue(found.get(), value);
        } else {
            card.addProperty(create(value, kind, VCardText.targetVersion(card)));
        }
    }

    private Optional<P> find(VCard card) {
        List<P> values = card.getProperties(type()).stream()
                .filter(property -> valueOf(property) != null && !valueOf(property).isBlank())
                .toList();
        for (ValueKind wantedKind : readOrder) {
            Optional<P> first = values.stream()
                    .filter(property -> ValueKind.of(property, card) == wantedKind)
                    .min(Comparator.comparingInt(ValueKind::preference));
            if (first.isPresent()) return first;
        }
        return Optional.empty();
    }

    /** Removes the value and, for Apple's item groups, the label left without anything to label. */
    static void remove(VCard card, VCardProperty property) {
        card.removeProperty(property);
        String group = property.getGroup();
        if (group == null) return;
        List<VCardProperty> rest = card.getProperties().stream()
                .filter(other -> group.equalsIgnoreCase(other.getGroup()))
                .toList();
        if (rest.stream().allMatch(FirstOfKindSlot::isAppleAnnotation)) rest.forEach(card::removeProperty);
    }

    private static boolean isAppleAnnotation(VCardProperty property) {
        return property instanceof RawProperty raw
                && raw.getPropertyName().toUpperCase(Locale.ROOT).startsWith("X-AB");
    }

    /** TYPE values as the version's own examples write them: WORK in 3.0, work in 4.0. */
    static String typeName(String type, VCardVersion version) {
        return version == VCardVersion.V4_0 ? type.toLowerCase(Locale.ROOT) : type.toUpperCase(Locale.ROOT);
    }
}
