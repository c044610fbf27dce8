package org.koppel.connector.carddav;

import java.util.List;
import java.util.Map;

import ezvcard.VCard;
import ezvcard.property.Organization;
import org.koppel.sync.ContactSlots;

/**
 * The organisation name: the first unit of the first ORG. Later units (departments:
 * "ORG:Gemeente Amsterdam;Stadsdeel Zuid") are the peer's and are kept.
 */
final class OrganisationSlot implements SlotMapper {

    @Override
    public List<String> slots() {
        return List.of(ContactSlots.ORGANISATION);
    }

    @Override
    public void read(VCard card, Map<String, String> slots) {
        Organization org = first(card);
        if (org != null) slots.put(ContactSlots.ORGANISATION, org.getValues().getFirst().strip());
    }

    @Override
    public void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        String value = wanted.get(ContactSlots.ORGANISATION);
        if (value != null) {
            writeName(card, value);
            return;
        }
        Organization org = first(card);
        if (org == null) return;
        // Removing the organisation keeps the departments the peer entered.
        if (hasDepartments(org)) org.getValues().set(0, "");
        else card.removeProperty(org);
    }

    /** Into the first ORG, also one whose name was emptied before, so departments stay with it. */
    private static void writeName(VCard card, String name) {
        Organization org = first(card);
        if (org == null) org = card.getOrganization();
        if (org == null) {
            org = new Organization();
            card.addOrganization(org);
        }
        if (org.getValues().isEmpty()) org.getValues().add(name);
        else org.getValues().set(0, name);
    }

    private static boolean hasDepartments(Organization org) {
        return org.getValues().stream().skip(1).anyMatch(unit -> unit != null && !unit.isBlank());
    }

    private static Organization first(VCard card) {
        return card.getOrganizations().stream()
                .filter(org -> !org.getValues().isEmpty())
                .filter(org -> org.getValues().getFirst() != null && !org.getValues().getFirst().isBlank())
                .findFirst().orElse(null);
    }
}
