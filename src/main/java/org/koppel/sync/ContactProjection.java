package org.koppel.sync;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;

/**
 * A person as contact slots, and peer slot values written back into a person, following the field
 * map. {@code contactRole.*} fields are those of the person's first contact role, as an address
 * book shows one organisation per contact.
 */
public final class ContactProjection {

    private ContactProjection() {
    }

    public static PersonRole roleOf(Person person) {
        return person.contactRoles().isEmpty() ? PersonRole.PRIVATE_INDIVIDUAL : PersonRole.CONTACT_PERSON;
    }

    /** The CRM side's values of a person; {@code organisationNames} holds the names of its organisations. */
    public static Snapshot project(Person person, Map<Long, String> organisationNames, FieldMap map) {
        return FieldMap.project(map.rowsFor(roleOf(person)), field -> read(person, field, organisationNames));
    }

    /** The person with the given slots taken from {@code peer}; fields the map does not name stay as they are. */
    public static Person apply(Person person, Snapshot peer, Set<String> slots, FieldMap map) {
        Person result = person;
        for (Row row : map.rowsFor(roleOf(person))) {
            if (slots.contains(row.slot()) && row.peerToCrm()) result = write(result, row.crmField(), peer.get(row.slot()));
        }
        return result;
    }

    private static String read(Person p, String field, Map<Long, String> organisationNames) {
        ContactRole role = p.contactRoles().isEmpty() ? null : p.contactRoles().getFirst();
        return switch (field) {
            case "initials" -> p.initials();
            case "firstName" -> p.firstName();
            case "infix" -> p.infix();
            case "lastName" -> p.lastName();
            case "birthDate" -> p.birthDate() == null ? null : p.birthDate().toString();
            case "privateEmail" -> p.privateEmail();
            case "privatePhone" -> p.privatePhone();
            case "privateMobile" -> p.privateMobile();
            case "contactRole.email" -> role == null ? null : role.email();
            case "contactRole.phone" -> role == null ? null : role.phone();
            case "contactRole.mobile" -> role == null ? null : role.mobile();
            case "contactRole.jobTitle" -> role == null ? null : role.jobTitle();
            case "contactRole.organisationName" -> role == null ? null : organisationNames.get(role.organisationId());
            default -> throw new IllegalArgumentException("the field map names an unknown CRM field: " + field);
        };
    }

    private static Person write(Person p, String field, String v) {
        return switch (field) {
            case "initials" -> copy(p, v, p.firstName(), p.infix(), p.lastName(), p.birthDate(), p.privateEmail(), p.privatePhone(), p.privateMobile(), p.contactRoles());
            case "firstName" -> copy(p, p.initials(), v, p.infix(), p.lastName(), p.birthDate(), p.privateEmail(), p.privatePhone(), p.privateMobile(), p.contactRoles());
            case "infix" -> copy(p, p.initials(), p.firstName(), v, p.lastName(), p.birthDate(), p.privateEmail(), p.privatePhone(), p.privateMobile(), p.contactRoles());
            // An address book may clear the family name; the CRM keeps its last name then (it is required).
            case "lastName" -> v == null ? p : copy(p, p.initials(), p.firstName(), p.infix(), v, p.birthDate(), p.privateEmail(), p.privatePhone(), p.privateMobile(), p.contactRoles());
            case "birthDate" -> copy(p, p.initials(), p.firstName(), p.infix(), p.lastName(), date(v), p.privateEmail(), p.privatePhone(), p.privateMobile(), p.contactRoles());
            case "privateEmail" -> copy(p, p.initials(), p.firstName(), p.infix(), p.lastName(), p.birthDate(), v, p.privatePhone(), p.privateMobile(), p.contactRoles());
            case "privatePhone" -> copy(p, p.initials(), p.firstName(), p.infix(), p.lastName(), p.birthDate(), p.privateEmail(), v, p.privateMobile(), p.contactRoles());
            case "privateMobile" -> copy(p, p.initials(), p.firstName(), p.infix(), p.lastName(), p.birthDate(), p.privateEmail(), p.privatePhone(), v, p.contactRoles());
            case "contactRole.email", "contactRole.phone", "contactRole.mobile", "contactRole.jobTitle" ->
                    copy(p, p.initials(), p.firstName(), p.infix(), p.lastName(), p.birthDate(), p.privateEmail(), p.privatePhone(), p.privateMobile(), withFirstRole(p.contactRoles(), field, v));
            default -> p;
        };
    }

    private static List<ContactRole> withFirstRole(List<ContactRole> roles, String field, String v) {
        if (roles.isEmpty()) return roles;
        ContactRole r = roles.getFirst();
        ContactRole changed = switch (field) {
            case "contactRole.email" -> new ContactRole(r.organisationId(), v, r.phone(), r.mobile(), r.jobTitle());
            case "contactRole.phone" -> new ContactRole(r.organisationId(), r.email(), v, r.mobile(), r.jobTitle());
            case "contactRole.mobile" -> new ContactRole(r.organisationId(), r.email(), r.phone(), v, r.jobTitle());
            default -> new ContactRole(r.organisationId(), r.email(), r.phone(), r.mobile(), v);
        };
        var result = new ArrayList<>(roles);
        result.set(0, changed);
        return result;
    }

    /** A date the peer holds that is no ISO date is passed on as-is to fail the write path's check with a reason. */
    private static LocalDate date(String v) {
        if (v == null) return null;
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new org.koppel.crm.InvalidInputException("birthDate", "'" + v + "' from the peer is not a date");
        }
    }

    private static Person copy(Person p, String initials, String firstName, String infix, String lastName,
                               LocalDate birthDate, String privateEmail, String privatePhone, String privateMobile,
                               List<ContactRole> roles) {
        return new Person(p.id(), p.version(), initials, firstName, p.callingName(), infix, lastName, birthDate,
                p.gender(), p.salutation(), privateEmail, privatePhone, privateMobile, roles, p.employeeId(),
                p.managerId(), p.ownerIds(), p.former(), p.relationTypes(), p.addresses(), p.comment(),
                p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }
}
