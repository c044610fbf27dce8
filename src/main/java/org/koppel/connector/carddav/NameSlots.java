package org.koppel.connector.carddav;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import ezvcard.VCard;
import ezvcard.property.RawProperty;
import ezvcard.property.StructuredName;
import org.koppel.sync.ContactSlots;

/**
 * givenName, infix and familyName, from N's given and family components; how the infix travels is
 * explained in {@link DutchInfix}. The other N components (additional names, prefixes, suffixes)
 * are the peer's and are kept.
 */
final class NameSlots implements SlotMapper {

    static final String INFIX_PROPERTY = "X-KOPPEL-INFIX";

    @Override
    public List<String> slots() {
        return List.of(ContactSlots.GIVEN_NAME, ContactSlots.INFIX, ContactSlots.FAMILY_NAME);
    }

    @Override
    public void read(VCard card, Map<String, String> slots) {
        StructuredName name = card.getStructuredName();
        if (name == null) return;
        putIfPresent(slots, ContactSlots.GIVEN_NAME, name.getGiven());
        DutchInfix.Split split = DutchInfix.split(name.getFamily(), stampedInfix(card));
        putIfPresent(slots, ContactSlots.INFIX, split.infix());
        putIfPresent(slots, ContactSlots.FAMILY_NAME, split.familyName());
    }

    @Override
    public void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        StructuredName name = card.getStructuredName();
        if (name == null) {
            name = new StructuredName();
            card.setStructuredName(name);
        }
        if (changed(ContactSlots.GIVEN_NAME, current, wanted)) name.setGiven(wanted.get(ContactSlots.GIVEN_NAME));
        if (changed(ContactSlots.INFIX, current, wanted) || changed(ContactSlots.FAMILY_NAME, current, wanted)) {
            writeFamily(card, name, wanted.get(ContactSlots.INFIX), wanted.get(ContactSlots.FAMILY_NAME));
        }
    }

    private static void writeFamily(VCard card, StructuredName name, String infix, String familyName) {
        name.setFamily(DutchInfix.join(infix, familyName));
        if (infix != null) {
            stamp(card, infix);
        } else if (familyName != null && DutchInfix.looksLikeInfix(familyName)) {
            // "Ter Horst" with no infix in the CRM: say so, or the next read would split it.
            stamp(card, "");
        } else {
            card.removeExtendedProperty(INFIX_PROPERTY);
        }
    }

    private static void stamp(VCard card, String infix) {
        RawProperty existing = card.getExtendedProperty(INFIX_PROPERTY);
        if (existing == null) card.addExtendedProperty(INFIX_PROPERTY, infix);
        else existing.setValue(infix);
    }

    private static String stampedInfix(VCard card) {
        RawProperty stamp = card.getExtendedProperty(INFIX_PROPERTY);
        if (stamp == null) return null;
        return stamp.getValue() == null ? "" : stamp.getValue();
    }

    private static boolean changed(String slot, Map<String, String> current, Map<String, String> wanted) {
        return !Objects.equals(current.get(slot), wanted.get(slot));
    }

    private static void putIfPresent(Map<String, String> slots, String slot, String value) {
        if (value != null && !value.isBlank()) slots.put(slot, value.strip());
    }
}
