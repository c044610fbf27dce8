package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.agenda.Visibility;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.employee.UserGroups;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.connector.source.SourcePeers;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.EmployeeStore;
import org.koppel.store.FanoutStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncJobStore;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.CountingDataSource;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import tools.jackson.databind.ObjectMapper;

/**
 * The change fan-out: which connections a committed CRM change asks to run, that its position in the
 * change log survives a restart and is never fanned out twice by two nodes, and that a round's work
 * follows the changes, not the number of connections. Runs on H2 and on PostgreSQL.
 */
abstract class FanoutContract {

    @Autowired ChangeFanout fanout;
    @Autowired ChangeLogStore changeLog;
    @Autowired FanoutStore fanoutStore;
    @Autowired ConnectionStore connections;
    @Autowired SyncConfigStore config;
    @Autowired SyncSettings settings;
    @Autowired List<PeerFactory> factories;
    @Autowired PlatformTransactionManager transactions;
    @Autowired DataSource dataSource;
    @Autowired ObjectMapper json;
    @Autowired UserGroups userGroups;
    @Autowired EmployeeStore employeeStore;
    @Autowired Employees employees;
    @Autowired LinkStore links;
    @Autowired Relations relations;
    @Autowired Groups groups;
    @Autowired Appointments appointments;
    @Autowired Tasks tasks;
    @Autowired Samples samples;
    @Autowired JdbcClient jdbc;

    long user;
    long colleague;
    long phone;

    @BeforeEach
    void setUp() {
        user = samples.employee("fan");
        colleague = samples.employee("other");
        phone = connection(user, Map.of());
        fanout.fanOut(); // what earlier tests changed is not this test's business
    }

    @Test
    void aChangeConcernsTheConnectionsLinkingItButNotTheOneThatWroteIt() {
        Person p = samples.person("Link", null, "Twice", colleague);
        long laptop = connection(user, Map.of());
        link(phone, p.id());
        link(laptop, p.id());
        fanout.fanOut();

        rename(p, "Linked", Origin.connection(phone));

        assertThat(fanout.fanOut()).as("its own write is no reason to run; the other link's is")
                .contains(laptop).doesNotContain(phone);
        rename(p, "Linkje", Origin.user(colleague));
        assertThat(fanout.fanOut()).contains(phone, laptop);
    }

    @Test
    void aRelationEntersTheScopeByManagerOwnerSyncFlagGroupOrAll() {
        long bystander = connection(colleague, Map.of());
        long grouped = connection(user, Map.of("contacts.scope", "GROUP", "contacts.scopeMainGroup", "Fan"));
        long everything = connection(samples.employee("all"), Map.of("contacts.scope", "ALL"));

        samples.person("By", null, "Manager", user);
        assertThat(fanout.fanOut()).as("manager").contains(phone, everything).doesNotContain(bystander, grouped);

        relations.create(Samples.person("By", null, "Owner", colleague, List.of(user)), Origin.system());
        assertThat(fanout.fanOut()).as("owner").contains(phone, everything).doesNotContain(grouped);

        Person flagged = samples.person("By", null, "Flag", colleague);
        fanout.fanOut();
        long flags = connection(user, Map.of("contacts.scope", "SYNC_FLAG"));
        relations.setSyncFlag(RelationKind.PERSON, flagged.id(), user, true, Origin.user(user));
        rename(flagged, "Flagged", Origin.user(colleague));
        assertThat(fanout.fanOut()).as("sync flag").contains(flags, everything).doesNotContain(phone, grouped);

        Person member = samples.person("By", null, "Group", colleague);
        fanout.fanOut();
        groups.create(new Group(null, null, "Fans " + user, "Fan", user, true, List.of(member.id()), null, null),
                GroupEditor.system());
        assertThat(fanout.fanOut()).as("group").contains(grouped).doesNotContain(phone, flags, bystander, everything);
        rename(member, "Grouped", Origin.user(colleague));
        assertThat(fanout.fanOut()).as("a member's change").contains(grouped, everything, bystander).doesNotContain(phone);
    }

    @Test
    void aFormerRelationLeavesNoCardSoOnlyItsLinksHearOfIt() {
        Person p = samples.person("Gone", null, "Soon", user);
        long linked = connection(colleague, Map.of());
        link(linked, p.id());
        fanout.fanOut();

        relations.update(RelationKind.PERSON, p.id(), null, Samples.former(current(p)), Origin.user(colleague));

        assertThat(fanout.fanOut()).contains(linked).doesNotContain(phone);
    }

