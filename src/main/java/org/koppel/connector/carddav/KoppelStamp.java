package org.koppel.connector.carddav;

import ezvcard.VCard;
import ezvcard.property.RawProperty;
import ezvcard.property.Uid;

/**
 * The CRM id stamped into the card ({@code X-KOPPEL-ID:4711}), so a lost link is found again
 * instead of duplicating the relation (DESIGN, sync rule 1), and the card's UID.
 */
final class KoppelStamp {

    static final String CRM_ID_PROPERTY = "X-KOPPEL-ID";

    private KoppelStamp() {
    }

    static void stamp(VCard card, String uid, long crmId) {
        String id = Long.toString(crmId);
        RawProperty existing = card.getExtendedProperty(CRM_ID_PROPERTY);
        if (existing == null) card.addExtendedProperty(CRM_ID_PROPERTY, id);
        else existing.setValue(id);
        // The peer's UID names the resource for every client that has it: never replace it.
        if (uid(card) == null) {
            if (uid == null || uid.isBlank()) {
                throw new IllegalArgumentException("the card has no UID and none was given");
            }
            card.setUid(new Uid(uid));
        }
    }

    /** The stamped CRM id; null when absent or not a number (a user may have edited it). */
    static Long crmId(VCard card) {
        RawProperty stamp = card.getExtendedProperty(CRM_ID_PROPERTY);
        if (stamp == null || stamp.getValue() == null) return null;
        try {
            return Long.valueOf(stamp.getValue().strip());
        } catch (NumberFormatException edited) {
            return null;
        }
    }

    static String uid(VCard card) {
        Uid uid = card.getUid();
        return uid == null || uid.getValue() == null || uid.getValue().isBlank() ? null : uid.getValue().strip();
    }
}
