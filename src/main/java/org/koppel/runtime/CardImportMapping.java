package org.koppel.runtime;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.koppel.connector.CountryNames;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.ContactProjection.Related;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Snapshot;

/**
 * What a card from the import queue (or made by the CREATE / WHEN_TAGGED policies) becomes, keeping all
 * of its data: it goes through the connection's import field map ({@link ContactFieldMap#forImports},
 * which keeps iCloud's addresses out unless the admin allows them), the same rows a later run maps the
 * card back with, so an import is never followed by a rewrite.
 */
final class CardImportMapping {

    /** Who imports from an address book, as a lead's source. */
    static final String LEAD_SOURCE = "address book";

    private CardImportMapping() {
    }

    /**
     * A person from a card, managed by {@code managerId}: with a contact role at {@code organisationId}
     * (the card's organisation) holding the work e-mail, phone, mobile, job title and work address, or
     * else a private individual whose private e-mail and phone fall back to the work ones, so no address
     * is lost.
     */
    static Person person(Snapshot card, long managerId, Long organisationId, FieldMap map, Related related) {
        Snapshot v = named(organisationId == null ? privateFallbacks(card) : card);
        List<ContactRole> roles = organisationId == null ? List.of()
                : List.of(new ContactRole(organisationId, null, null, null, null));
        var blank = new Person(null, null, null, null, null, null, v.get(ContactSlots.FAMILY_NAME), null, null, null,
                null, null, null, roles, null, managerId, List.of(), false, List.of(), List.of(), null, Map.of(),
                null, null, null);
        return ContactProjection.fromCard(blank, v, map, related);
    }

    /**
     * The card as Koppel now holds it: where a private individual's private e-mail or phone came from
     * the work one, the card says so too, so the card and the link agree and a later edit on the phone
     * is not read as "the private e-mail was removed".
     */
    static Snapshot asImported(Snapshot card, Relation relation) {
        if (relation instanceof Person person) return person.contactRoles().isEmpty() ? privateFallbacks(card) : card;
        return workFallbacks(card);
    }

    /** Of a person's card, what its organisation takes when one is made for it: the name and the work address. */
    static Snapshot organisationPart(Snapshot card) {
        var values = new TreeMap<String, String>();
        card.values().forEach((slot, value) -> {
            if (slot.equals(ContactSlots.ORGANISATION) || slot.startsWith(ContactSlots.ADR_WORK + ".")) values.put(slot, value);
        });
        return new Snapshot(values);
    }

    /** An organisation from a card; {@code name} when the card names no organisation (its display name). */
    static Organisation organisation(Snapshot card, long managerId, String name, FieldMap map, Related related) {
        var v = new TreeMap<>(workFallbacks(importable(card)).values());
        v.putIfAbsent(ContactSlots.ORGANISATION, name);
        var blank = new Organisation(null, null, v.get(ContactSlots.ORGANISATION), null, null, null, null, managerId,
                List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null);
        return ContactProjection.fromCard(blank, new Snapshot(v), map, related);
    }

    static Lead lead(Snapshot card, long managerId, FieldMap map, Related related) {
        Snapshot v = workFallbacks(card.get(ContactSlots.ORGANISATION) == null ? named(card) : importable(card));
        var blank = new Lead(null, null, null, null, null, null, null, null, null, null, LEAD_SOURCE, LeadStatus.NEW,
                managerId, List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null);
        return ContactProjection.fromCard(blank, v, map, related);
    }

    /**
     * A card with a first name only names the person by it (the CRM needs a last name), and a birthday
     * without a year (vCard "--05-12") is left out rather than refusing the whole import over it.
     */
    private static Snapshot named(Snapshot card) {
        var values = new TreeMap<>(importable(card).values());
        if (values.get(ContactSlots.FAMILY_NAME) == null && values.get(ContactSlots.GIVEN_NAME) != null) {
            values.put(ContactSlots.FAMILY_NAME, values.remove(ContactSlots.GIVEN_NAME));
        }
        return new Snapshot(values);
    }

    private static Snapshot importable(Snapshot card) {
        var values = new TreeMap<>(card.values());
        if (!isDate(card.get(ContactSlots.BIRTHDAY))) values.remove(ContactSlots.BIRTHDAY);
        // A peer that hands over a country name ("Nederland") instead of the code is forgiven here too.
        for (String type : ContactSlots.ADR_TYPES) {
            values.computeIfPresent(ContactSlots.address(type, ContactSlots.COUNTRY), (slot, name) -> CountryNames.code(name));
        }
        return new Snapshot(values);
    }

    private static Snapshot privateFallbacks(Snapshot card) {
        var values = new TreeMap<>(card.values());
        move(values, ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME);
        move(values, ContactSlots.TEL_WORK, ContactSlots.TEL_HOME);
        return new Snapshot(values);
    }

    /** An organisation or a lead holds one e-mail and phone, the card's work ones; a private one stands in for a missing one. */
    private static Snapshot workFallbacks(Snapshot card) {
        var values = new TreeMap<>(card.values());
        move(values, ContactSlots.EMAIL_HOME, ContactSlots.EMAIL_WORK);
        move(values, ContactSlots.TEL_HOME, ContactSlots.TEL_WORK);
        return new Snapshot(values);
    }

    /** {@code from}'s value moves to {@code to} when that has none. */
    private static void move(Map<String, String> values, String from, String to) {
        if (values.get(from) != null && values.get(to) == null) values.put(to, values.remove(from));
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

}
