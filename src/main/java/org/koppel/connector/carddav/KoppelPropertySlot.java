package org.koppel.connector.carddav;

import java.util.List;
import java.util.Map;

import ezvcard.VCard;
import ezvcard.property.RawProperty;

/**
 * A slot vCard has no property for, carried in Koppel's own X- property (initials:
 * {@code X-KOPPEL-INITIALS:J.H.}). Phones keep X- properties they do not know, so the value
 * survives a round trip even though no phone shows it.
 */
final class KoppelPropertySlot implements SlotMapper {

    private final String slot;
    private final String propertyName;

    KoppelPropertySlot(String slot, String propertyName) {
        this.slot = slot;
        this.propertyName = propertyName;
    }

    @Override
    public List<String> slots() {
        return List.of(slot);
    }

    @Override
    public void read(VCard card, Map<String, String> slots) {
        RawProperty property = card.getExtendedProperty(propertyName);
        if (property != null && property.getValue() != null && !property.getValue().isBlank()) {
            slots.put(slot, property.getValue().strip());
        }
    }

    @Override
    public void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        String value = wanted.get(slot);
        RawProperty property = card.getExtendedProperty(propertyName);
        if (value == null) card.removeExtendedProperty(propertyName);
        else if (property == null) card.addExtendedProperty(propertyName, value);
        else property.setValue(value);
    }
}
