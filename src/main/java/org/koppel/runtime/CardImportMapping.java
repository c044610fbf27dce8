package org.koppel.runtime;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Snapshot;

/**
 * What a card from the import queue becomes, keeping all of its data (issue 14: a card imported as a
 * person used to lose its work e-mail, organisation and address). Persons go through the field map,
 * as a later run maps them back; what the field map does not cover yet (addresses, the note) and
 * organisations and leads are mapped here, on main's {@link ContactSlots}.
 *
 * <p>Interim: once the organisation and lead projections and the address/note rows of the field map
 * (the "cards" work of issue 14) are merged, {@link #organisation}, {@link #lead}, {@link #addresses}
 * and the note should go through them instead, so an import and a later run map a card the same way.
 */
final class CardImportMapping {

    /** Where a card's typed addresses go: a work address is where one visits, "other" is taken for post. */
    private static final Map<String, AddressType> ADDRESS_TYPES = Map.of(ContactSlots.ADR_WORK, AddressType.VISITING,
            ContactSlots.ADR_HOME, AddressType.PRIVATE, ContactSlots.ADR_OTHER, AddressType.POSTAL);

    /** Who imports from an address book, as a lead's source. */
    static final String LEAD_SOURCE = "address book";

    private CardImportMapping() {
    }

    /**
     * A person from a card, managed by {@code managerId}: with a contact role at {@code organisationId}
     * (the card's organisation) holding the work e-mail, phone, mobile and job title, or else a private
     * individual whose private e-mail and phone fall back to the work ones, so no address is lost.
     */
    static Person person(Snapshot card, long managerId, FieldMap map, Long organisationId) {
        Snapshot v = organisationId == null ? privateFallbacks(card) : card;
        String family = v.get(ContactSlots.FAMILY_NAME) != null ? v.get(ContactSlots.FAMILY_NAME) : v.get(ContactSlots.GIVEN_NAME);
        List<ContactRole> roles = organisationId == null ? List.of()
                : List.of(new ContactRole(organisationId, null, null, null, null));
        var blank = new Person(null, null, null, null, null, null, family, null, null, null, null, null, null, roles,
                null, managerId, List.of(), false, List.of(), addresses(card), card.get(ContactSlots.NOTE), Map.of(),
                null, null, null);
        Set<String> slots = new HashSet<>(v.values().keySet());
        if (v.get(ContactSlots.FAMILY_NAME) == null) slots.remove(ContactSlots.GIVEN_NAME);
        if (!isDate(v.get(ContactSlots.BIRTHDAY))) slots.remove(ContactSlots.BIRTHDAY);
        return ContactProjection.apply(blank, v, slots, map);
    }

    /**
     * The card as Koppel now holds it: where a private individual's private e-mail or phone came from
     * the work one, the card says so too, so the card and the link agree and a later edit on the phone
     * is not read as "the private e-mail was removed".
     */
    static Snapshot asImported(Snapshot card, Person person) {
        return person.contactRoles().isEmpty() ? privateFallbacks(card) : card;
    }

    /** Of a person's card, what its organisation takes when one is made for it: the name and the work address. */
    static Snapshot organisationPart(Snapshot card) {
        var values = new TreeMap<String, String>();
        card.values().forEach((slot, value) -> {
            if (slot.equals(ContactSlots.ORGANISATION) || slot.startsWith(ContactSlots.ADR_WORK + ".")) values.put(slot, value);
        });
        return new Snapshot(values);
    }

    static Organisation organisation(Snapshot v, long managerId, String displayName) {
        String name = v.get(ContactSlots.ORGANISATION) != null ? v.get(ContactSlots.ORGANISATION) : displayName;
        return new Organisation(null, null, name, first(v, ContactSlots.TEL_WORK, ContactSlots.TEL_HOME, ContactSlots.TEL_CELL),
                first(v, ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME), null, null, managerId, List.of(), false,
                List.of(), addresses(v), v.get(ContactSlots.NOTE), Map.of(), null, null, null);
    }

    static Lead lead(Snapshot v, long managerId) {
        String last = v.get(ContactSlots.FAMILY_NAME) != null ? v.get(ContactSlots.FAMILY_NAME)
                : v.get(ContactSlots.ORGANISATION) == null ? v.get(ContactSlots.GIVEN_NAME) : null;
        String firstName = last != null && last.equals(v.get(ContactSlots.GIVEN_NAME)) && v.get(ContactSlots.FAMILY_NAME) == null
                ? null : v.get(ContactSlots.GIVEN_NAME);
        return new Lead(null, null, v.get(ContactSlots.ORGANISATION), firstName, v.get(ContactSlots.INFIX), last,
                first(v, ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME), first(v, ContactSlots.TEL_WORK, ContactSlots.TEL_HOME),
                v.get(ContactSlots.TEL_CELL), v.get(ContactSlots.JOB_TITLE), LEAD_SOURCE, LeadStatus.NEW, managerId,
                List.of(), false, List.of(), addresses(v), v.get(ContactSlots.NOTE), Map.of(), null, null, null);
    }

    /** The card's typed addresses; the street line holds street and house number together, as address books do. */
    static List<Address> addresses(Snapshot v) {
        var addresses = new ArrayList<Address>();
        for (String type : ContactSlots.ADR_TYPES) {
            String street = v.get(ContactSlots.address(type, ContactSlots.STREET));
            String postalCode = v.get(ContactSlots.address(type, ContactSlots.POSTAL_CODE));
            String city = v.get(ContactSlots.address(type, ContactSlots.CITY));
            String region = v.get(ContactSlots.address(type, ContactSlots.REGION));
            String country = countryCode(v.get(ContactSlots.address(type, ContactSlots.COUNTRY)));
            if (street == null && postalCode == null && city == null && region == null && country == null) continue;
            addresses.add(new Address(ADDRESS_TYPES.get(type), street, null, postalCode, city, region, country));
        }
        return addresses;
    }

    /**
     * Koppel keeps ISO 3166 codes; an address book may hold "Nederland" or "Netherlands". A name no
     * language here knows is left out rather than refusing the whole import over it.
     */
    static String countryCode(String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.matches("[A-Za-z]{2}")) return v.toUpperCase(Locale.ROOT);
        for (String code : Locale.getISOCountries()) {
            Locale country = Locale.of("", code);
            for (Locale language : List.of(Locale.ENGLISH, Locale.of("nl"), Locale.ITALIAN, Locale.GERMAN, Locale.FRENCH)) {
                if (country.getDisplayCountry(language).equalsIgnoreCase(v)) return code;
            }
        }
        return null;
    }

    private static Snapshot privateFallbacks(Snapshot card) {
        var values = new TreeMap<>(card.values());
        move(values, ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME);
        move(values, ContactSlots.TEL_WORK, ContactSlots.TEL_HOME);
        return new Snapshot(values);
    }

    /** A work value of a card without organisation becomes the private one, if there is none. */
    private static void move(Map<String, String> values, String work, String home) {
        if (values.get(work) != null && values.get(home) == null) values.put(home, values.remove(work));
    }

    private static boolean isDate(String value) {
        if (value == null) return true;
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String first(Snapshot v, String... slots) {
        for (String slot : slots) if (v.get(slot) != null) return v.get(slot);
        return null;
    }
}
