package org.koppel.connector.carddav;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ezvcard.VCard;
import ezvcard.property.TextProperty;
import org.koppel.sync.ContactSlots;

/**
 * A slot held by the first of a text property that may repeat: NOTE (the note) or URL (the
 * website). Writing replaces or removes only that first one; the others are the peer's.
 *
 * @param <P> the ez-vcard property type
 */
final class TextPropertySlot<P extends TextProperty> implements SlotMapper {

    private final String slot;
    private final Class<P> type;
    private final Function<String, P> create;

    TextPropertySlot(String slot, Class<P> type, Function<String, P> create) {
        this.slot = slot;
        this.type = type;
        this.create = create;
    }

    @Override
    public List<String> slots() {
        return List.of(slot);
    }

    @Override
    public void read(VCard card, Map<String, String> slots) {
        P first = first(card);
        if (first != null) slots.put(slot, ContactSlots.lines(first.getValue()));
    }

    @Override
    public void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        String value = wanted.get(slot);
        P first = first(card);
        if (value == null) {
            if (first != null) card.removeProperty(first);
        } else if (first != null) {
            first.setValue(value);
        } else {
            card.addProperty(create.apply(value));
        }
    }

    private P first(VCard card) {
        return card.getProperties(type).stream()
                .filter(p -> p.getValue() != null && !p.getValue().isBlank())
                .findFirst().orElse(null);
    }
}
