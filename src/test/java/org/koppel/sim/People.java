package org.koppel.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.koppel.crm.relation.Person;
import org.koppel.sync.ContactSlots;

/** The person fields the simulation writes, by the peer slot each maps to (private individuals, default field map). */
final class People {

    static final List<String> SLOTS = List.of(ContactSlots.GIVEN_NAME, ContactSlots.TEL_HOME, ContactSlots.TEL_CELL,
            ContactSlots.EMAIL_HOME);

    private People() {
    }

    static Person create(String firstName, String lastName, String email, String phone, long manager, List<Long> owners) {
        return new Person(null, null, null, firstName, null, null, lastName, null, null, null, email, phone, null,
                List.of(), null, manager, owners, false, List.of(), List.of(), null, Map.of(), null, null, null);
    }

    static String get(Person p, String slot) {
        return switch (slot) {
            case ContactSlots.GIVEN_NAME -> p.firstName();
            case ContactSlots.TEL_HOME -> p.privatePhone();
            case ContactSlots.TEL_CELL -> p.privateMobile();
            case ContactSlots.EMAIL_HOME -> p.privateEmail();
            default -> throw new IllegalArgumentException(slot);
        };
    }

    static Person with(Person p, String slot, String v) {
        return new Person(p.id(), p.version(), p.initials(), slot.equals(ContactSlots.GIVEN_NAME) ? v : p.firstName(),
                p.callingName(), p.infix(), p.lastName(), p.birthDate(), p.gender(), p.salutation(),
                slot.equals(ContactSlots.EMAIL_HOME) ? v : p.privateEmail(), slot.equals(ContactSlots.TEL_HOME) ? v : p.privatePhone(),
                slot.equals(ContactSlots.TEL_CELL) ? v : p.privateMobile(), p.contactRoles(), p.employeeId(), p.managerId(),
                p.ownerIds(), p.former(), p.relationTypes(), p.addresses(), p.comment(), p.customFields(), p.createdAt(),
                p.updatedAt(), p.deletedAt());
    }

    static Person former(Person p, boolean former) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), former, p.relationTypes(), p.addresses(),
                p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    static Person managedBy(Person p, long manager) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), manager, p.ownerIds(), p.former(), p.relationTypes(), p.addresses(),
                p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    static Person ownerToggled(Person p, long owner) {
        var owners = new ArrayList<>(p.ownerIds());
        if (!owners.remove(owner)) owners.add(owner);
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), owners, p.former(), p.relationTypes(), p.addresses(),
                p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }
}
