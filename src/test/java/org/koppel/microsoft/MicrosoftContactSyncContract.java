package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole Outlook contact sync (reference/tribe-ms365-contacts-nl.txt and issue 4) through a real
 * sign-in and the Graph fake: Koppel's login, Connect Microsoft 365, "Save and start initial sync",
 * then runs of the real engine and connector against the fake's HTTP API.
 */
abstract class MicrosoftContactSyncContract extends MicrosoftSignInFixture {

    private static final String STAMP = "String {9c3e1d57-2a44-4b8e-8f6b-5d0e6a7c1f20} Name KoppelId";

    @Autowired SyncRunner runner;
    @Autowired org.koppel.runtime.SyncJobs jobs;
    @Autowired Relations relations;

    // ---- section 1 and 2: who goes to Outlook, with which fields ----------------------------

    @Test
    void theInitialSyncBringsManagedAndOwnedPersonsOfEveryKindIntoTheKoppelFolderAndNoOthers() {
        Organisation org = samples.organisation("ABC Bedrijf", employee.id());
        Organisation managedOnly = samples.organisation("Niet Gevlagd", employee.id());
        // An organisation is a card when its employee flagged it (contacts.organisationsAndLeads=SYNC_FLAG).
        relations.setSyncFlag(RelationKind.ORGANISATION, org.id(), employee.id(), true, Origin.system());
        Person contact = create(person("Jan", "van der", "Berg", employee.id(), List.of(), null,
                List.of(new ContactRole(org.id(), "jan@abc.example", "+31 20 555 0101", "+31 6 5555 0102", "Inkoper"))));
        Person privateIndividual = create(person("Els", null, "Particulier", employee.id(), List.of(), "els@thuis.example",
                List.of()));
        long colleague = samples.employee("colleague");
        Person owned = create(person("Otto", null, "Eigenaar", colleague, List.of(employee.id()), null, List.of()));
        Person others = create(person("Niet", null, "Van Mij", colleague, List.of(), null, List.of()));
        Person former = create(Samples.former(person("Oud", null, "Klant", employee.id(), List.of(), null, List.of())));

        RunReport first = runner.run(startedConnection("koppel").id(), "test");

        assertThat(first.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        // The organisation the employee flagged is a company card of its own; one only managed is not.
        assertThat(stampsInOutlook()).containsExactlyInAnyOrder(org.id(), contact.id(), privateIndividual.id(), owned.id())
                .doesNotContain(others.id(), former.id(), managedOnly.id());
        JsonNode company = outlookContactOf(org).orElseThrow();
        assertThat(company.get("companyName").asString()).isEqualTo("ABC Bedrijf");
        assertThat(company.get("displayName").asString()).isEqualTo("ABC Bedrijf");
        assertThat(company.get("givenName").isNull()).as("a company card has no person's name").isTrue();
        assertThat(company.get("surname").isNull()).isTrue();
        JsonNode jan = outlookContactOf(contact).orElseThrow();
        assertThat(jan.get("givenName").asString()).isEqualTo("Jan");
        assertThat(jan.get("middleName").asString()).isEqualTo("van der");
        assertThat(jan.get("surname").asString()).isEqualTo("Berg");
        assertThat(jan.get("emailAddresses").get(0).get("address").asString()).isEqualTo("jan@abc.example");
        assertThat(jan.get("businessPhones").get(0).asString()).isEqualTo("+31 20 555 0101");
        assertThat(jan.get("mobilePhone").asString()).isEqualTo("+31 6 5555 0102");
        assertThat(jan.get("jobTitle").asString()).isEqualTo("Inkoper");
        assertThat(jan.get("companyName").asString()).isEqualTo("ABC Bedrijf");
        JsonNode els = outlookContactOf(privateIndividual).orElseThrow();
        assertThat(els.get("emailAddresses").get(0).get("address").asString())
                .as("a private individual's first e-mail is the private one").isEqualTo("els@thuis.example");

        RunReport again = runner.run(connectionId(), "test");
        assertThat(again.items()).as("nothing to do").isEmpty();
        assertThat(again.peerRequests()).as("a no-op costs one delta request").isEqualTo(1);
    }

    @Test
    void theDefaultContactsFolderMayBeChosenInstead() {
        Person p = create(person("Dora", null, "Default", employee.id(), List.of(), null, List.of()));

        runner.run(startedConnection("default").id(), "test");

        assertThat(graph.contacts(mailbox, graph.defaultFolderId(mailbox))).anySatisfy(c ->
                assertThat(stampOf(c)).contains(p.id()));
        assertThat(graph.folderNamed(mailbox, "Koppel")).isEmpty();
    }

    @Test
    void outlookEditsOfLinkedContactsReachKoppelAndOnlyTheFirstOfSeveralValuesIsSynced() {
        Organisation org = samples.organisation("Edit BV", employee.id());
        Person jan = create(person("Jan", null, "Edit", employee.id(), List.of(), null,
                List.of(new ContactRole(org.id(), "jan@edit.example", "+31 20 555 0201", null, "Inkoper"))));
        runner.run(startedConnection("koppel").id(), "test");
        String id = outlookContactOf(jan).orElseThrow().get("id").asString();

        graph.outlookEdit(mailbox, id, """
                {"jobTitle": "Directeur",
                 "emailAddresses": [{"address": "jan@nieuw.example", "name": "Jan"}, {"address": "jan@tweede.example"}],
                 "businessPhones": ["+31 20 555 0299", "+31 20 555 0300"]}""");
        RunReport run = runner.run(connectionId(), "test");

        assertThat(run.items()).anySatisfy(i -> assertThat(i.outcome()).isEqualTo(Outcome.UPDATED_CRM));
        ContactRole role = current(jan).contactRoles().getFirst();
        assertThat(role.jobTitle()).isEqualTo("Directeur");
        assertThat(role.email()).isEqualTo("jan@nieuw.example");
        assertThat(role.phone()).isEqualTo("+31 20 555 0299");

        Person edited = current(jan);
        relations.update(RelationKind.PERSON, jan.id(), null, withRole(edited, new ContactRole(org.id(), role.email(),
                "+31 20 555 0222", null, role.jobTitle())), Origin.user(employee.id()));
        runner.run(connectionId(), "test");

        JsonNode after = graph.contact(mailbox, id).orElseThrow();
        assertThat(after.get("businessPhones").get(0).asString()).isEqualTo("+31 20 555 0222");
        assertThat(after.get("businessPhones").get(1).asString()).as("Outlook's second phone is kept").isEqualTo("+31 20 555 0300");
        assertThat(after.get("emailAddresses").get(1).get("address").asString()).as("and its second e-mail")
                .isEqualTo("jan@tweede.example");
    }

    // ---- section 1: direction rules ---------------------------------------------------------

    @Test
    void contactsMadeInOutlookAreNeverImportedByThisConnection() {
        runner.run(startedConnection("koppel").id(), "test");
        graph.outlookCreate(mailbox, koppelFolder(), """
                {"givenName": "Eigen", "surname": "Outlookcontact", "emailAddresses": [{"address": "eigen@outlook.example"}]}""");

        RunReport run = runner.run(connectionId(), "test");

        assertThat(run.items()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(i.reason()).contains("only contacts that come from Koppel");
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM relation WHERE display_name LIKE '%Outlookcontact%'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void deletingInOutlookUnlinksKeepsTheRelationAndItsNextChangeBringsItBack() {
        Person p = create(person("Weg", null, "Gegooid", employee.id(), List.of(), null, List.of()));
        runner.run(startedConnection("koppel").id(), "test");
        graph.outlookDelete(mailbox, outlookContactOf(p).orElseThrow().get("id").asString());

        RunReport run = runner.run(connectionId(), "test");

        assertThat(run.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.UNLINKED));
        assertThat(current(p).deleted()).isFalse();
        assertThat(runner.run(connectionId(), "test").items()).as("not re-created without a change").isEmpty();
        assertThat(outlookContactOf(p)).isEmpty();

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Terug"), Origin.user(employee.id()));
        runner.run(connectionId(), "test");

        assertThat(outlookContactOf(p)).hasValueSatisfying(c -> assertThat(c.get("givenName").asString()).isEqualTo("Terug"));
    }

    @Test
    void aLostLinkIsReFoundThroughTheStampOnTheOutlookItemNotDuplicated() {
        for (int i = 0; i < 5; i++) create(person("Kwijt" + i, null, "Link", employee.id(), List.of(), null, List.of()));
        long id = startedConnection("koppel").id();
        runner.run(id, "test");
        jdbc.sql("DELETE FROM sync_link WHERE connection_id = ?").param(id).update();
        jdbc.sql("UPDATE sync_cursor SET peer_cursor = NULL WHERE connection_id = ?").param(id).update();

        RunReport run = runner.run(id, "test");

        assertThat(run.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(graph.contacts(mailbox, koppelFolder())).hasSize(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_link WHERE connection_id = ?").param(id).query(Integer.class).single())
                .isEqualTo(5);
    }

    @org.springframework.beans.factory.annotation.Autowired org.koppel.runtime.FieldMapEditor fieldMap;
    @org.springframework.beans.factory.annotation.Autowired org.koppel.crm.customfield.CustomFields customFields;

    /** Outlook's addresses, personal notes and Koppel's custom fields property, both ways, against the Graph fake. */
    @Test
    void addressesNotesAndCustomFieldsTravelBothWaysWithOutlook() {
        String key = "klantnr" + java.util.UUID.randomUUID().toString().substring(0, 6);
        customFields.create(new org.koppel.crm.customfield.CustomField(null, null, RelationKind.PERSON, key, "Klantnummer",
                org.koppel.crm.customfield.CustomFieldType.TEXT, List.of(), null, null, null), Origin.system());
        var row = fieldMap.add(org.koppel.sync.DataType.CONTACTS,
                new org.koppel.runtime.FieldMapEditor.Input("ANY", "custom." + key, "custom." + key, null, null, null));
        try {
            Person p = create(new Person(null, null, null, "Noor", null, null, "Visser", null, null, null, null, null, null,
                    List.of(), null, employee.id(), List.of(), false, List.of(), List.of(new org.koppel.crm.relation.Address(
                    org.koppel.crm.relation.AddressType.PRIVATE, "Keizersgracht", "12", "1015 CJ", "Amsterdam", null, "NL")),
                    "Belt na tienen", Map.of(key, "K-1001"), null, null, null));
            runner.run(startedConnection("koppel").id(), "test");
            JsonNode noor = outlookContactOf(p).orElseThrow();
            assertThat(noor.get("homeAddress").get("street").asString()).isEqualTo("Keizersgracht 12");
            assertThat(noor.get("homeAddress").get("countryOrRegion").asString()).isEqualTo("Netherlands");
            assertThat(noor.get("personalNotes").asString()).isEqualTo("Belt na tienen");

            graph.outlookEdit(mailbox, noor.get("id").asString(), """
                    {"homeAddress": {"street": "Via Roma 5", "city": "Roma", "postalCode": "00184", "countryOrRegion": "Italia"},
                     "personalNotes": "Belt na tienen.\\r\\nNiet op vrijdag."}""");
            RunReport back = runner.run(connectionId(), "test");

            assertThat(back.status()).isEqualTo(RunReport.Status.SUCCEEDED);
            Person now = current(p);
            assertThat(now.comment()).isEqualTo("Belt na tienen.\nNiet op vrijdag.");
            assertThat(now.addresses()).containsExactly(new org.koppel.crm.relation.Address(
                    org.koppel.crm.relation.AddressType.PRIVATE, "Via Roma", "5", "00184", "Roma", null, "IT"));
            assertThat(runner.run(connectionId(), "test").items()).as("no echo").isEmpty();
            assertThat(outlookContactOf(p).orElseThrow().get("singleValueExtendedProperties").toString()).contains("K-1001");
        } finally {
            fieldMap.remove(org.koppel.sync.DataType.CONTACTS, row.id());
        }
    }

    // ---- protocol ------------------------------------------------------------------------------

    @Test
    void anExpiredDeltaTokenLeadsToAFullListingReconciledAgainstTheLinks() {
        Person p = create(person("Delta", null, "Verlopen", employee.id(), List.of(), null, List.of()));
        create(person("Delta", null, "Tweede", employee.id(), List.of(), null, List.of()));
        runner.run(startedConnection("koppel").id(), "test");
        graph.outlookEdit(mailbox, outlookContactOf(p).orElseThrow().get("id").asString(), """
                {"birthday": "1980-04-05T00:00:00Z"}""");
        graph.expireDeltaTokens(mailbox);

        RunReport run = runner.run(connectionId(), "test");

        assertThat(run.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(current(p).birthDate()).hasToString("1980-04-05");
        assertThat(graph.contacts(mailbox, koppelFolder())).hasSize(2);
    }

    @Test
    void writesGoInJsonBatchesOfTwentyWithAtMostFourRequestsAtOnce() {
        for (int i = 0; i < 45; i++) create(person("Batch" + i, null, "Persoon", employee.id(), List.of(), null, List.of()));
        long before = graph.served("batch");

        RunReport run = runner.run(startedConnection("koppel").id(), "test");

        assertThat(graph.contacts(mailbox, koppelFolder())).hasSize(45);
        assertThat(graph.served("batch") - before).as("45 creates in 3 batches").isEqualTo(3);
        assertThat(graph.highestConcurrency(mailbox)).isLessThanOrEqualTo(4);
        assertThat(run.totals().get(org.koppel.sync.DataType.CONTACTS).created()).isEqualTo(45);
    }

    @Test
    void aShortRetryAfterIsWaitedOutAndALongOneEndsTheRunUntilThen() {
        Person p = create(person("Druk", null, "Bezet", employee.id(), List.of(), null, List.of()));
        long id = startedConnection("koppel").id();
        graph.failNext(mailbox, 1, 429, Duration.ofSeconds(1));

        assertThat(runner.run(id, "test").status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(outlookContactOf(p)).isPresent();

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Later"), Origin.user(employee.id()));
        graph.failNext(mailbox, 20, 503, Duration.ofMinutes(10));
        RunReport throttled = runner.run(id, "test");

        assertThat(throttled.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(throttled.errorKind()).isEqualTo("TRANSIENT");
        Instant retry = jdbc.sql("SELECT retry_not_before FROM connection WHERE id = ?").param(id)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(retry).as("not before Graph said").isAfter(Instant.now().plus(Duration.ofMinutes(9)));
        assertThat(connections.find(id).orElseThrow().status()).isEqualTo(Connection.Status.FAILING);
    }

    @Test
    void aRetryAfterLongerThanARunWaitsIsWaitedExactlyAndTheConnectionRunsWhenItIsOverNotAtTheNextPull() {
        Person p = create(person("Later", null, "Weer", employee.id(), List.of(), null, List.of()));
        long id = startedConnection("koppel").id();
        graph.failNext(mailbox, 1, 429, Duration.ofSeconds(40));
        Instant before = Instant.now();

        RunReport throttled = runner.run(id, "scheduled");

        Instant after = Instant.now();
        assertThat(throttled.errorKind()).isEqualTo("TRANSIENT");
        Instant retry = jdbc.sql("SELECT retry_not_before FROM connection WHERE id = ?").param(id)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(retry).as("Graph's 40 s, not stretched").isBetween(before.plusSeconds(40), after.plusSeconds(40));
        Duration pull = Duration.ofMinutes(5);
        assertThat(jobs.dueBy(id, retry.minusSeconds(1))).isFalse();
        assertThat(jobs.dueBy(id, retry)).as("due as soon as the wait is over").isTrue();
        assertThat(runner.run(id, "scheduled").status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(outlookContactOf(p)).isPresent();
    }

    // ---- section 3: Outlook's merge by e-mail address ---------------------------------------

    @Test
    void outlooksMergeByEmailIsHeldForReviewAndRejectingPutsPetraBack() {
        long id = startedConnection("koppel").id();
        runner.run(id, "test");
        graph.outlookCreate(mailbox, graph.defaultFolderId(mailbox), """
                {"givenName": "Geert", "middleName": "van", "surname": "Dijk", "jobTitle": "Directeur",
                 "emailAddresses": [{"address": "info@abcbedrijf.nl"}], "businessPhones": ["+31 30 555 0001"]}""");
        graph.mergeByEmail(mailbox, true);
        Organisation abc = samples.organisation("ABC bedrijf", employee.id());
        Person petra = create(person("Petra", "de", "Vries", employee.id(), List.of(), null,
                List.of(new ContactRole(abc.id(), "info@abcbedrijf.nl", null, null, null))));

        runner.run(id, "test");
        String contactId = outlookContactOf(petra).orElseThrow().get("id").asString();
        assertThat(graph.contact(mailbox, contactId).orElseThrow().get("givenName").asString())
                .as("Outlook copied Geert's card into Petra's").isEqualTo("Geert");
        RunReport held = runner.run(id, "test");

        assertThat(held.items()).anySatisfy(i -> assertThat(i.outcome()).isEqualTo(Outcome.HELD_FOR_REVIEW));
        assertThat(current(petra).firstName()).as("Geert is not written over Petra").isEqualTo("Petra");
        assertThat(current(petra).contactRoles().getFirst().jobTitle()).isNull();
        Api owner = Api.basic(port, employee.login(), Samples.password(employee.login()));
        JsonNode reviews = owner.get("/api/v1/connections/" + id + "/reviews").body();
        assertThat(reviews).hasSize(1);
        assertThat(reviews.get(0).get("peer").get("values").get("givenName").asString()).isEqualTo("Geert");
        assertThat(reviews.get(0).get("base").get("values").get("givenName").asString()).isEqualTo("Petra");

        assertThat(owner.post("/api/v1/connections/" + id + "/reviews/" + reviews.get(0).get("id").asLong() + "/reject", "")
                .status()).isEqualTo(200);
        runner.run(id, "test");

        JsonNode restored = graph.contact(mailbox, contactId).orElseThrow();
        assertThat(restored.get("givenName").asString()).isEqualTo("Petra");
        assertThat(restored.get("surname").asString()).isEqualTo("Vries");
        assertThat(current(petra).firstName()).isEqualTo("Petra");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private long connectionId;

    private Connection startedConnection(String folder) {
        var browser = browser();
        var start = connect(browser, folder);
        browser.post(start, start.uri().getPath(), Map.of("folder", folder));
        Connection c = connections.find(idIn(start)).orElseThrow();
        connectionId = c.id();
        return c;
    }

    private long connectionId() {
        return connectionId;
    }

    private String koppelFolder() {
        return graph.folderNamed(mailbox, "Koppel").orElseThrow();
    }

    private List<Long> stampsInOutlook() {
        return graph.contacts(mailbox, koppelFolder()).stream().map(c -> stampOf(c).orElse(null)).toList();
    }

    private Optional<ObjectNode> outlookContactOf(org.koppel.crm.relation.Relation p) {
        String folder = graph.folderNamed(mailbox, "Koppel").orElse(graph.defaultFolderId(mailbox));
        return graph.contacts(mailbox, folder).stream().filter(c -> stampOf(c).filter(p.id()::equals).isPresent()).findFirst();
    }

    private static Optional<Long> stampOf(JsonNode contact) {
        JsonNode props = contact.get("singleValueExtendedProperties");
        if (props == null) return Optional.empty();
        for (JsonNode prop : props) {
            if (prop.get("id").asString().equalsIgnoreCase(STAMP)) return Optional.of(Long.parseLong(prop.get("value").asString()));
        }
        return Optional.empty();
    }

    private Person create(Person p) {
        return (Person) relations.create(p, Origin.system());
    }

    private Person current(Person p) {
        return (Person) relations.find(RelationKind.PERSON, p.id());
    }

    private static Person person(String first, String infix, String last, long manager, List<Long> owners,
                                 String privateEmail, List<ContactRole> roles) {
        return new Person(null, null, null, first, null, infix, last, null, null, null, privateEmail, null, null, roles,
                null, manager, owners, false, List.of(), List.of(), null, Map.of(), null, null, null);
    }

    private static Person withRole(Person p, ContactRole role) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                List.of(role), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(),
                p.addresses(), p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }
}