    @Test
    void anOrganisationsChangeConcernsTheConnectionsHoldingItsContactPersons() {
        Organisation org = samples.organisation("Werkgever " + user, colleague);
        Person employed = samples.person("Werk", null, "Nemer", user);
        relations.update(RelationKind.PERSON, employed.id(), null, withRole(current(employed), org.id()), Origin.user(user));
        long bystander = connection(colleague, Map.of());
        fanout.fanOut();

        relations.update(RelationKind.ORGANISATION, org.id(), null, renamed(org, "Werkgever B.V. " + user), Origin.user(colleague));

        assertThat(fanout.fanOut()).as("the contact person's card shows the organisation's name").contains(phone)
                .doesNotContain(bystander);
    }

    @Test
    void aSourceSystemHearsOfTheRelationsItLinksOnly() {
        long source = connection(user, SourcePeers.TYPE, Map.of());
        Person linked = samples.person("Bron", null, "Gekoppeld", colleague);
        Person unlinked = samples.person("Bron", null, "Los", user);
        links.insert(source, DataType.RELATIONS, linked.id(), "src-" + linked.id(), "1", Snapshot.of(Map.of()), 1, Instant.now());
        fanout.fanOut();

        rename(unlinked, "Losse", Origin.user(user));
        assertThat(fanout.fanOut()).as("in its owner's scope, but a source system holds no address book")
                .contains(phone).doesNotContain(source);
        rename(linked, "Gekoppelde", Origin.user(colleague));
        assertThat(fanout.fanOut()).contains(source);
        rename(linked, "Gekoppeld", Origin.connection(source));
        assertThat(fanout.fanOut()).as("its own write").doesNotContain(source);
    }

    @Test
    void aGroupChangeConcernsItsOwnersGroupScopedConnectionsAndThoseLinkingItsMembersOnly() {
        long grouped = connection(user, Map.of("contacts.scope", "GROUP", "contacts.scopeMainGroup", "Club"));
        long bystander = connection(colleague, Map.of());
        long linker = connection(samples.employee("linker"), Map.of());
        Person member = samples.person("Club", null, "Lid", colleague);
        Person outsider = samples.person("Club", null, "Buiten", colleague);
        link(linker, member.id());
        link(bystander, outsider.id());
        Group group = groups.create(new Group(null, null, "Club " + user, "Club", user, true, List.of(), null, null),
                GroupEditor.system());
        fanout.fanOut();

        Group stored = groups.find(group.id());
        groups.update(group.id(), stored.version(), new Group(null, null, stored.name(), "Club", user, true,
                List.of(member.id()), null, null), GroupEditor.system());

        assertThat(fanout.fanOut()).as("not every connection, as before").contains(grouped, linker)
                .doesNotContain(phone, bystander);
    }

    @Test
    void aGroupHandedOnOrDeletedConcernsItsFormerOwnersGroupScopedConnections() {
        long successor = samples.employee("successor");
        long former = connection(user, Map.of("contacts.scope", "GROUP", "contacts.scopeMainGroup", "Erf"));
        long next = connection(successor, Map.of("contacts.scope", "GROUP", "contacts.scopeMainGroup", "Erf"));
        Person member = samples.person("Erf", null, "Lid", colleague);
        Group group = groups.create(new Group(null, null, "Erf " + user, "Erf", user, true, List.of(member.id()), null, null),
                GroupEditor.system());
        fanout.fanOut();

        Group stored = groups.find(group.id());
        groups.update(group.id(), stored.version(), new Group(null, null, stored.name(), "Erf", successor, true,
                List.of(), null, null), GroupEditor.system());
        assertThat(fanout.fanOut()).as("handed on, its member removed: both owners' address books change")
                .contains(former, next).doesNotContain(phone);

        groups.delete(group.id(), GroupEditor.system());
        assertThat(fanout.fanOut()).as("deleted").contains(next).doesNotContain(former, phone);
    }

