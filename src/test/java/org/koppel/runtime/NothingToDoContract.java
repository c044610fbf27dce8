package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.carddav.VCardContacts;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavResource;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.agenda.Visibility;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SettledStore;
import org.koppel.sync.DataType;
import org.koppel.sync.Link;
import org.koppel.sync.RunReport;
import org.koppel.testkit.CountingDataSource;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.MovableClock;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run with nothing to do ({@link NothingToDo}) costs the database the same whatever the number of
 * links and records in scope, against a real Radicale; and every change that must reach the other
 * side still does: the fast path is taken only when a full pass would do nothing either.
 */
abstract class NothingToDoContract {

    /** Counts SQL per thread, and a clock that lets days pass. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return CountingDataSource.wrapping();
        }

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired Connections connections;
    @Autowired SyncRunner runner;
    @Autowired Relations relations;
    @Autowired Appointments appointments;
    @Autowired org.koppel.crm.agenda.Tasks tasks;
    @Autowired org.koppel.crm.group.Groups groups;
    @Autowired Samples samples;
    @Autowired SyncSettings settings;
    @Autowired LinkStore links;
    @Autowired SettledStore settled;
    @Autowired ContactReviewStore reviews;
    @Autowired FieldMapEditor fieldMap;
    @Autowired CustomFields customFields;
    @Autowired JdbcClient db;
    @Autowired javax.sql.DataSource dataSource;
    @Autowired Clock clock;

    Radicale radicale;
    Employee user;
    long colleague;
    URI book;
    DavCollectionClient phone;
    final VCardContacts cards = new VCardContacts();

    @BeforeEach
    void setUp() {
        radicale = Radicale.shared();
        user = samples.employee("noop", EmployeeRole.USER);
        colleague = samples.employee("noop-colleague");
        book = newBook();
        phone = phone(book);
    }

    @AfterEach
    void resetClock() {
        ((MovableClock) clock).reset();
    }

    private CountingDataSource counting() {
        return (CountingDataSource) dataSource;
    }

    @Test
    void aRunWithNothingToDoCostsTheSameStatementsAndRowsWithTenOrAThousandCards() {
        Employee big = samples.employee("noop-big", EmployeeRole.USER);
        for (int i = 0; i < 10; i++) samples.person("Tien" + i, null, "Klein", user.id());
        for (int i = 0; i < 1000; i++) samples.person("Duizend" + i, null, "Groot", big.id());
        long small = connect(user, book, Map.of());
        long large = connect(big, newBook(), Map.of());
        assertThat(sync(small).totals().get(DataType.CONTACTS).created()).isEqualTo(10);
        assertThat(sync(large).totals().get(DataType.CONTACTS).created()).isEqualTo(1000);
        sync(small);
        sync(large);

        var tenCards = counting().costOf(() -> assertNothingDone(sync(small)));
        var thousandCards = counting().costOf(() -> assertNothingDone(sync(large)));
        settled.settle(large, DataType.CONTACTS, null);
        var fullPass = counting().costOf(() -> sync(large));

        assertThat(thousandCards).as("a no-op run reads no link and no scope: its cost does not grow with them")
                .isEqualTo(tenCards);
        assertThat(fullPass.rows()).as("the full pass reads every link (the counter sees it)").isGreaterThanOrEqualTo(2000);
        // Many changes elsewhere in the organisation (more than one IN list): read, checked, and none concerns it.
        long stranger = samples.employee("noop-stranger");
        for (int i = 0; i < 1500; i++) samples.person("Ander" + i, null, "Elders", stranger);
        var afterOthersEdits = counting().costOf(() -> assertNothingDone(sync(large)));
        assertThat(afterOthersEdits.rows()).as("1,500 change-log rows read, not the 1,000 links and scope")
                .isLessThan(thousandCards.rows() + 1500 + 1000);

        // Figures for the report, not asserted (timing belongs in bench/): the median of five of each.
        var noOp = new java.util.ArrayList<Long>();
        var full = new java.util.ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            sync(large);
            noOp.add((System.nanoTime() - started) / 1_000_000);
            settled.settle(large, DataType.CONTACTS, null);
            started = System.nanoTime();
            sync(large);
            full.add((System.nanoTime() - started) / 1_000_000);
        }
        System.out.printf("1000 cards: no-op run %d statements, %d rows, median %d ms; full pass %d statements, %d rows, "
                        + "median %d ms%n", thousandCards.statements(), thousandCards.rows(), noOp.stream().sorted().toList().get(2),
                fullPass.statements(), fullPass.rows(), full.stream().sorted().toList().get(2));
    }

    @Test
    void aKoppelEditOfACardInScopeStillReachesThePhone() {
        Person p = samples.person("Ria", null, "Rood", user.id());
        long connection = settledConnection(Map.of());

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Rianne"), Origin.user(user.id()));
        sync(connection);

        assertThat(card(p)).contains(";Rianne;");
    }

    @Test
    void aPersonEnteringScopeByManagerOrSyncFlagGetsACard() {
        Person handedOver = samples.person("Gijs", null, "Geel", colleague);
        Person flagged = samples.person("Fleur", null, "Groen", colleague);
        long connection = settledConnection(Map.of("contacts.scope", "MANAGER,OWNER,SYNC_FLAG"));
        assertThat(cardsByUid()).doesNotContainKeys(uid(handedOver), uid(flagged));

        Person input = Samples.person("Gijs", null, "Geel", user.id(), List.of());
        relations.update(RelationKind.PERSON, handedOver.id(), null, input, Origin.user(colleague));
        relations.setSyncFlag(RelationKind.PERSON, flagged.id(), user.id(), true, Origin.user(user.id()));
        sync(connection);

        assertThat(cardsByUid()).containsKeys(uid(handedOver), uid(flagged));
    }

    @Test
    void aPhoneEditStillComesIn() {
        Person p = samples.person("Bas", null, "Blauw", user.id());
        long connection = settledConnection(Map.of());

        String href = phone.hrefForUid(uid(p));
        DavResource card = phone.get(href).orElseThrow();
        phone.update(href, card.etag(), card.data().replace("\r\n", "\n").replace("\n", "\r\n").replace(";Bas;", ";Bastiaan;"));
        sync(connection);

        assertThat(current(p).firstName()).isEqualTo("Bastiaan");
    }

    @Test
    void aChangedPolicyGivesAFullPassThatCreatesWhatItNowAllows() {
        Person p = samples.person("Piet", null, "Paars", user.id());
        long connection = settledConnection(Map.of("contacts.direction", "PEER_TO_CRM"));
        assertThat(cardsByUid()).doesNotContainKey(uid(p));

        settings.replace("EMPLOYEE", user.id(), Map.of("contacts.direction", "BOTH"));
        sync(connection);

        assertThat(cardsByUid()).containsKey(uid(p));
    }

    @Test
    void aChangedFieldMapGivesAFullPass() {
        for (int i = 0; i < 5; i++) samples.person("Veld" + i, null, "Kaart", user.id());
        long connection = settledConnection(Map.of());
        String key = "noop" + UUID.randomUUID().toString().substring(0, 6);
        customFields.create(new CustomField(null, null, RelationKind.PERSON, key, "Noop", CustomFieldType.TEXT, List.of(),
                null, null, null), Origin.system());
        var row = fieldMap.add(DataType.CONTACTS, new FieldMapEditor.Input("ANY", "custom." + key, "custom." + key,
                null, null, null));
        try {
            var cost = counting().costOf(() -> sync(connection));

            assertThat(cost.rows()).as("every link read again").isGreaterThanOrEqualTo(5);
            assertThat(settled.settled(connection, DataType.CONTACTS)).as("settled under the new field map").isNotNull();
            var after = counting().costOf(() -> assertNothingDone(sync(connection)));
            assertThat(after.rows()).isLessThan(cost.rows());
        } finally {
            fieldMap.remove(DataType.CONTACTS, row.id());
        }
    }

    @Test
    void aWriteWhoseOutcomeWasNotStoredIsReadAgain() {
        Person p = samples.person("Sjaak", null, "Zwart", user.id());
        long connection = settledConnection(Map.of());
        Link link = links.all(connection, DataType.CONTACTS).getFirst();
        // As a run that died after writing to the item leaves it: the write's outcome not stored.
        links.save(new Link(link.id(), connection, DataType.CONTACTS, link.crmId(), link.peerId(), link.peerVersion(),
                link.base(), link.crmVersion(), new org.koppel.sync.Sent(link.peerVersion(), java.util.Set.of(),
                link.base().agreed())), Instant.now());

        RunReport report = sync(connection);

        assertThat(report.status()).as(report.errorMessage()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(report.peerRequests()).as("the sync report and a read of the item written").isGreaterThanOrEqualTo(2);
        assertThat(card(p)).contains(";Sjaak;");
    }

    @Test
    void aDecidedReviewIsCarriedOut() {
        Person p = samples.person("Dirk", null, "Wit", user.id());
        long connection = settledConnection(Map.of());
        Link link = links.all(connection, DataType.CONTACTS).getFirst();
        reviews.hold(connection, p.id(), link.peerId(), link.peerVersion(), link.base().agreed(), link.base().agreed(),
                "held in this test", Instant.now());
        long review = reviews.open(connection).getFirst().id();
        reviews.decide(review, ContactReviewStore.Status.ACCEPTED, user.id(), Instant.now());

        sync(connection);

        assertThat(db.sql("SELECT applied FROM contact_review WHERE id = ?").param(review).query(Boolean.class).single())
                .as("the decision was carried out").isTrue();
    }

    @Test
    void anAppointmentEnteringTheWindowAsDaysPassReachesTheCalendar() {
        URI calendar = radicale.createCalendar(Radicale.ALICE, "cal-" + UUID.randomUUID(), "Work", "VEVENT");
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(12));
        Appointment later = appointments.create(new Appointment(null, null, "Later", false, start,
                start.plus(Duration.ofHours(1)), null, null, "Europe/Amsterdam", null, null, null, Visibility.EVERYONE,
                user.id(), List.of(), null, List.of(), List.of(), List.of(), null, null, null), List.of(), Viewer.system(),
                Origin.system());
        long connection = connect(user, book, Map.of("calendar", calendar.getPath(), "appointments.direction", "BOTH",
                "appointments.windowDays", "7"));
        sync(connection);
        assertNothingDone(sync(connection));
        assertThat(objects(calendar)).doesNotContain("koppel-appointment-" + later.id() + ".ics");

        ((MovableClock) clock).pass(Duration.ofDays(6));
        RunReport report = sync(connection);

        assertThat(report.totals().get(DataType.APPOINTMENTS).created()).isEqualTo(1);
        assertThat(objects(calendar)).contains("koppel-appointment-" + later.id() + ".ics");
    }

    @Test
    void aTaskComingDueWithinTheWindowAsDaysPassReachesTheTaskList() {
        URI taskList = radicale.createCalendar(Radicale.ALICE, "todo-" + UUID.randomUUID(), "Tasks", "VTODO");
        Task later = tasks.create(new Task(null, null, "Later", java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(12),
                TaskStatus.OPEN, null, null, null, user.id(), null, null, null, null), List.of(), Origin.system());
        long connection = connect(user, book, Map.of("taskList", taskList.getPath(), "tasks.direction", "BOTH",
                "tasks.windowDays", "7"));
        sync(connection);
        assertNothingDone(sync(connection));

        ((MovableClock) clock).pass(Duration.ofDays(6));
        RunReport report = sync(connection);

        assertThat(report.totals().get(DataType.TASKS).created()).isEqualTo(1);
        assertThat(radicale.send(Radicale.ALICE, "PROPFIND", taskList, null, "Depth", "1").body())
                .contains("koppel-task-" + later.id() + ".ics");
    }

    @Test
    void aPersonJoiningAGroupOfTheGroupRuleGetsACard() {
        String mainGroup = "Outlook-" + UUID.randomUUID().toString().substring(0, 6);
        Person joining = samples.person("Greet", null, "Grijs", colleague);
        Group group = groups.create(new Group(null, null, "Klanten " + mainGroup, mainGroup, user.id(), false, List.of(),
                null, null), GroupEditor.system());
        long connection = settledConnection(Map.of("contacts.scope", "MANAGER,GROUP", "contacts.scopeMainGroup", mainGroup));
        assertThat(cardsByUid()).doesNotContainKey(uid(joining));

        Group now = groups.find(group.id());
        groups.update(group.id(), null, new Group(now.id(), now.version(), now.name(), now.mainGroup(), now.ownerId(),
                now.isPublic(), List.of(joining.id()), null, null), GroupEditor.system());
        sync(connection);

        assertThat(cardsByUid()).containsKey(uid(joining));
    }

    // --- helpers

    /** A connection whose last run found nothing to do: the state the fast path starts from. */
    private long settledConnection(Map<String, String> employeeSettings) {
        long connection = connect(user, book, employeeSettings);
        sync(connection);
        assertNothingDone(sync(connection));
        assertThat(settled.settled(connection, DataType.CONTACTS)).isNotNull();
        return connection;
    }

