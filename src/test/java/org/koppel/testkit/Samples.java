package org.koppel.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.springframework.stereotype.Component;

/** Creates test records through the real write path; logins get a suffix so tests sharing a database never collide. */
@Component
public class Samples {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Employees employees;
    private final Relations relations;

    public Samples(Employees employees, Relations relations) {
        this.employees = employees;
        this.relations = relations;
    }

    /** A new active user with password {@code password-<login>}; returns its id. */
    public long employee(String name) {
        return employee(name, EmployeeRole.USER).id();
    }

    public Employee employee(String name, EmployeeRole role) {
        String login = name + "-" + SEQUENCE.incrementAndGet();
        return employees.create(new Employee(null, null, login, name, List.of(login + "@koppel.test"), role, true, null,
                null, null), password(login), false, Origin.system());
    }

    public static String password(String login) {
        return "password-" + login;
    }

    public Organisation organisation(String name, long manager) {
        return (Organisation) relations.create(new Organisation(null, null, name, null, null, null, null, manager,
                List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null), Origin.system());
    }

    public Person person(String firstName, String infix, String lastName, long manager) {
        return (Person) relations.create(person(firstName, infix, lastName, manager, List.of()), Origin.system());
    }

    public static Person person(String firstName, String infix, String lastName, long manager, List<Long> owners) {
        return new Person(null, null, null, firstName, null, infix, lastName, null, null, null, null, null, null,
                List.of(), null, manager, owners, false, List.of(), List.of(), null, Map.of(), null, null, null);
    }

    public static Person withFirstName(Person p, String firstName) {
        return new Person(p.id(), p.version(), p.initials(), firstName, p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(),
                p.addresses(), p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    public static Person former(Person p) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), true, p.relationTypes(),
                p.addresses(), p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    public Person withLastName(Person p, String lastName) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), lastName,
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(),
                p.addresses(), p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }
}
