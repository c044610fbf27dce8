package org.koppel.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.EmployeeStore;
import org.koppel.testkit.OnH2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/** The demo sample as `./koppel serve --demo` loads it at start-up into a fresh database. */
@OnH2
@TestPropertySource(properties = "koppel.demo=true")
class DemoDataLoaderTest {

    @Autowired DemoDataLoader loader;
    @Autowired Relations relations;
    @Autowired Employees employees;
    @Autowired EmployeeStore employeeStore;
    @Autowired PasswordEncoder passwords;
    @Autowired Groups groups;
    @Autowired ChangeLogStore changeLog;

    @Test
    void fillsTheEmptyDatabaseWithTheSample() {
        assertThat(all(RelationKind.ORGANISATION)).hasSize(DemoData.DUTCH_ORGANISATIONS + DemoData.BRITISH_ORGANISATIONS);
        assertThat(all(RelationKind.PERSON)).hasSize(DemoData.CONTACT_PERSONS + DemoData.PRIVATE_INDIVIDUALS);
        assertThat(all(RelationKind.LEAD)).hasSize(DemoData.LEADS);
        assertThat(employees.all()).extracting(Employee::login)
                .contains("admin", "sanne", "pieter", "emma", "joost", "lotte");
    }

    @Autowired org.koppel.crm.agenda.Appointments appointments;
    @Autowired org.koppel.crm.agenda.Tasks tasks;

    @Test
    void everyActiveEmployeeHasAnAgendaWithVisitsASeriesAPrivateAppointmentAndTasks() {
        for (Employee e : employees.all().stream().filter(Employee::active)
                .filter(e -> DemoEmployees.ALL.stream().anyMatch(d -> d.login().equals(e.login()))).toList()) {
            var agenda = appointments.search(new org.koppel.crm.agenda.AppointmentQuery(null, null, e.id(), null, false,
                    e.id(), false, 0, 100), org.koppel.crm.agenda.Viewer.system()).items();
            assertThat(agenda).as(e.login()).anySatisfy(a -> assertThat(a.recurrence()).isEqualTo("FREQ=WEEKLY;COUNT=12"))
                    .anySatisfy(a -> assertThat(a.visibility()).isEqualTo(org.koppel.crm.agenda.Visibility.OWNER_ONLY))
                    .anySatisfy(a -> assertThat(a.allDay()).isTrue())
                    .anySatisfy(a -> assertThat(a.relationIds()).isNotEmpty());
            var todo = tasks.search(new org.koppel.crm.agenda.TaskQuery(e.id(), null, null, null, false, 0, 100)).items();
            assertThat(todo).as(e.login()).isNotEmpty().allSatisfy(t -> assertThat(t.relationId()).isNotNull());
        }
    }

    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired org.koppel.crm.mail.MailLog mails;

