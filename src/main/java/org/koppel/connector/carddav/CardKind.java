package org.koppel.connector.carddav;

import java.util.Locale;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.property.Kind;
import ezvcard.property.RawProperty;
import org.koppel.sync.ContactSlots;

/**
 * An organisation's card shown as a company. vCard 4.0 says so with {@code KIND:org} (RFC 6350
 * §6.1.4); 3.0 has no KIND, and Apple's Contacts (iCloud's own cards) marks a company card with
 * {@code X-ABShowAs:COMPANY}, which other 3.0 readers ignore. Koppel marks the cards of
 * organisations (once: an existing mark is left as it is) and never removes a mark the peer set.
 */
final class CardKind {

    static final String APPLE_SHOW_AS = "X-ABShowAs";

    private CardKind() {
    }

    static void mark(VCard card, String kindHint) {
        if (!ContactSlots.KIND_ORGANISATION.equals(kindHint)) return;
        if (card.getVersion() == VCardVersion.V4_0) {
            if (card.getKind() == null) card.setKind(Kind.org());
        } else if (card.getExtendedProperties(APPLE_SHOW_AS).stream()
                .noneMatch(p -> "COMPANY".equals(p.getValue() == null ? null : p.getValue().strip().toUpperCase(Locale.ROOT)))) {
            RawProperty mark = card.addExtendedProperty(APPLE_SHOW_AS, "COMPANY");
            mark.setGroup(null);
        }
    }
}
