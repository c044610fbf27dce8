package org.koppel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.testkit.Samples;
import org.springframework.context.ApplicationContext;

/**
 * The Koppel side the contact-sync benchmarks share: one employee managing six organisations and
 * N persons ({@link ContactPersons}, the same N for the same seed), created untimed through
 * {@link Relations#create}, and the 1% edits made in Koppel. The persons an employee manages are
 * the default sync scope of the employee's connections, so two employees in one Koppel give two
 * connections that never see each other's persons.
 */
final class KoppelPersons {

    private final Relations relations;
    private final Employee user;
    private final List<Long> persons = new ArrayList<>();

    /** @param login also names the e-mail address; @param seed the same seed makes the same persons */
    KoppelPersons(ApplicationContext context, String login, String name, int size, long seed) {
        this.relations = context.getBean(Relations.class);
        this.user = BenchEmployee.create(context, login, name);
        var organisations = new ArrayList<Long>();
        for (String organisation : List.of("Bakkerij de Gouden Korst B.V.", "Van der Meer Installatietechniek",
                "Northwind Traders Ltd", "Gemeente Zwolle", "Stichting 't Hoekje", "Acme Logistics")) {
            organisations.add(relations.create(new Organisation(null, null, organisation, null, null, null, null,
                    user.id(), List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null),
                    Origin.system()).id());
        }
        var made = new ContactPersons(new Random(seed), user.id(), organisations);
        long start = System.nanoTime();
        for (int i = 0; i < size; i++) {
            persons.add(relations.create(made.next(i), Origin.system()).id());
        }
        System.out.printf("bench:   %d persons created in Koppel for %s in %.1f s (not timed)%n", size, login,
                (System.nanoTime() - start) / 1e9);
    }

    /** The employee as the owner of a connection. */
    KoppelUser owner() {
        return BenchEmployee.owner(user);
    }

    /** The persons' ids, in creation order. */
    List<Long> ids() {
        return persons;
    }

    /** Every hundredth person, from an offset: 1%, spread over the whole list. */
    List<Long> pick(int offset) {
        var picked = new ArrayList<Long>();
        for (int i = offset; i < persons.size(); i += 100) picked.add(persons.get(i));
        return picked;
    }

    /** Gives each person the first name {@code prefix + id} through {@link Relations#update}, as a user would. */
    void rename(List<Long> ids, String prefix) {
        for (long id : ids) {
            Person p = (Person) relations.find(RelationKind.PERSON, id);
            relations.update(RelationKind.PERSON, id, null, Samples.withFirstName(p, prefix + id), Origin.user(user.id()));
        }
    }

    String firstName(long id) {
        return ((Person) relations.find(RelationKind.PERSON, id)).firstName();
    }
}
