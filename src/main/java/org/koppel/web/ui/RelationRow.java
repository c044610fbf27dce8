package org.koppel.web.ui;

import java.util.Map;
import java.util.stream.Stream;

import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;

/** One line of the relations list: how to reach the relation at a glance. */
public record RelationRow(long id, String name, RelationKind kind, String managerName, String email, String phone,
                          String city, String changed, boolean former, boolean deleted) {

    static RelationRow of(Relation relation, Map<Long, String> employeeNames, Dates dates) {
        String manager = employeeNames.getOrDefault(relation.managerId(), "employee " + relation.managerId());
        return switch (relation) {
            case Organisation o -> row(o, manager, dates, o.email(), o.phone());
            case Lead l -> row(l, manager, dates, l.email(), first(l.phone(), l.mobile()));
            case Person p -> {
                // a contact person is often reached at work, so fall back on the first role
                ContactRole role = p.contactRoles().isEmpty() ? null : p.contactRoles().getFirst();
                yield row(p, manager, dates, first(p.privateEmail(), role == null ? null : role.email()),
                        first(p.privatePhone(), p.privateMobile(), role == null ? null : role.phone(),
                                role == null ? null : role.mobile()));
            }
        };
    }

    private static RelationRow row(Relation r, String manager, Dates dates, String email, String phone) {
        String city = r.addresses().isEmpty() ? null : r.addresses().getFirst().city();
        return new RelationRow(r.id(), r.displayName(), r.kind(), manager, email, phone, city,
                r.updatedAt() == null ? null : dates.moment(r.updatedAt()), r.former(), r.deleted());
    }

    private static String first(String... values) {
        return Stream.of(values).filter(v -> v != null).findFirst().orElse(null);
    }
}
