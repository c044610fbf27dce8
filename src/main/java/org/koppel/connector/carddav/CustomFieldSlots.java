package org.koppel.connector.carddav;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import ezvcard.VCard;
import ezvcard.property.RawProperty;
import org.koppel.sync.ContactSlots;

/**
 * Custom field slots ({@code custom.<key>}): one {@code X-KOPPEL-CUSTOM;X-KEY=<key>:<value>} per
 * field. A parameter holds the key because a custom field's key may hold "_", which a vCard
 * property name may not, and keeps its case. Phones keep X- properties they do not know, so the
 * values survive their edits, unseen; a custom property Koppel no longer maps stays on the card.
 */
final class CustomFieldSlots {

    static final String PROPERTY = "X-KOPPEL-CUSTOM";
    static final String KEY = "X-KEY";

    private CustomFieldSlots() {
    }

    static void read(VCard card, Map<String, String> slots) {
        for (RawProperty p : card.getExtendedProperties(PROPERTY)) {
            String key = p.getParameter(KEY);
            if (key == null || key.isBlank() || p.getValue() == null || p.getValue().isBlank()) continue;
            slots.putIfAbsent(ContactSlots.CUSTOM_PREFIX + key.strip(), p.getValue().strip());
        }
    }

    /** Writes the custom slots whose value changed between {@code current} and {@code wanted}. */
    static void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        Set<String> slots = new TreeSet<>();
        current.keySet().stream().filter(ContactSlots::isCustom).forEach(slots::add);
        wanted.keySet().stream().filter(ContactSlots::isCustom).forEach(slots::add);
        for (String slot : slots) {
            String value = wanted.get(slot);
            if (Objects.equals(current.get(slot), value)) continue;
            String key = ContactSlots.customKey(slot);
            RawProperty property = card.getExtendedProperties(PROPERTY).stream()
                    .filter(p -> key.equals(p.getParameter(KEY) == null ? null : p.getParameter(KEY).strip()))
                    .findFirst().orElse(null);
            if (value == null) {
                if (property != null) card.removeProperty(property);
            } else if (property != null) {
                property.setValue(value);
            } else {
                card.addExtendedProperty(PROPERTY, value).setParameter(KEY, key);
            }
        }
    }
}
