package org.koppel.connector.carddav;

import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ezvcard.VCard;
import ezvcard.property.FormattedName;
import org.koppel.sync.ContactSlots;

/**
 * FN, the name a phone shows. It is no slot: Koppel regenerates it ("Jan van der Berg", or the
 * organisation for a company card) only when the name it is made from changed, so a display
 * name the user chose ("Jan (aannemer)") survives every sync that leaves the name alone.
 */
final class FormattedNames {

    private FormattedNames() {
    }

    static void update(VCard card, Map<String, String> current, Map<String, String> wanted) {
        String before = displayName(current);
        String after = displayName(wanted);
        FormattedName fn = card.getFormattedName();
        if (fn == null) {
            // FN is required from vCard 3.0 on; a converted 2.1 card may lack it.
            card.setFormattedName(after == null ? "" : after);
        } else if (after != null && !Objects.equals(before, after)) {
            fn.setValue(after);
        }
    }

    static String displayName(Map<String, String> slots) {
        String name = Stream.of(ContactSlots.GIVEN_NAME, ContactSlots.INFIX, ContactSlots.FAMILY_NAME)
                .map(slots::get)
                .filter(Objects::nonNull)
                .collect(Collectors.joining(" "));
        return name.isEmpty() ? slots.get(ContactSlots.ORGANISATION) : name;
    }
}