    @Test
    void personsOfEveryActiveEmployeeHaveLoggedMailBothWaysWithTheRemoteImageOfTheHtmlBlocked() {
        List<Long> loggers = jdbc.sql("SELECT DISTINCT logged_by FROM logged_mail WHERE message_id LIKE 'demo-%'")
                .query(Long.class).list();
        assertThat(loggers).hasSizeGreaterThanOrEqualTo(DemoEmployees.ALL.size() - 2);
        long mailId = jdbc.sql("SELECT id FROM logged_mail WHERE message_id LIKE 'demo-%' AND direction = 'INBOUND' "
                + "ORDER BY id FETCH FIRST 1 ROWS ONLY").query(Long.class).single();
        var inbound = mails.find(mailId);
        assertThat(inbound.relations()).isNotEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM logged_mail WHERE message_id LIKE 'demo-%' AND direction = 'OUTBOUND'")
                .query(Long.class).single()).isPositive();
        assertThat(inbound.html()).as("sanitised, the remote image blocked").contains("company logo").doesNotContain("tracker.example");
    }

    @Test
    void personsCarryDutchInfixesApartFromTheirLastName() {
        Set<String> infixes = persons().stream().map(Person::infix).filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(infixes).contains("van", "de", "van der", "van den", "ter", "in 't");
        assertThat(persons()).allSatisfy(p -> assertThat(p.lastName()).doesNotStartWith("van ").doesNotStartWith("de "));
    }

    @Test
    void aFewRelationsAreFormer() {
        List<Relation> everything = everything();
        long former = everything.stream().filter(Relation::former).count();
        assertThat(former).isPositive().isLessThan(everything.size() / 10);
    }

    @Test
    void everyRelationHasAnActiveEmployeeAsManagerAndAtMostTwoOwners() {
        Set<Long> active = employees.all().stream().filter(Employee::active).map(Employee::id).collect(Collectors.toSet());
        assertThat(everything()).allSatisfy(r -> {
            assertThat(r.managerId()).isIn(active);
            assertThat(r.ownerIds()).hasSizeLessThanOrEqualTo(2).doesNotContain(r.managerId());
        });
        assertThat(everything()).anySatisfy(r -> assertThat(r.ownerIds()).hasSize(2));
    }

    @Test
    void mostPersonsAreContactPersonsTheRestPrivateIndividualsWithAPrivateAddress() {
        List<Person> privateIndividuals = persons().stream().filter(Person::privateIndividual).toList();
        assertThat(privateIndividuals).hasSize(DemoData.PRIVATE_INDIVIDUALS).allSatisfy(p -> {
            assertThat(p.privateEmail()).isNotNull();
            assertThat(p.addresses()).isNotEmpty();
        });
        Set<Long> organisationIds = all(RelationKind.ORGANISATION).stream().map(Relation::id).collect(Collectors.toSet());
        assertThat(persons().stream().filter(p -> !p.privateIndividual()).flatMap(p -> p.contactRoles().stream()))
                .allSatisfy(role -> {
                    assertThat(role.organisationId()).isIn(organisationIds);
                    assertThat(role.email()).contains("@");
                    assertThat(role.jobTitle()).isNotNull();
                })
                .extracting(r -> r.organisationId()).containsAll(organisationIds);
        assertThat(persons()).filteredOn(p -> p.birthDate() != null).hasSizeGreaterThan(persons().size() / 2);
    }

    @Test
    void organisationsHaveContactDetailsAddressesInBothCountriesAndASegment() {
        List<Organisation> organisations = all(RelationKind.ORGANISATION).stream().map(Organisation.class::cast).toList();
        assertThat(organisations).allSatisfy(o -> {
            assertThat(o.cocNumber()).matches("[0-9]{8}");
            assertThat(o.phone()).isNotNull();
            assertThat(o.website()).startsWith("https://www.");
            assertThat(o.customFields().get(DemoFields.SEGMENT)).isIn(DemoFields.SEGMENTS);
        });
        assertThat(organisations).flatExtracting(Organisation::addresses).extracting(a -> a.country())
                .contains("NL", "GB");
    }

    @Test
    void groupsUnderOutlookAreOwnedByEmployeesAndHaveMembers() {
        List<Group> all = groups.all();
        assertThat(all).hasSizeBetween(2, 3).allSatisfy(g -> assertThat(g.memberIds()).isNotEmpty());
        assertThat(all).filteredOn(g -> g.mainGroup().equals(DemoGroups.OUTLOOK))
                .extracting(Group::ownerId).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void demoEmployeesSignInWithTheDocumentedPassword() {
        assertThat(employeeStore.credentials("sanne")).hasValueSatisfying(c -> {
            assertThat(passwords.matches(DemoEmployees.PASSWORD, c.passwordHash())).isTrue();
            assertThat(c.mustChangePassword()).isFalse();
        });
    }

    @Test
    void runningTheLoaderAgainAddsNothing() {
        long lastSeq = changeLog.lastSeq();
        int relationCount = everything().size();
        int employeeCount = employees.all().size();

        loader.run(new DefaultApplicationArguments());

        assertThat(changeLog.lastSeq()).isEqualTo(lastSeq);
        assertThat(everything()).hasSize(relationCount);
        assertThat(employees.all()).hasSize(employeeCount);
    }

    private List<Relation> all(RelationKind kind) {
        var page = relations.search(RelationQuery.all(kind).withPage(0, 1000));
        assertThat(page.total()).isLessThanOrEqualTo(1000);
        return page.items();
    }

    private List<Person> persons() {
        return all(RelationKind.PERSON).stream().map(Person.class::cast).toList();
    }

    private List<Relation> everything() {
        return all(null);
    }
}
