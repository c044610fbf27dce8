package org.koppel.demo;

import java.util.ArrayList;
import java.util.List;

import org.koppel.crm.employee.Employee;
import org.koppel.crm.group.Group;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;

/**
 * The demo's groups. Two sit under the main group "Outlook", each owned by an employee, as a sync
 * scope "groups I own under Outlook" selects them; a public mailing list sits under another.
 */
final class DemoGroups {

    static final String OUTLOOK = "Outlook";
    static final String MAILING = "Mailing";

    private final List<Employee> staff;
    private final List<Organisation> organisations;
    private final List<Person> persons;

    DemoGroups(List<Employee> staff, List<Organisation> organisations, List<Person> persons) {
        this.staff = staff;
        this.organisations = organisations;
        this.persons = persons;
    }

    List<Group> all() {
        return List.of(keyAccounts(), network(), newsletter());
    }

    /** The first employee's active customers and the people who work there. */
    private Group keyAccounts() {
        Employee owner = staff.get(0);
        var members = new ArrayList<Long>();
        organisations.stream()
                .filter(o -> o.managerId().equals(owner.id()) && !o.former() && o.relationTypes().contains("customer"))
                .forEach(o -> {
                    members.add(o.id());
                    persons.stream().filter(p -> worksAt(p, o)).map(Person::id).forEach(members::add);
                });
        return group("Key accounts", OUTLOOK, owner, false, members);
    }

    /** The active persons the second employee manages. */
    private Group network() {
        Employee owner = staff.get(1);
        List<Long> members = persons.stream().filter(p -> p.managerId().equals(owner.id()) && !p.former())
                .map(Relation::id).toList();
        return group("Network " + owner.displayName(), OUTLOOK, owner, false, members);
    }

    private Group newsletter() {
        List<Long> members = persons.stream()
                .filter(p -> !p.former() && Boolean.TRUE.equals(p.customFields().get(DemoFields.NEWSLETTER)))
                .map(Relation::id).toList();
        return group("Newsletter", MAILING, staff.get(2), true, members);
    }

    private static boolean worksAt(Person person, Organisation organisation) {
        return person.contactRoles().stream().map(ContactRole::organisationId).anyMatch(organisation.id()::equals);
    }

    private static Group group(String name, String mainGroup, Employee owner, boolean isPublic, List<Long> members) {
        return new Group(null, null, name, mainGroup, owner.id(), isPublic, members, null, null);
    }
}