    @Test
    void anAppointmentConcernsItsOrganisersCalendarsAndWhoLinksIt() {
        long calendar = connection(user, Map.of("appointments.direction", "BOTH"));
        long colleagues = connection(colleague, Map.of("appointments.direction", "BOTH"));
        Appointment a = appointments.create(appointment("Intake " + user), List.of(), Viewer.system(), Origin.system());

        assertThat(fanout.fanOut()).as("appointments are off for the phone").contains(calendar)
                .doesNotContain(phone, colleagues);

        long shared = connection(colleague, Map.of());
        links.insert(shared, DataType.APPOINTMENTS, a.id(), "ev-" + a.id(), "1", Snapshot.of(Map.of()), 1, Instant.now());
        Appointment current = appointments.find(a.id(), Viewer.system());
        appointments.update(a.id(), current.version(), moved(current), List.of(), Viewer.system(), Origin.connection(calendar));
        assertThat(fanout.fanOut()).as("its own write is no reason").contains(shared).doesNotContain(calendar, colleagues);
    }

    @Test
    void aTaskConcernsItsResponsibleEmployeesTaskListsAndWhoLinksIt() {
        long list = connection(user, Map.of("tasks.direction", "BOTH"));
        long colleagues = connection(colleague, Map.of("tasks.direction", "BOTH"));
        Task t = tasks.create(new Task(null, null, "Bellen " + user, LocalDate.now().plusDays(1), TaskStatus.OPEN, null,
                TaskPriority.NORMAL, null, user, null, null, null, null), List.of(), Origin.system());

        assertThat(fanout.fanOut()).contains(list).doesNotContain(phone, colleagues);

        links.insert(colleagues, DataType.TASKS, t.id(), "task-" + t.id(), "1", Snapshot.of(Map.of()), 1, Instant.now());
        Task current = tasks.find(t.id());
        tasks.update(t.id(), current.version(), new Task(null, null, "Terugbellen", current.dueDate(), TaskStatus.OPEN,
                null, TaskPriority.HIGH, null, user, null, null, null, null), List.of(), Origin.user(user));
        assertThat(fanout.fanOut()).contains(list, colleagues).doesNotContain(phone);
    }

    @Test
    void thePositionSurvivesARestartSoNoChangeIsMarkedTwiceOrSkipped() {
        Person p = samples.person("Her", null, "Start", user);
        assertThat(anotherNode().fanOut()).contains(phone);
        assertThat(anotherNode().fanOut()).as("a restarted node does not fan out the same change again").isEmpty();

        rename(p, "Herstart", Origin.user(colleague));
        assertThat(anotherNode().fanOut()).as("nor skip one made while it was down").contains(phone);
        assertThat(jdbc.sql("SELECT last_seq FROM change_fanout").query(Long.class).single()).isEqualTo(changeLog.lastSeq());
    }

    @Test
    void twoNodesFanningOutAtOnceShareTheBatchesSkippingNone() throws Exception {
        var owners = new ArrayList<Long>();
        var concerned = new HashSet<Long>();
        for (int i = 0; i < 5; i++) {
            long owner = samples.employee("node" + i);
            owners.add(owner);
            concerned.add(connection(owner, Map.of()));
        }
        fanout.fanOut();
        long start = changeLog.lastSeq();
        for (int i = 0; i < 45; i++) samples.person("Samen", null, "Nummer" + i, owners.get(i % 5));
        List<long[]> batches = Collections.synchronizedList(new ArrayList<>());
        var ready = new CountDownLatch(2);
        var go = new CountDownLatch(1);
        Set<Long> marked = new HashSet<>();
        try (var threads = Executors.newFixedThreadPool(2)) {
            var nodes = List.of(recordingNode(batches), recordingNode(batches)).stream().map(node -> threads.submit(() -> {
                ready.countDown();
                await(go);
                return node.fanOut();
            })).toList();
            ready.await();
            go.countDown();
            for (var node : nodes) marked.addAll(node.get(2, TimeUnit.MINUTES));
        }

        assertThat(marked).containsAll(concerned);
        batches.sort(java.util.Comparator.comparingLong(b -> b[0]));
        assertThat(batches.getFirst()[0]).isEqualTo(start);
        for (int i = 1; i < batches.size(); i++) {
            assertThat(batches.get(i)[0]).as("each batch starts where the one before ended: none twice, none skipped")
                    .isEqualTo(batches.get(i - 1)[1]);
        }
        assertThat(batches.getLast()[1]).isEqualTo(changeLog.lastSeq());
        assertThat(batches).as("45 changes in batches of 10, each fanned out once").hasSize(5);
    }

