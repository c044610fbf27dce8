package org.koppel.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.koppel.crm.Origin;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.Relations;
import org.springframework.stereotype.Component;

/**
 * Writes the demo sample through the real write paths, so it passes every check real input must
 * pass and lands in the change log like any other write.
 */
@Component
class DemoData {

    /** Fixed, so every demo shows the same sample. */
    static final long SEED = 2024L;
    static final int DUTCH_ORGANISATIONS = 30;
    static final int BRITISH_ORGANISATIONS = 20;
    static final int CONTACT_PERSONS = 170;
    static final int PRIVATE_INDIVIDUALS = 30;
    static final int LEADS = 10;

    record Loaded(List<Employee> employees, List<Organisation> organisations, List<Person> persons, List<Lead> leads,
                  List<Group> groups, int appointments, int tasks, int mails) {
    }

    private final Employees employees;
    private final CustomFields customFields;
    private final Relations relations;
    private final Groups groups;
    private final DemoAgenda agenda;
    private final DemoMail mail;

    DemoData(Employees employees, CustomFields customFields, Relations relations, Groups groups, DemoAgenda agenda,
             DemoMail mail) {
        this.employees = employees;
        this.customFields = customFields;
        this.relations = relations;
        this.groups = groups;
        this.agenda = agenda;
        this.mail = mail;
    }

    Loaded write() {
        var random = new Random(SEED);
        List<Employee> staff = DemoEmployees.ALL.stream().map(this::employee).toList();
        DemoFields.ALL.forEach(this::customField);
        var made = new DemoRelations(random, staff.stream().map(Employee::id).toList());

        var dutchNames = shuffled(DemoCompanies.DUTCH, random);
        var britishNames = shuffled(DemoCompanies.ENGLISH, random);
        var organisations = new ArrayList<Organisation>();
        dutchNames.subList(0, DUTCH_ORGANISATIONS).forEach(name ->
                organisations.add(create(made.organisation(name, DemoCountry.NETHERLANDS))));
        britishNames.subList(0, BRITISH_ORGANISATIONS).forEach(name ->
                organisations.add(create(made.organisation(name, DemoCountry.UNITED_KINGDOM))));

        var persons = new ArrayList<Person>();
        for (int i = 0; i < CONTACT_PERSONS; i++) {
            // Every organisation gets a contact person first; the rest are spread at random.
            Organisation at = i < organisations.size() ? organisations.get(i) : pick(organisations, random);
            persons.add(create(made.contactPerson(at, pick(organisations, random))));
        }
        for (int i = 0; i < PRIVATE_INDIVIDUALS; i++) {
            persons.add(create(made.privateIndividual(random.nextInt(3) == 0 ? DemoCountry.UNITED_KINGDOM
                    : DemoCountry.NETHERLANDS)));
        }

        // Leads are firms that are not relations yet: the company names left over, and a few people.
        var leads = new ArrayList<Lead>();
        var leftOver = new ArrayList<String>(dutchNames.subList(DUTCH_ORGANISATIONS, dutchNames.size()));
        leftOver.addAll(britishNames.subList(BRITISH_ORGANISATIONS, britishNames.size()));
        for (int i = 0; i < LEADS; i++) {
            String company = i < leftOver.size() && i % 3 != 2 ? leftOver.get(i) : null;
            DemoCountry country = company == null || dutchNames.contains(company) ? DemoCountry.NETHERLANDS
                    : DemoCountry.UNITED_KINGDOM;
            leads.add(create(made.lead(company, country)));
        }

        List<Group> groupsMade = new DemoGroups(staff, organisations, persons).all().stream()
                .map(g -> groups.create(g, GroupEditor.system())).toList();
        int[] planned = agenda.write(staff, persons, random);
        int mails = mail.write(staff, persons, random);
        return new Loaded(staff, organisations, persons, leads, groupsMade, planned[0], planned[1], mails);
    }

    /** A login left from an earlier demo is reused: the database had no relations, but may have had employees. */
    private Employee employee(Employee demo) {
        return employees.all().stream().filter(e -> e.login().equals(demo.login())).findFirst()
                .orElseGet(() -> employees.create(demo, DemoEmployees.PASSWORD, false, Origin.system()));
    }

    private void customField(CustomField field) {
        boolean exists = customFields.all().stream()
                .anyMatch(f -> f.recordType() == field.recordType() && f.key().equals(field.key()));
        if (!exists) customFields.create(field, Origin.system());
    }

    @SuppressWarnings("unchecked")
    private <R extends Relation> R create(R relation) {
        return (R) relations.create(relation, Origin.system());
    }

    private static List<String> shuffled(List<String> names, Random random) {
        var copy = new ArrayList<>(names);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static <T> T pick(List<T> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }
}
