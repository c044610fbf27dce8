package org.koppel.connector.graph;

import java.util.List;

import org.koppel.sync.ContactSlots;

/**
 * Which e-mail slot the first and the second address of Outlook's untyped list hold.
 *
 * <p>Outlook keeps e-mail addresses in one list without types. The person kind decides the order
 * (the Tribe document, section 2: for a contact person the first address is the business e-mail;
 * for a private individual it is the private e-mail): a contact person's list is work, then home;
 * a private individual's is home, then work. When the preferred first address is absent and the
 * other is present, the other goes first, since a list has no holes: a contact person with only a
 * private address gets that address first, under the home-first layout.
 *
 * <p>The layout written is stored in an extended property so a read knows what the positions mean,
 * whatever the kind is then. A contact without it (made in Outlook) is read work-first, as a
 * contact person. Addresses after the second are never Koppel's and stay as they are.
 */
enum EmailLayout {

    WORK_FIRST("work-first", List.of(ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME)),
    HOME_FIRST("home-first", List.of(ContactSlots.EMAIL_HOME, ContactSlots.EMAIL_WORK));

    final String stored;
    final List<String> slots;

    EmailLayout(String stored, List<String> slots) {
        this.stored = stored;
        this.slots = slots;
    }

    static EmailLayout ofStored(String value) {
        return HOME_FIRST.stored.equals(value) ? HOME_FIRST : WORK_FIRST;
    }

    static EmailLayout forWriting(String kind, java.util.Map<String, String> wanted) {
        EmailLayout preferred = ContactSlots.KIND_PRIVATE_INDIVIDUAL.equals(kind) ? HOME_FIRST : WORK_FIRST;
        EmailLayout other = preferred == WORK_FIRST ? HOME_FIRST : WORK_FIRST;
        boolean firstAbsent = wanted.get(preferred.slots.get(0)) == null;
        boolean secondPresent = wanted.get(preferred.slots.get(1)) != null;
        return firstAbsent && secondPresent ? other : preferred;
    }
}