    /**
     * Before: every round read every connection and ran about five queries for each. Now a round reads
     * from the changed records to the connections that link or may hold them, whatever else exists.
     */
    @Test
    void aRoundIssuesAsManyStatementsWithTwoThousandUnconcernedConnectionsAsWithTwenty() {
        var counting = new CountingDataSource(dataSource);
        ChangeFanout counted = node(JdbcClient.create(counting), new DataSourceTransactionManager(counting), ChangeFanout.BATCH, null);
        long others = samples.employee("crowd");
        for (int i = 0; i < 20; i++) connection(others, Map.of());
        Person p = samples.person("Tel", null, "Baar", user);
        counted.fanOut();

        rename(p, "Telbaar", Origin.user(colleague));
        long withTwenty = counting.costOf(() -> assertThat(counted.fanOut()).contains(phone)).statements();

        for (int i = 0; i < 1980; i++) connection(others, Map.of());
        rename(p, "Geteld", Origin.user(colleague));
        long withTwoThousand = counting.costOf(() -> assertThat(counted.fanOut()).contains(phone)).statements();

        System.out.printf("fan-out round: %d statements with 20 unconcerned connections, %d with 2000%n", withTwenty, withTwoThousand);
        assertThat(withTwoThousand).isEqualTo(withTwenty);
    }

    private ChangeFanout anotherNode() {
        return new ChangeFanout(changeLog, fanoutStore, connections, config, settings, factories, transactions, Duration.ofSeconds(2));
    }

    /** A node whose fan-out notes each batch it fanned out as (position before, position after). */
    private ChangeFanout recordingNode(List<long[]> batches) {
        return node(jdbc, transactions, 10, batches);
    }

    private ChangeFanout node(JdbcClient client, PlatformTransactionManager tx, int batch, List<long[]> batches) {
        var store = new FanoutStore(client) {
            long from;

            @Override
            public long lockPosition() {
                from = super.lockPosition();
                return from;
            }

            @Override
            public void advance(long seq) {
                super.advance(seq);
                if (batches != null) batches.add(new long[] {from, seq});
            }
        };
        var configs = new SyncConfigStore(client);
        return new ChangeFanout(new ChangeLogStore(client), store, new ConnectionStore(client, json, new SyncJobStore(client), java.time.Clock.systemUTC()), configs,
                new SyncSettings(configs, userGroups, employeeStore), factories, tx, Duration.ofSeconds(2), batch);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long connection(long owner, Map<String, String> settings) {
        return connection(owner, "memory", settings);
    }

    private long connection(long owner, String type, Map<String, String> settings) {
        return connections.insert(type, "fan-out", owner, settings, null, Instant.now());
    }

    private void link(long connection, long relation) {
        links.insert(connection, DataType.CONTACTS, relation, "card-" + relation, "1", Snapshot.of(Map.of()), 1, Instant.now());
    }

    private Person current(Person p) {
        return (Person) relations.find(RelationKind.PERSON, p.id());
    }

    private void rename(Person p, String firstName, Origin origin) {
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), firstName), origin);
    }

    private static Person withRole(Person p, long organisation) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                List.of(new ContactRole(organisation, null, null, null, null)), p.employeeId(), p.managerId(), p.ownerIds(),
                p.former(), p.relationTypes(), p.addresses(), p.comment(), p.customFields(), null, null, null);
    }

    private Organisation renamed(Organisation o, String name) {
        var current = (Organisation) relations.find(RelationKind.ORGANISATION, o.id());
        return new Organisation(current.id(), current.version(), name, current.phone(), current.email(), current.website(),
                current.cocNumber(), current.managerId(), current.ownerIds(), current.former(), current.relationTypes(),
                current.addresses(), current.comment(), current.customFields(), null, null, null);
    }

    private Appointment appointment(String subject) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2));
        return new Appointment(null, null, subject, false, start, start.plus(Duration.ofHours(1)), null, null,
                "Europe/Amsterdam", null, null, null, Visibility.EVERYONE, user, List.of(), null, List.of(), List.of(),
                List.of(), null, null, null);
    }

    private static Appointment moved(Appointment a) {
        return new Appointment(a.id(), a.version(), a.subject(), a.allDay(), a.start().plus(Duration.ofHours(1)),
                a.end().plus(Duration.ofHours(1)), a.startDate(), a.endDate(), a.timeZone(), a.location(), a.description(),
                a.reminderMinutes(), a.visibility(), a.organiserId(), a.relationIds(), a.recurrence(), a.exceptions(),
                a.exceptionDates(), a.occurrenceEdits(), null, null, null);
    }
}
