package org.koppel.crm.relation;

import java.util.List;

/** A relation with another relation manager or other owners, everything else as it is: what a reassignment writes. */
public final class Management {

    private Management() {
    }

    public static Relation with(Relation r, Long managerId, List<Long> ownerIds) {
        return switch (r) {
            case Organisation o -> new Organisation(o.id(), o.version(), o.name(), o.phone(), o.email(), o.website(),
                    o.cocNumber(), managerId, ownerIds, o.former(), o.relationTypes(), o.addresses(), o.comment(),
                    o.customFields(), o.createdAt(), o.updatedAt(), o.deletedAt());
            case Person p -> new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(),
                    p.lastName(), p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(),
                    p.privateMobile(), p.contactRoles(), p.employeeId(), managerId, ownerIds, p.former(),
                    p.relationTypes(), p.addresses(), p.comment(), p.customFields(), p.createdAt(), p.updatedAt(),
                    p.deletedAt());
            case Lead l -> new Lead(l.id(), l.version(), l.companyName(), l.firstName(), l.infix(), l.lastName(),
                    l.email(), l.phone(), l.mobile(), l.jobTitle(), l.source(), l.status(), managerId, ownerIds,
                    l.former(), l.relationTypes(), l.addresses(), l.comment(), l.customFields(), l.createdAt(),
                    l.updatedAt(), l.deletedAt());
        };
    }
}