    private static void assertNothingDone(RunReport report) {
        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(report.items()).isEmpty();
    }

    private long connect(Employee owner, URI addressBook, Map<String, String> settingsOfOwner) {
        var employeeSettings = new java.util.HashMap<String, String>();
        var connectionSettings = new java.util.HashMap<String, String>(Map.of("url", addressBook.toString(), "username",
                Radicale.ALICE));
        settingsOfOwner.forEach((name, value) -> {
            if (name.contains(".")) employeeSettings.put(name, value);
            else connectionSettings.put(name, value);
        });
        if (!employeeSettings.isEmpty()) settings.replace("EMPLOYEE", owner.id(), employeeSettings);
        var koppelUser = new KoppelUser(owner.id(), owner.login(), null, owner.role(), true, false, null);
        return connections.create("carddav", "Phone", connectionSettings, radicale.password(Radicale.ALICE), koppelUser).id();
    }

    private URI newBook() {
        return radicale.createAddressBook(Radicale.ALICE, "book-" + UUID.randomUUID(), "Contacts");
    }

    private static DavCollectionClient phone(URI book) {
        return DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book,
                new DavCredentials(Radicale.ALICE, Radicale.shared().password(Radicale.ALICE)), Loopback.davSettings());
    }

    private RunReport sync(long connection) {
        return runner.run(connection, "test");
    }

    private Person current(Person p) {
        return (Person) relations.find(RelationKind.PERSON, p.id());
    }

    private static String uid(Person p) {
        return "koppel-" + p.id();
    }

    private String card(Person p) {
        return phone.get(phone.hrefForUid(uid(p))).orElseThrow().data();
    }

    private Map<String, String> cardsByUid() {
        var byUid = new java.util.HashMap<String, String>();
        for (MemberEtag m : phone.listEtags()) {
            String data = phone.get(m.href()).orElseThrow().data();
            var matcher = java.util.regex.Pattern.compile("(?m)^UID:(.*)\\r?$").matcher(data);
            if (matcher.find()) byUid.put(matcher.group(1).trim(), data);
        }
        return byUid;
    }

    private List<String> objects(URI calendar) {
        var answer = radicale.send(Radicale.ALICE, "PROPFIND", calendar, null, "Depth", "1");
        var matcher = java.util.regex.Pattern.compile("koppel-appointment-\\d+\\.ics").matcher(answer.body());
        var names = new java.util.ArrayList<String>();
        while (matcher.find()) names.add(matcher.group());
        return names;
    }
}
