package org.koppel.sync;

import java.util.Locale;
import java.util.Optional;

/**
 * Spots a peer change that turned a linked contact into another person. Outlook does this on its
 * own: a new contact whose e-mail address is already in the address book gets the existing card's
 * data (reference/tribe-ms365-contacts-nl.txt, section 3), so Petra de Vries, created from Koppel,
 * comes back as Geert van Dijk. Written into the CRM, that would overwrite Petra with Geert.
 *
 * <p>The sign: first and last name both changed while the e-mail address stayed. A person who
 * marries or corrects a typo changes one of the two names; a different person changes both. Such a
 * change is held for a person to accept or reject instead of being synced.
 */
public final class IdentityRewrite {

    private IdentityRewrite() {
    }

    /** Why {@code peer} looks like another person than {@code base}, or empty when it does not. */
    public static Optional<String> suspected(Snapshot base, Snapshot peer) {
        if (base == null) return Optional.empty();
        String sharedEmail = shared(base, peer, ContactSlots.EMAIL_WORK);
        if (sharedEmail == null) sharedEmail = shared(base, peer, ContactSlots.EMAIL_HOME);
        if (sharedEmail == null) return Optional.empty();
        if (!changed(base, peer, ContactSlots.GIVEN_NAME) || !changed(base, peer, ContactSlots.FAMILY_NAME)) {
            return Optional.empty();
        }
        return Optional.of("the peer changed " + name(base) + " into " + name(peer) + " while the e-mail address "
                + sharedEmail + " stayed the same; Outlook does this when two contacts share an e-mail address. "
                + "Held until someone accepts or rejects the change");
    }

    private static String shared(Snapshot base, Snapshot peer, String slot) {
        String before = base.get(slot);
        return before != null && before.equalsIgnoreCase(String.valueOf(peer.get(slot))) ? before : null;
    }

    /** Both set and different (ignoring case): a name only added or removed is not another person. */
    private static boolean changed(Snapshot base, Snapshot peer, String slot) {
        String before = base.get(slot);
        String after = peer.get(slot);
        return before != null && after != null && !before.toLowerCase(Locale.ROOT).equals(after.toLowerCase(Locale.ROOT));
    }

    private static String name(Snapshot s) {
        var parts = new java.util.ArrayList<String>();
        for (String slot : new String[] {ContactSlots.GIVEN_NAME, ContactSlots.INFIX, ContactSlots.FAMILY_NAME}) {
            if (s.get(slot) != null) parts.add(s.get(slot));
        }
        return "'" + String.join(" ", parts) + "'";
    }
}
