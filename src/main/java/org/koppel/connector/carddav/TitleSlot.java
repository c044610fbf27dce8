package org.koppel.connector.carddav;

import java.util.List;
import java.util.Map;

import ezvcard.VCard;
import ezvcard.property.Title;
import org.koppel.sync.ContactSlots;

/** The job title: the first TITLE. */
final class TitleSlot implements SlotMapper {

    @Override
    public List<String> slots() {
        return List.of(ContactSlots.JOB_TITLE);
    }

    @Override
    public void read(VCard card, Map<String, String> slots) {
        Title title = first(card);
        if (title != null) slots.put(ContactSlots.JOB_TITLE, title.getValue().strip());
    }

    @Override
    public void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        String value = wanted.get(ContactSlots.JOB_TITLE);
        Title title = first(card);
        if (value != null && title != null) title.setValue(value);
        else if (value != null) card.addTitle(value);
        else if (title != null) card.removeProperty(title);
    }

    private static Title first(VCard card) {
        return card.getTitles().stream()
                .filter(title -> title.getValue() != null && !title.getValue().isBlank())
                .findFirst().orElse(null);
    }
}
