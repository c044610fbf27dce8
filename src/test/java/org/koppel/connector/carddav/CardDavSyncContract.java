package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavResource;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.FieldMapEditor;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.FaultyPeers;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Samples;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.ScriptedHttpServer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Contact sync end to end against a real Radicale: what a person sees in the address book after
 * edits in Koppel and on the phone. The "phone" here edits cards over CardDAV like any client.
 */
abstract class CardDavSyncContract {

    @Autowired Connections connections;
    @Autowired SyncRunner runner;
    @Autowired org.koppel.runtime.SyncJobs jobs;
    @Autowired SyncRunStore runs;
    @Autowired Relations relations;
    @Autowired Samples samples;
    @Autowired FaultyPeers faulty;
    @Autowired org.koppel.store.ConnectionStore store;

    Radicale radicale;
    Employee user;
    long colleague;
    URI book;
    DavCollectionClient phone;
    VCardContacts cards = new VCardContacts();

    @BeforeEach
    void setUp() {
        radicale = Radicale.shared();
        user = samples.employee("sales", EmployeeRole.USER);
        colleague = samples.employee("colleague");
        book = radicale.createAddressBook(Radicale.ALICE, "book-" + UUID.randomUUID(), "Contacts");
        phone = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book, new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE)),
                Loopback.davSettings());
    }

    @Test
    void initialSyncBringsManagedAndOwnedPersonsAndNoOthersWithDutchNamesIntact() {
        Person managed = samples.person("Anna", "van der", "Berg", user.id());
        Person owned = (Person) relations.create(Samples.person("Bert", null, "Smit", colleague, List.of(user.id())),
                Origin.system());
        Person others = samples.person("Carla", null, "Vos", colleague);
        long connection = connect("carddav");

        RunReport report = sync(connection);

        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(report.totals().get(DataType.CONTACTS).created()).isEqualTo(2);
        Map<String, String> cardsByUid = cardsByUid();
        assertThat(cardsByUid).containsOnlyKeys("koppel-" + managed.id(), "koppel-" + owned.id());
        String anna = cardsByUid.get("koppel-" + managed.id());
        assertThat(anna).contains("N:van der Berg;Anna;", "X-KOPPEL-INFIX:van der", "X-KOPPEL-ID:" + managed.id());
        assertThat(cardsByUid.keySet()).doesNotContain("koppel-" + others.id());

        RunReport again = sync(connection);
        assertThat(again.items()).isEmpty();
        assertThat(again.peerRequests()).as("a no-op run: one sync-collection report").isEqualTo(1);
    }

    @Test
    void aCardLargerThanTheCardLimitIsReportedAsSkippedAndTheRunGoesOnWithTheOthers() {
        long connection = connect("carddav");
        sync(connection);
        String big = phone.hrefForUid("huge-photo");
        phone.create(big, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:huge-photo\r\nFN:Foto Groot\r\nN:Groot;Foto;;;\r\n"
                + "PHOTO;ENCODING=b;TYPE=JPEG:" + "Q".repeat(1_500_000) + "\r\nEND:VCARD\r\n");
        String small = phone.hrefForUid("small-one");
        phone.create(small, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:small-one\r\nFN:Klein Kaartje\r\nN:Kaartje;Klein;;;\r\nEND:VCARD\r\n");

        RunReport report = sync(connection);

        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(report.items()).filteredOn(i -> i.peerId().equals(big)).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(RunReport.Outcome.ERROR);
            assertThat(i.reason()).isEqualTo("card larger than 1 MiB skipped");
        });
        assertThat(report.items()).filteredOn(i -> i.peerId().equals(small)).singleElement()
                .satisfies(i -> assertThat(i.outcome()).isNotEqualTo(RunReport.Outcome.ERROR));
    }

    @Test
    void editsOfDifferentFieldsOnBothSidesAreMergedAndUnknownPropertiesSurvive() {
        Person p = samples.person("Daan", null, "Bos", user.id());
        long connection = connect("carddav");
        sync(connection);
        String href = phone.hrefForUid("koppel-" + p.id());
        phoneEdits(href, card -> card.replace("END:VCARD", "EMAIL;TYPE=HOME:daan@thuis.example\r\n"
                + "X-SOCIALPROFILE;TYPE=twitter:@daanbos\r\nNOTE:met de fiets\r\nEND:VCARD"));
        sync(connection);
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Daniël"), Origin.user(user.id()));
        phoneEdits(href, card -> card.replace("N:Bos;Daan;", "N:Bosch;Daan;"));

        RunReport report = sync(connection);

        Person now = current(p);
        assertThat(now.firstName()).isEqualTo("Daniël");
        assertThat(now.lastName()).isEqualTo("Bosch");
        assertThat(now.privateEmail()).isEqualTo("daan@thuis.example");
        String card = phone.get(href).orElseThrow().data();
        assertThat(card).contains("Daniël", "Bosch", "X-SOCIALPROFILE", "@daanbos", "NOTE:met de fiets");
        assertThat(report.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(RunReport.Outcome.UPDATED_BOTH));
    }

    @Test
    void aSameFieldConflictIsSettledByTheRuleAndLogged() {
        Person p = samples.person("Eline", null, "Kramer", user.id());
        long connection = connect("carddav");
        sync(connection);
        String href = phone.hrefForUid("koppel-" + p.id());
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Elien"), Origin.user(user.id()));
        phoneEdits(href, card -> card.replace(";Eline;", ";Lien;"));

        sync(connection);

        assertThat(current(p).firstName()).isEqualTo("Elien");
        assertThat(phone.get(href).orElseThrow().data()).contains(";Elien;");
        assertThat(runs.conflicts(connection)).singleElement().satisfies(c -> assertThat(c.losingValue()).isEqualTo("Lien"));
    }

    @Test
    void aPhoneDeleteUnlinksAndTheContactReturnsAfterItsNextChangeInKoppel() {
        Person p = samples.person("Fenna", null, "Hoek", user.id());
        long connection = connect("carddav");
        sync(connection);
        var card = phone.get(phone.hrefForUid("koppel-" + p.id())).orElseThrow();
        phone.delete(card.href(), card.etag());

        sync(connection);
        assertThat(relations.find(RelationKind.PERSON, p.id()).deleted()).isFalse();
        assertThat(sync(connection).items()).isEmpty();
        assertThat(cardsByUid()).isEmpty();

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Fenne"), Origin.user(user.id()));
        sync(connection);
        assertThat(cardsByUid()).containsOnlyKeys("koppel-" + p.id());
    }

    @Test
    void aFormerRelationStaysInTheAddressBookWithoutFurtherUpdates() {
        Person p = samples.person("Gerrit", null, "Dam", user.id());
        long connection = connect("carddav");
        sync(connection);
        relations.update(RelationKind.PERSON, p.id(), null, Samples.former(current(p)), Origin.user(user.id()));
        sync(connection);
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Gert"), Origin.user(user.id()));
        sync(connection);

        assertThat(cardsByUid().get("koppel-" + p.id())).contains(";Gerrit;").doesNotContain("Gert;");
    }

    @Test
    void anExpiredSyncTokenLeadsToAFullListingWithoutDuplicatesOrLosses() {
        Person p = samples.person("Hidde", null, "Zijl", user.id());
        long connection = connect("carddav");
        sync(connection);
        connectionsStoreSetCursor(connection, "{\"version\":1,\"syncToken\":\"http://radicale.org/ns/sync/bogus\",\"ctag\":null}");
        phoneEdits(phone.hrefForUid("koppel-" + p.id()), card -> card.replace(";Hidde;", ";Hiddo;"));

        RunReport report = sync(connection);

        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(current(p).firstName()).isEqualTo("Hiddo");
        assertThat(cardsByUid()).hasSize(1);
    }

    /** Rule 11: kill runs at every step, with edits on both sides in between; it converges every time. */
    @Test
    void runsKilledAtRandomPointsLeaveNoDuplicateAndLoseNoChange() {
        var random = new Random(42);
        for (int i = 0; i < 4; i++) samples.person("K" + i, null, "Kill", user.id());
        long connection = connect("carddav-crashing");
        for (int round = 0; round < 10; round++) {
            var persons = relations.search(new org.koppel.crm.relation.RelationQuery(RelationKind.PERSON, null, null, null,
                    user.id(), null, null, false, null, null, 0, 100)).items();
            Person edited = (Person) persons.get(random.nextInt(persons.size()));
            relations.update(RelationKind.PERSON, edited.id(), null, Samples.withFirstName(current(edited), "crm" + round),
                    Origin.user(user.id()));
            if (round % 3 == 0) samples.person("New" + round, null, "Kill", user.id());
            faulty.crashAfter(random.nextInt(6));
            sync(connection);
            faulty.crashAfter(Integer.MAX_VALUE);
            RunReport clean = sync(connection);
            assertThat(clean.status()).isEqualTo(RunReport.Status.SUCCEEDED);

            assertThat(cardsByUid().get("koppel-" + edited.id())).contains(";crm" + round + ";");
            assertThat(cardsByUid()).as("one card per person, no duplicates").hasSize(persons.size() + (round % 3 == 0 ? 1 : 0));
        }
    }

    @Test
    void setUpFromOnlyTheHostAsksWhichAddressBookWhenThereAreSeveralAndNeverGuesses() {
        var owner = new KoppelUser(user.id(), user.login(), null, user.role(), true, false, null);
        String secret = radicale.password(Radicale.ALICE);

        assertThatThrownBy(() -> connections.create("carddav", "Phone", Map.of("url", radicale.hostAndPort(),
                "username", Radicale.ALICE), secret, owner))
                .isInstanceOfSatisfying(org.koppel.crm.InvalidInputException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.reason()).contains("several address books")));
        assertThatThrownBy(() -> connections.create("carddav", "Phone", Map.of("url", radicale.hostAndPort(),
                "username", Radicale.ALICE), "wrong-password", owner))
                .isInstanceOfSatisfying(org.koppel.crm.InvalidInputException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("secret")));

        var chosen = connections.create("carddav", "Phone", Map.of("url", radicale.hostAndPort(), "username",
                Radicale.ALICE, "addressBook", book.getPath()), secret, owner);
        assertThat(chosen.settings()).containsEntry("addressBook", book.toString()).containsEntry("syncCollection", "true");
    }

    @Test
    void aServerAnswering429WithRetryAfterIsAskedAgainWhenTheWaitIsOverNotAtTheNextPull() {
        samples.person("Druk", null, "Bezet", user.id());
        long connection = connect("carddav");
        assertThat(sync(connection).status()).isEqualTo(RunReport.Status.SUCCEEDED);
        Map<String, String> atRadicale = store.find(connection).orElseThrow().settings();
        try (var busy = ScriptedHttpServer.start()) {
            busy.otherwise(r -> ScriptedHttpServer.Reply.text(429, "text/plain", "slow down").header("Retry-After", "40"));
            var throttledSettings = new java.util.HashMap<>(atRadicale);
            throttledSettings.put("addressBook", busy.uri(URI.create(atRadicale.get("addressBook")).getPath()).toString());
            store.updateAccess(connection, throttledSettings, store.sealedSecret(connection), java.time.Instant.now());
            java.time.Instant before = java.time.Instant.now();

            RunReport throttled = runner.run(connection, "scheduled");

            java.time.Instant after = java.time.Instant.now();
            assertThat(throttled.errorKind()).isEqualTo("TRANSIENT");
            assertThat(busy.requests()).as("the run reached the busy server").isNotEmpty();
            java.time.Instant retry = db.sql("SELECT retry_not_before FROM connection WHERE id = ?").param(connection)
                    .query(java.sql.Timestamp.class).single().toInstant();
            assertThat(retry).as("the server's 40 s, not stretched").isBetween(before.plusSeconds(40), after.plusSeconds(40));
            java.time.Duration pull = java.time.Duration.ofMinutes(5);
            assertThat(jobs.dueBy(connection, retry.minusSeconds(1))).isFalse();
            assertThat(jobs.dueBy(connection, retry)).as("due as soon as the wait is over").isTrue();
        }
        store.updateAccess(connection, atRadicale, store.sealedSecret(connection), java.time.Instant.now());
        assertThat(sync(connection).status()).isEqualTo(RunReport.Status.SUCCEEDED);
    }

    @Test
    void pausingAConnectionWhoseServerNeverAnswersStopsItsRunAndFreesIt() throws Exception {
        samples.person("Traag", null, "Antwoord", user.id());
        long connection = connect("carddav");
        assertThat(sync(connection).status()).isEqualTo(RunReport.Status.SUCCEEDED);
        Map<String, String> atRadicale = store.find(connection).orElseThrow().settings();
        try (var silent = ScriptedHttpServer.start()) {
            silent.otherwise(r -> ScriptedHttpServer.Reply.of(207).delayed(java.time.Duration.ofHours(1).toMillis()));
            var settings = new java.util.HashMap<>(atRadicale);
            settings.put("addressBook", silent.uri(URI.create(atRadicale.get("addressBook")).getPath()).toString());
            store.updateAccess(connection, settings, store.sealedSecret(connection), java.time.Instant.now());
            var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> sync(connection),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            org.koppel.testkit.Eventually.until(java.time.Duration.ofSeconds(10), "the run asks the silent server",
                    () -> !silent.requests().isEmpty());

            connections.pause(connection, new KoppelUser(user.id(), user.login(), null, user.role(), true, false, null));

            RunReport stopped = run.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(stopped.errorKind()).isEqualTo("CANCELLED");
            assertThat(stopped.errorMessage()).startsWith("paused during the run");
            assertThat(runs.running(connection, java.time.Instant.now())).isEmpty();
        }
    }

    @Autowired FieldMapEditor fieldMap;
    @Autowired CustomFields customFields;

    /** A contact person's whole card on a real server: work address from the organisation, note, custom field; and back. */
    @Test
    void aCardCarriesAddressesNoteAndCustomFieldsBothWaysAndUnknownDataSurvives() {
        String key = "branche" + UUID.randomUUID().toString().substring(0, 6);
        customFields.create(new CustomField(null, null, RelationKind.PERSON, key, "Branche",
                CustomFieldType.TEXT, List.of(), null, null, null), Origin.system());
        var row = fieldMap.add(org.koppel.sync.DataType.CONTACTS,
                new FieldMapEditor.Input("ANY", "custom." + key, "custom." + key, null, null, null));
        try {
            var acme = (Organisation) relations.create(new Organisation(null, null,
                    "Acme " + key, null, null, null, null, colleague, List.of(), false, List.of(),
                    List.of(new Address(AddressType.VISITING, "Keizersgracht",
                            "123a", "1015 CJ", "Amsterdam", null, "NL")), null, Map.of(), null, null, null), Origin.system());
            Person p = (Person) relations.create(new Person(null, null, null, "Femke", null, null, "Dijk", null, null, null,
                    null, null, null, List.of(new ContactRole(acme.id(), null, null, null, null)), null,
                    user.id(), List.of(), false, List.of(), List.of(), "Belt graag", Map.of(key, "Bouw"), null, null, null),
                    Origin.system());
            long connection = connect("carddav");
            sync(connection);
            String href = phone.hrefForUid("koppel-" + p.id());
            assertThat(phone.get(href).orElseThrow().data()).contains(
                    "ADR;TYPE=WORK:;;Keizersgracht 123a;Amsterdam;;1015 CJ;Netherlands", "NOTE:Belt graag",
                    "X-KOPPEL-CUSTOM;X-KEY=" + key + ":Bouw");

            phoneEdits(href, card -> card.replace("END:VCARD", "item7.ADR;type=HOME:;;Via Roma 5;Roma;;00184;Italia\r\n"
                    + "item7.X-ABADR:it\r\nX-PHONETIC-LAST-NAME:Deik\r\nEND:VCARD")
                    .replace("X-KOPPEL-CUSTOM;X-KEY=" + key + ":Bouw", "X-KOPPEL-CUSTOM;X-KEY=" + key + ":Zorg"));
            sync(connection);

            Person now = current(p);
            assertThat(now.addresses()).containsExactly(new Address(
                    AddressType.PRIVATE, "Via Roma", "5", "00184", "Roma", null, "IT"));
            assertThat(now.customFields()).containsEntry(key, "Zorg");
            assertThat(sync(connection).items()).as("no echo").isEmpty();
            assertThat(phone.get(href).orElseThrow().data()).contains("Italia", "item7.X-ABADR:it", "X-PHONETIC-LAST-NAME:Deik");
        } finally {
            fieldMap.remove(org.koppel.sync.DataType.CONTACTS, row.id());
        }
    }

    @Test
    void anOrganisationFlaggedIsACompanyCardOnTheServerAndItsEditsComeBack() {
        var bakery = (Organisation) relations.create(new Organisation(null, null,
                "Bakkerij " + UUID.randomUUID().toString().substring(0, 6), "020 555 0100", null, "https://bakkerij.example",
                null, user.id(), List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null), Origin.system());
        relations.setSyncFlag(RelationKind.ORGANISATION, bakery.id(), user.id(), true, Origin.system());
        long connection = connect("carddav");
        sync(connection);
        String href = phone.hrefForUid("koppel-" + bakery.id());
        // Radicale writes property names in capitals; they are case-insensitive (RFC 6350 §3.3).
        assertThat(phone.get(href).orElseThrow().data()).containsIgnoringCase("X-ABShowAs:COMPANY").contains("ORG:" + bakery.name(),
                "FN:" + bakery.name(), "URL:https://bakkerij.example", "TEL;TYPE=WORK,VOICE:020 555 0100")
                .doesNotContain("N:;Bakkerij");

        phoneEdits(href, card -> card.replace("020 555 0100", "020 555 0199"));
        sync(connection);

        assertThat(((Organisation) relations.find(RelationKind.ORGANISATION, bakery.id())).phone())
                .isEqualTo("020 555 0199");
    }

    private long connect(String type) {
        var owner = new KoppelUser(user.id(), user.login(), null, user.role(), true, false, null);
        return connections.create(type, "Phone", Map.of("url", book.toString(), "username", Radicale.ALICE),
                radicale.password(Radicale.ALICE), owner).id();
    }

    private RunReport sync(long connection) {
        return runner.run(connection, "test");
    }

    private Person current(Person p) {
        return (Person) relations.find(RelationKind.PERSON, p.id());
    }

    private void phoneEdits(String href, UnaryOperator<String> edit) {
        DavResource card = phone.get(href).orElseThrow();
        phone.update(href, card.etag(), edit.apply(card.data().replace("\r\n", "\n").replace("\n", "\r\n")));
    }

    private Map<String, String> cardsByUid() {
        var hrefs = phone.listEtags().stream().map(MemberEtag::href).toList();
        var result = new java.util.HashMap<String, String>();
        if (hrefs.isEmpty()) return result;
        phone.multiget(hrefs).found().values().forEach(r -> result.put(cards.uid(r.data()), r.data()));
        return result;
    }

    @Autowired org.springframework.jdbc.core.simple.JdbcClient db;

    private void connectionsStoreSetCursor(long connection, String cursor) {
        db.sql("UPDATE sync_cursor SET peer_cursor = ? WHERE connection_id = ?").params(cursor, connection).update();
    }
}
