package org.koppel.connector.carddav;

import java.util.List;
import java.util.Map;

import ezvcard.VCard;

/** Reads and writes one field group of a card as contact slots ({@link org.koppel.sync.ContactSlots}). */
interface SlotMapper {

    /** The slots this mapper owns. */
    List<String> slots();

    /** Puts the card's values for {@link #slots()} into {@code slots}; absent values get no key. */
    void read(VCard card, Map<String, String> slots);

    /**
     * Changes the card so that {@link #read} gives {@code wanted}, touching nothing else. Called only
     * when one of {@link #slots()} differs between {@code current} (what {@link #read} gives for the
     * card as it is) and {@code wanted}, so an unchanged value never rewrites the peer's text.
     */
    void write(VCard card, Map<String, String> current, Map<String, String> wanted);
}
