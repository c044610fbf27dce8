package org.koppel.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/** The write path for relations, run on H2 and on PostgreSQL by its subclasses. */
abstract class RelationWritePathContract {

    @Autowired Relations relations;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;

    @Test
    void createStoresEveryFieldAndLogsItWithItsOrigin() {
        long manager = samples.employee("anna");
        long owner = samples.employee("bert");
        Organisation org = samples.organisation("Bakkerij De Vries", manager);
        long before = changeLog.lastSeq();

        Person created = (Person) relations.create(new Person(null, null, "J.H.", "Johannes", "Jan", "van der", "Berg",
                LocalDate.of(1980, 2, 29), Gender.MALE, "Dhr.", "jan@home.nl", "020 123 4567", "06 1234 5678",
                List.of(new ContactRole(org.id(), "jan@bakkerij.nl", "+31 20 765 4321", null, "Eigenaar")), null,
                manager, List.of(owner), false, List.of("customer"),
                List.of(new Address(AddressType.PRIVATE, "Dorpsstraat", "1a", "1234 AB", "Ons Dorp", null, "NL")),
                "met zorg", Map.of(), null, null, null), Origin.apiToken(7, manager));

        Person stored = (Person) relations.find(RelationKind.PERSON, created.id());
        assertThat(stored.displayName()).isEqualTo("Jan van der Berg");
        assertThat(stored.birthDate()).isEqualTo(LocalDate.of(1980, 2, 29));
        assertThat(stored.contactRoles()).containsExactly(
                new ContactRole(org.id(), "jan@bakkerij.nl", "+31 20 765 4321", null, "Eigenaar"));
        assertThat(stored.ownerIds()).containsExactly(owner);
        assertThat(stored.addresses()).hasSize(1);
        assertThat(stored.privateIndividual()).isFalse();
        assertThat(stored.version()).isEqualTo(1);

        List<Change> logged = changeLog.after(before, 10);
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst().recordId()).isEqualTo(created.id());
        assertThat(logged.getFirst().operation()).isEqualTo(Operation.CREATE);
        assertThat(logged.getFirst().origin()).isEqualTo(Origin.apiToken(7, manager));
        assertThat(logged.getFirst().fields()).contains("lastName", "infix", "contactRoles", "managerId", "ownerIds");
    }

    @Test
    void updateLogsOnlyTheChangedFieldsAndBumpsTheVersion() {
        long manager = samples.employee("carla");
        Person person = samples.person("Pieter", "de", "Jong", manager);
        long before = changeLog.lastSeq();

        Person changed = (Person) relations.update(RelationKind.PERSON, person.id(), person.version(),
                samples.withLastName(person, "Jongh"), Origin.connection(3));

        assertThat(changed.version()).isEqualTo(person.version() + 1);
        assertThat(changed.lastName()).isEqualTo("Jongh");
        List<Change> logged = changeLog.after(before, 10);
        assertThat(logged).singleElement().satisfies(c -> {
            assertThat(c.fields()).containsExactly("lastName");
            assertThat(c.origin()).isEqualTo(Origin.connection(3));
        });
    }

    @Test
    void aWriteThatChangesNothingIsNotAChange() {
        long manager = samples.employee("dirk");
        Person person = samples.person("Els", null, "Bakker", manager);
        long before = changeLog.lastSeq();

        Relation same = relations.update(RelationKind.PERSON, person.id(), null, person, Origin.user(manager));

        assertThat(same.version()).isEqualTo(person.version());
        assertThat(changeLog.after(before, 10)).isEmpty();
    }

    @Test
    void aStaleVersionIsRefusedAndChangesNothing() {
        long manager = samples.employee("eva");
        Person person = samples.person("Fleur", null, "Visser", manager);
        relations.update(RelationKind.PERSON, person.id(), 1L, samples.withLastName(person, "Vissers"), Origin.user(manager));
        long before = changeLog.lastSeq();

        assertThatThrownBy(() -> relations.update(RelationKind.PERSON, person.id(), 1L,
                samples.withLastName(person, "Fisher"), Origin.user(manager)))
                .isInstanceOf(StaleVersionException.class);

        Person stored = (Person) relations.find(RelationKind.PERSON, person.id());
        assertThat(stored.lastName()).isEqualTo("Vissers");
        assertThat(stored.version()).isEqualTo(2);
        assertThat(changeLog.after(before, 10)).isEmpty();
    }

    @Test
    void invalidInputStoresNothingAndNamesEveryField() {
        long manager = samples.employee("frank");
        long before = changeLog.lastSeq();
        var bad = new Person(null, null, null, "Gerrit", null, null, " ", LocalDate.now().plusDays(3), null, null,
                "not-an-address", "12", null, List.of(new ContactRole(999_999L, "x@y", null, null, null)), null,
                manager, List.of(424_242L), false, List.of(), List.of(), null, Map.of("nope", 1), null, null, null);

        assertThatThrownBy(() -> relations.create(bad, Origin.user(manager)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field)
                        .containsExactlyInAnyOrder("lastName", "birthDate", "privateEmail", "privatePhone",
                                "contactRoles[0].email", "contactRoles[0].organisationId", "ownerIds[0]",
                                "customFields.nope"));
        assertThat(changeLog.after(before, 10)).isEmpty();
        assertThat(relations.search(new RelationQuery(RelationKind.PERSON, "gerrit", null, null, manager, null, null,
                false, null, null, 0, 10)).total()).isZero();
    }

    @Test
    void softDeleteHidesTheRelationAndRestoreBringsItBack() {
        long manager = samples.employee("gijs");
        Person person = samples.person("Hanna", "van", "Dijk", manager);
        var byName = new RelationQuery(RelationKind.PERSON, "hanna van dijk", null, null, manager, null, null, false,
                null, null, 0, 10);

        relations.delete(RelationKind.PERSON, person.id(), null, Origin.user(manager));
        assertThat(relations.search(byName).total()).isZero();
        assertThat(relations.find(RelationKind.PERSON, person.id()).deleted()).isTrue();
        assertThatThrownBy(() -> relations.update(RelationKind.PERSON, person.id(), null,
                samples.withLastName(person, "Dijkstra"), Origin.user(manager))).isInstanceOf(ConflictException.class);

        relations.restore(RelationKind.PERSON, person.id(), Origin.user(manager));
        assertThat(relations.search(byName).items()).extracting(Relation::id).containsExactly(person.id());
        assertThat(changeLog.forRecord(RecordType.PERSON, person.id(), 10)).extracting(Change::operation)
                .containsExactly(Operation.RESTORE, Operation.DELETE, Operation.CREATE);
    }

    @Test
    void searchFindsByNameEmailAndPhoneInAnyNotation() {
        long manager = samples.employee("hugo");
        long owner = samples.employee("ilse");
        Organisation org = (Organisation) relations.create(new Organisation(null, null, "Zuidas Advocaten",
                "+31 20 555 0101", "info@zuidas-advocaten.nl", null, null, manager, List.of(owner), false, List.of(),
                List.of(), null, Map.of(), null, null, null), Origin.user(manager));

        assertThat(ids(query("zuidas", null, null, null, null))).containsExactly(org.id());
        assertThat(ids(query(null, "INFO@zuidas-advocaten.nl", null, null, null))).containsExactly(org.id());
        assertThat(ids(query(null, null, "020-5550101", null, null))).containsExactly(org.id());
        assertThat(ids(query("5550101", null, null, null, null))).containsExactly(org.id());
        assertThat(ids(query("zuidas", null, null, manager, null))).containsExactly(org.id());
        assertThat(ids(query("zuidas", null, null, null, owner))).containsExactly(org.id());
        assertThat(ids(query("zuidas", null, null, null, manager))).isEmpty();
        assertThat(ids(query("zuidas_", null, null, null, null))).as("LIKE wildcards are literal").isEmpty();
    }

    private List<Long> ids(org.koppel.crm.Page<Relation> page) {
        return page.items().stream().map(Relation::id).toList();
    }

    private org.koppel.crm.Page<Relation> query(String q, String email, String phone, Long manager, Long owner) {
        return relations.search(new RelationQuery(null, q, email, phone, manager, owner, null, false, null, null, 0, 50));
    }

    @Test
    void anUpdateKeepsEachChangedFieldsValueBeforeAndAfterForTheHistory() {
        long manager = samples.employee("waarden");
        var person = samples.person("Wout", null, "Waarde", manager);

        var updated = relations.update(RelationKind.PERSON, person.id(), person.version(),
                samples.withLastName(person, "Waardeman"), Origin.system());

        Change logged = changeLog.forRecord(RecordType.PERSON, person.id(), 1).getFirst();
        assertThat(changeLog.values(List.of(logged.seq())).get(logged.seq()))
                .containsExactly(new FieldValues("lastName", "\"Waarde\"", "\"Waardeman\""));
        assertThat(updated.version()).isEqualTo(person.version() + 1);
    }
}
