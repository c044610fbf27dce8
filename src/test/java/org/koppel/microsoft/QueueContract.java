package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.ImportQueue;
import org.koppel.runtime.ImportQueue.Outcome;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.store.ImportQueueStore;
import org.koppel.store.ImportQueueStore.Entry;
import org.koppel.store.LinkStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.Api;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * The import queue (reference/cloud-contacts-import-queue-it.txt, issue 14) on a CardDAV connection
 * against a real Radicale and on a Microsoft 365 connection against the Graph fake, through the real
 * runner: cards made in the address book wait, a person chooses per entry (or for several at once),
 * "Import all" imports only the chosen ones with all their data and the owner's sync flag, the next
 * run links every imported card, and removing the sync flag removes the card again.
 */
abstract class QueueContract extends MicrosoftSignInFixture {

    @Autowired SyncRunner runner;
    @Autowired Relations relations;
    @Autowired Connections connectionService;
    @Autowired ImportQueue queue;
    @Autowired ImportQueueStore queueStore;
    @Autowired LinkStore links;
    @Autowired MemoryPeers memory;

    // ---- CardDAV (Radicale) ---------------------------------------------------------------------

    @Test
    void aCardDavQueueImportsOnlyChosenEntriesWithAllTheirDataAndTheNextRunLinksEveryCard() {
        Book book = radicaleBook();
        long id = carddav(book, Map.of("contacts.creation", "QUEUE"));
        runner.run(id, "test");
        String org = "Queue Acme " + UUID.randomUUID();
        String jan = book.create("jan", "FN:Jan de Wacht\r\nN:Wacht;Jan;de;;\r\nORG:" + org + "\r\nTITLE:Inkoper\r\n"
                + "EMAIL;TYPE=work:jan@acme.example\r\nEMAIL;TYPE=home:jan@thuis.example\r\nTEL;TYPE=work:+31 20 555 0101\r\n"
                + "TEL;TYPE=cell:+31 6 5555 0102\r\nBDAY:1980-04-12\r\n");
        String company = book.create("bv", "FN:" + org + " Holding\r\nN:;;;;\r\nORG:" + org + " Holding\r\n"
                + "TEL;TYPE=work:+31 20 555 0199\r\nEMAIL;TYPE=work:info@holding.example\r\n");
        String lead = book.create("lead", "FN:Lia Kans\r\nN:Kans;Lia;;;\r\nEMAIL;TYPE=home:lia@kans.example\r\n");
        String undecided = book.create("later", "FN:Nog Niet\r\nN:Niet;Nog;;;\r\n");

        RunReport queued = runner.run(id, "test");

        assertThat(queued.items()).filteredOn(i -> i.outcome() == RunReport.Outcome.QUEUED).hasSize(4);
        assertThat(queue.waiting(id)).isEqualTo(4);
        queue.choose(id, List.of(entry(id, jan).id()), "PERSON", null, owner());
        queue.choose(id, List.of(entry(id, company).id()), "organisation", null, owner());
        queue.choose(id, List.of(entry(id, lead).id()), "LEAD", null, owner());

        List<ImportQueue.Result> results = queue.importAll(id, owner());

        assertThat(results).extracting(ImportQueue.Result::outcome).containsOnly(Outcome.IMPORTED).hasSize(3);
        assertThat(entry(id, undecided).status()).as("only entries with a choice are imported").isEqualTo("WAITING");
        Person person = (Person) relations.find(RelationKind.PERSON, entry(id, jan).crmId());
        assertThat(person.lastName()).isEqualTo("Wacht");
        assertThat(person.privateEmail()).isEqualTo("jan@thuis.example");
        assertThat(person.birthDate()).isEqualTo(LocalDate.of(1980, 4, 12));
        assertThat(person.managerId()).isEqualTo(employee.id());
        ContactRole role = person.contactRoles().getFirst();
        assertThat(role.email()).as("the work e-mail is kept, at the organisation").isEqualTo("jan@acme.example");
        assertThat(role.phone()).isEqualTo("+31 20 555 0101");
        assertThat(role.mobile()).isEqualTo("+31 6 5555 0102");
        assertThat(role.jobTitle()).isEqualTo("Inkoper");
        assertThat(relations.find(RelationKind.ORGANISATION, role.organisationId()).displayName()).isEqualTo(org);
        Organisation holding = (Organisation) relations.find(RelationKind.ORGANISATION, entry(id, company).crmId());
        assertThat(holding.name()).isEqualTo(org + " Holding");
        assertThat(holding.phone()).isEqualTo("+31 20 555 0199");
        assertThat(holding.email()).isEqualTo("info@holding.example");
        Lead l = (Lead) relations.find(RelationKind.LEAD, entry(id, lead).crmId());
        assertThat(l.email()).isEqualTo("lia@kans.example");
        assertThat(List.of(person.id(), holding.id(), l.id())).as("each carries the owner's sync flag")
                .allMatch(r -> relations.isSyncFlagged(r, employee.id()));

        runner.run(id, "test");

        Map<String, String> cards = book.cardsByHref();
        assertThat(cards.get(jan)).contains("X-KOPPEL-ID:" + person.id());
        assertThat(cards.get(company)).contains("X-KOPPEL-ID:" + holding.id());
        assertThat(cards.get(lead)).contains("X-KOPPEL-ID:" + l.id());
        assertThat(links.linkedAmong(id, DataType.CONTACTS, List.of(person.id(), holding.id(), l.id())))
                .as("organisations and leads are linked to their cards too").hasSize(3);
        RunReport again = runner.run(id, "test");
        assertThat(again.items()).as("nothing imported twice, no linked card left or removed").isEmpty();
        assertThat(links.linkedAmong(id, DataType.CONTACTS, List.of(holding.id(), l.id()))).hasSize(2);
        assertThat(book.cardsByHref()).hasSize(4);
    }

    @Test
    void aCardDavCardLinkedToTheSuggestedExistingRelationMakesNoNewRelationAndNoDuplicate() {
        Book book = radicaleBook();
        long colleague = samples.employee("colleague");
        String email = "bestaand-" + UUID.randomUUID() + "@example.org";
        Person existing = (Person) relations.create(new Person(null, null, null, "Bea", null, null, "Bestaand", null, null,
                null, email, null, null, List.of(), null, colleague, List.of(), false, List.of(), List.of(), null, Map.of(),
                null, null, null), Origin.system());
        long id = carddav(book, Map.of("contacts.creation", "QUEUE", "contacts.scope", "MANAGER,OWNER,SYNC_FLAG"));
        runner.run(id, "test");
        String card = book.create("bea", "FN:Bea Bestaand\r\nN:Bestaand;Bea;;;\r\nEMAIL;TYPE=home:" + email.toUpperCase()
                + "\r\nTEL;TYPE=cell:+31 6 1111 2222\r\n");
        runner.run(id, "test");
        Entry entry = entry(id, card);

        assertThat(queue.suggestions(List.of(entry)).get(entry.id())).singleElement().satisfies(s -> {
            assertThat(s.relationId()).isEqualTo(existing.id());
            assertThat(s.matchedOn()).contains(email.toUpperCase());
        });
        queue.choose(id, List.of(entry.id()), "LINK", existing.id(), owner());
        long before = relationCount();
        assertThat(queue.importAll(id, owner())).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.LINKED);
            assertThat(r.crmId()).isEqualTo(existing.id());
        });
        assertThat(relationCount()).as("no new relation").isEqualTo(before);
        assertThat(relations.isSyncFlagged(existing.id(), employee.id())).isTrue();

        runner.run(id, "test");

        assertThat(book.cardsByHref()).as("the card itself is linked: no second card for the relation").hasSize(1);
        assertThat(book.cardsByHref().get(card)).contains("X-KOPPEL-ID:" + existing.id());
        assertThat(((Person) relations.find(RelationKind.PERSON, existing.id())).privateMobile())
                .as("Koppel's empty field filled from the card").isEqualTo("+31 6 1111 2222");
        assertThat(runner.run(id, "test").items()).isEmpty();
    }

    @Test
    void removingTheSyncFlagRemovesTheCardFromThatUsersCardDavAddressBookUnlessAnotherRuleHoldsIt() {
        Book book = radicaleBook();
        long colleague = samples.employee("colleague");
        Person onlyFlagged = samples.person("Flo", null, "Vlag", colleague);
        Person managed = samples.person("Max", null, "Beheerd", employee.id());
        relations.setSyncFlag(RelationKind.PERSON, onlyFlagged.id(), employee.id(), true, Origin.user(employee.id()));
        relations.setSyncFlag(RelationKind.PERSON, managed.id(), employee.id(), true, Origin.user(employee.id()));
        long id = carddav(book, Map.of("contacts.scope", "MANAGER,OWNER,SYNC_FLAG",
                "contacts.removeFromPeerWhenOutOfScope", "true"));
        runner.run(id, "test");
        assertThat(book.uids()).contains("koppel-" + onlyFlagged.id(), "koppel-" + managed.id());

        relations.setSyncFlag(RelationKind.PERSON, onlyFlagged.id(), employee.id(), false, Origin.user(employee.id()));
        relations.setSyncFlag(RelationKind.PERSON, managed.id(), employee.id(), false, Origin.user(employee.id()));
        RunReport run = runner.run(id, "test");

        assertThat(run.items()).singleElement().satisfies(i -> {
            assertThat(i.crmId()).isEqualTo(onlyFlagged.id());
            assertThat(i.outcome()).isEqualTo(RunReport.Outcome.DELETED_IN_PEER);
        });
        assertThat(book.uids()).doesNotContain("koppel-" + onlyFlagged.id()).as("still managed by the user")
                .contains("koppel-" + managed.id());
        assertThat(relations.find(RelationKind.PERSON, onlyFlagged.id()).deleted()).as("never deleted in Koppel").isFalse();
    }

    // ---- Microsoft 365 (Graph fake) ---------------------------------------------------------------

    @Test
    void aGraphConnectionWithCreationQueueFillsTheQueueAndImportAllLinksTheOutlookContacts() {
        long id = outlook(Map.of("contacts.creation", "QUEUE"));
        runner.run(id, "test");
        String folder = graph.defaultFolderId(mailbox);
        String org = "Outlook BV " + UUID.randomUUID();
        String geert = graph.outlookCreate(mailbox, folder, """
                {"givenName": "Geert", "surname": "Wachtrij", "companyName": "%s", "jobTitle": "Directeur",
                 "emailAddresses": [{"address": "geert@outlookbv.example"}], "businessPhones": ["+31 30 555 0001"],
                 "mobilePhone": "+31 6 3333 4444"}""".formatted(org));
        String other = graph.outlookCreate(mailbox, folder, """
                {"givenName": "Olga", "surname": "Later"}""");

        RunReport queued = runner.run(id, "test");

        assertThat(queued.items()).filteredOn(i -> i.outcome() == RunReport.Outcome.QUEUED).extracting(RunReport.Item::peerId)
                .containsExactlyInAnyOrder(geert, other);
        queue.choose(id, List.of(entry(id, geert).id()), "PERSON", null, owner());
        assertThat(queue.importAll(id, owner())).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.IMPORTED));
        Person person = (Person) relations.find(RelationKind.PERSON, entry(id, geert).crmId());
        ContactRole role = person.contactRoles().getFirst();
        assertThat(role.email()).isEqualTo("geert@outlookbv.example");
        assertThat(role.phone()).isEqualTo("+31 30 555 0001");
        assertThat(role.mobile()).isEqualTo("+31 6 3333 4444");
        assertThat(role.jobTitle()).isEqualTo("Directeur");
        assertThat(relations.find(RelationKind.ORGANISATION, role.organisationId()).displayName()).isEqualTo(org);

        runner.run(id, "test");

        assertThat(stampOf(graph.contact(mailbox, geert).orElseThrow())).isEqualTo(String.valueOf(person.id()));
        assertThat(graph.contacts(mailbox, folder)).as("linked, not copied").hasSize(2);
        assertThat(entry(id, other).status()).isEqualTo("WAITING");
        assertThat(runner.run(id, "test").items()).isEmpty();
    }

    @Test
    void removingTheSyncFlagRemovesTheContactFromOutlookUnlessAnotherRuleHoldsIt() {
        long colleague = samples.employee("colleague");
        Person onlyFlagged = samples.person("Fien", null, "Outlookvlag", colleague);
        Person managed = samples.person("Mees", null, "Outlookbeheer", employee.id());
        relations.setSyncFlag(RelationKind.PERSON, onlyFlagged.id(), employee.id(), true, Origin.user(employee.id()));
        relations.setSyncFlag(RelationKind.PERSON, managed.id(), employee.id(), true, Origin.user(employee.id()));
        long id = outlook(Map.of("contacts.scope", "MANAGER,OWNER,SYNC_FLAG", "contacts.removeFromPeerWhenOutOfScope", "true"));
        runner.run(id, "test");
        String folder = graph.defaultFolderId(mailbox);
        assertThat(graph.contacts(mailbox, folder)).hasSize(2);

        relations.setSyncFlag(RelationKind.PERSON, onlyFlagged.id(), employee.id(), false, Origin.user(employee.id()));
        relations.setSyncFlag(RelationKind.PERSON, managed.id(), employee.id(), false, Origin.user(employee.id()));
        runner.run(id, "test");

        assertThat(graph.contacts(mailbox, folder)).singleElement()
                .satisfies(c -> assertThat(stampOf(c)).isEqualTo(String.valueOf(managed.id())));
    }

    // ---- what every peer shares (memory peer: slots the CardDAV and Graph peers of main do not read yet) ----

    @Test
    void anImportKeepsAddressesAndTheNoteAndAPrivateIndividualKeepsItsOnlyEMailAddress() {
        long id = memoryConnection();
        String org = "Bestaande Org " + UUID.randomUUID();
        Organisation existingOrg = samples.organisation(org, employee.id());
        var values = new java.util.TreeMap<String, String>(Map.of(ContactSlots.GIVEN_NAME, "Ada", ContactSlots.FAMILY_NAME, "Adres",
                ContactSlots.ORGANISATION, org.toUpperCase(), ContactSlots.NOTE, "Met de fiets",
                ContactSlots.address(ContactSlots.ADR_WORK, ContactSlots.STREET), "Kade 1",
                ContactSlots.address(ContactSlots.ADR_WORK, ContactSlots.CITY), "Utrecht",
                ContactSlots.address(ContactSlots.ADR_WORK, ContactSlots.COUNTRY), "Nederland",
                ContactSlots.address(ContactSlots.ADR_HOME, ContactSlots.POSTAL_CODE), "1234 AB",
                ContactSlots.BIRTHDAY, "--04-12"));
        String ada = memory.of(id).userCreates(new Snapshot(values), Set.of());
        String els = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Enkel",
                ContactSlots.EMAIL_WORK, "els@enkel.example")), Set.of());
        String org2 = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.ORGANISATION, "Adres Org " + UUID.randomUUID(),
                ContactSlots.NOTE, "Klant sinds 2001", ContactSlots.address(ContactSlots.ADR_OTHER, ContactSlots.CITY), "Gouda")), Set.of());
        runner.run(id, "test");
        queue.choose(id, List.of(entry(id, ada).id(), entry(id, els).id()), "PERSON", null, owner());
        queue.choose(id, List.of(entry(id, org2).id()), "ORGANISATION", null, owner());

        assertThat(queue.importAll(id, owner())).extracting(ImportQueue.Result::outcome).containsOnly(Outcome.IMPORTED);

        Person a = (Person) relations.find(RelationKind.PERSON, entry(id, ada).crmId());
        assertThat(a.contactRoles().getFirst().organisationId()).as("the existing organisation, name case ignored")
                .isEqualTo(existingOrg.id());
        assertThat(a.comment()).isEqualTo("Met de fiets");
        assertThat(a.birthDate()).as("a birthday without year is no date; the import goes on without it").isNull();
        assertThat(a.addresses()).anySatisfy(adr -> {
            assertThat(adr.type()).isEqualTo(AddressType.VISITING);
            assertThat(adr.street()).isEqualTo("Kade");
            assertThat(adr.houseNumber()).as("the street line split as the field map's rows do").isEqualTo("1");
            assertThat(adr.city()).isEqualTo("Utrecht");
            assertThat(adr.country()).isEqualTo("NL");
        }).anySatisfy(adr -> {
            assertThat(adr.type()).isEqualTo(AddressType.PRIVATE);
            assertThat(adr.postalCode()).isEqualTo("1234 AB");
        });
        Person e = (Person) relations.find(RelationKind.PERSON, entry(id, els).crmId());
        assertThat(e.privateEmail()).as("no organisation: the work e-mail becomes the private one").isEqualTo("els@enkel.example");
        Organisation o = (Organisation) relations.find(RelationKind.ORGANISATION, entry(id, org2).crmId());
        assertThat(o.comment()).isEqualTo("Klant sinds 2001");
        assertThat(o.addresses()).singleElement().satisfies(adr -> {
            assertThat(adr.type()).isEqualTo(AddressType.POSTAL);
            assertThat(adr.city()).isEqualTo("Gouda");
        });

        runner.run(id, "test");
        assertThat(memory.of(id).contents().get(els).get(ContactSlots.EMAIL_HOME))
                .as("the card says what Koppel holds, so a later phone edit is no removal").isEqualTo("els@enkel.example");
        memory.of(id).userEdits(els, ContactSlots.GIVEN_NAME, "Els");
        runner.run(id, "test");
        assertThat(((Person) relations.find(RelationKind.PERSON, e.id())).privateEmail()).isEqualTo("els@enkel.example");
    }

    @Test
    void theCreatePolicyKeepsTheCardsOrganisationAndWorkValuesToo() {
        long id = memoryConnection(Map.of("contacts.creation", "CREATE"));
        String org = "Direct BV " + UUID.randomUUID();
        String card = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Dirk", ContactSlots.FAMILY_NAME, "Direct",
                ContactSlots.ORGANISATION, org, ContactSlots.EMAIL_WORK, "dirk@direct.example", ContactSlots.JOB_TITLE, "Koper")), Set.of());

        runner.run(id, "test");

        Person p = (Person) relations.find(RelationKind.PERSON, memory.of(id).stampOf(card));
        assertThat(p.contactRoles()).singleElement().satisfies(r -> {
            assertThat(relations.find(RelationKind.ORGANISATION, r.organisationId()).displayName()).isEqualTo(org);
            assertThat(r.email()).isEqualTo("dirk@direct.example");
            assertThat(r.jobTitle()).isEqualTo("Koper");
        });
        assertThat(relations.isSyncFlagged(p.id(), employee.id())).isTrue();
        assertThat(runner.run(id, "test").items()).as("linked with the organisation's name: nothing to write back").isEmpty();
    }

    @Test
    void anEntryThatCannotBeImportedKeepsWaitingWithItsReasonAndLeavesNothingHalfWritten() {
        long id = memoryConnection();
        String org = "Halfweg " + UUID.randomUUID();
        String bad = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Fout", ContactSlots.ORGANISATION, org,
                ContactSlots.EMAIL_WORK, "geen-adres")), Set.of());
        String good = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Goed")), Set.of());
        runner.run(id, "test");
        queue.choose(id, List.of(entry(id, bad).id(), entry(id, good).id()), "PERSON", null, owner());

        List<ImportQueue.Result> results = queue.importAll(id, owner());

        assertThat(results).filteredOn(r -> r.outcome() == Outcome.ERROR).singleElement().satisfies(r -> {
            assertThat(r.entryId()).isEqualTo(entry(id, bad).id());
            assertThat(r.error()).contains("contactRoles[0].email");
        });
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.IMPORTED).hasSize(1);
        Entry failed = entry(id, bad);
        assertThat(failed.status()).isEqualTo("WAITING");
        assertThat(failed.choice()).isEqualTo("PERSON");
        assertThat(failed.importError()).contains("contactRoles[0].email");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM organisation WHERE name = ?").param(org).query(Integer.class).single())
                .as("the organisation made for it was rolled back with it").isZero();
    }

    @Test
    void severalEntriesGetOneChoiceAtOnceAndDismissedOnesAreNotQueuedAgain() {
        long id = memoryConnection();
        var peer = memory.of(id);
        String a = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Bulk A")), Set.of());
        String b = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Bulk B")), Set.of());
        String c = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Weg C")), Set.of());
        runner.run(id, "test");

        queue.choose(id, List.of(entry(id, a).id(), entry(id, b).id()), "LEAD", null, owner());
        queue.dismiss(id, List.of(entry(id, c).id()), owner());
        assertThat(queue.importAll(id, owner())).hasSize(2).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.IMPORTED));

        assertThat(relations.find(RelationKind.LEAD, entry(id, a).crmId())).isInstanceOf(Lead.class);
        peer.userEdits(c, ContactSlots.GIVEN_NAME, "Nog");
        runner.run(id, "test");
        assertThat(entry(id, c).status()).isEqualTo("DISMISSED");
        assertThat(queue.waiting(id)).isZero();
    }

    @Test
    void theApiNamesTheFieldOfEveryError() {
        long id = memoryConnection();
        String card = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Api",
                ContactSlots.EMAIL_HOME, "api-" + UUID.randomUUID() + "@example.org")), Set.of());
        runner.run(id, "test");
        long entry = entry(id, card).id();
        Api api = Api.basic(port, employee.login(), Samples.password(employee.login()));
        String base = "/api/v1/connections/" + id + "/import-queue";

        var nothing = api.post(base + "/import", null);
        assertThat(nothing.status()).isEqualTo(422);
        assertThat(nothing.reasonsFor("choice")).singleElement().asString().contains("no waiting entry has a choice");
        assertThat(api.put(base + "/" + entry + "/choice", "{\"as\": \"COMPANY\"}", h -> { }).reasonsFor("as"))
                .singleElement().asString().contains("not a choice");
        assertThat(api.put(base + "/" + entry + "/choice", "{\"as\": \"LINK\"}", h -> { }).reasonsFor("relationId"))
                .containsExactly("is required to link to an existing relation");
        assertThat(api.post(base + "/choices", "{\"entryIds\": [], \"as\": \"LEAD\"}").reasonsFor("entryIds")).hasSize(1);
        assertThat(api.put(base + "/" + (entry + 100_000) + "/choice", "{\"as\": \"LEAD\"}", h -> { }).status()).isEqualTo(404);
        assertThat(api.put(base + "/" + entry + "/choice", "{\"as\": \"LINK\", \"relationId\": 999999999}", h -> { }).status())
                .isEqualTo(404);
        Person former = (Person) relations.create(Samples.former(Samples.person("Oud", null, "Api", employee.id(), List.of())),
                Origin.system());
        var toFormer = api.put(base + "/" + entry + "/choice", "{\"as\": \"LINK\", \"relationId\": %d}".formatted(former.id()), h -> { });
        assertThat(toFormer.status()).isEqualTo(422);
        assertThat(toFormer.reasonsFor("relationId")).singleElement().asString().contains("former");

        var someoneElse = samples.employee("someone", org.koppel.crm.employee.EmployeeRole.USER);
        Api stranger = Api.basic(port, someoneElse.login(), Samples.password(someoneElse.login()));
        assertThat(stranger.get(base).status()).as("another user's queue is not there for them").isEqualTo(404);

        JsonNode chosen = api.put(base + "/" + entry + "/choice", "{\"as\": \"PERSON\"}", h -> { }).body();
        assertThat(chosen.get("choice").asString()).isEqualTo("PERSON");
        var imported = api.post(base + "/import", null);
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().get("results").get(0).get("outcome").asString()).isEqualTo("IMPORTED");
        assertThat(imported.body().get("waiting").asInt()).isZero();
        var again = api.put(base + "/" + entry + "/choice", "{\"as\": \"LEAD\"}", h -> { });
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains("decided already");
    }

    @Test
    void anAdminImportingAnotherUsersQueueGivesTheConnectionsOwnerTheSyncFlagAndTheRelation() {
        long id = memoryConnection();
        String card = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Namens")), Set.of());
        runner.run(id, "test");
        String base = "/api/v1/connections/" + id + "/import-queue";
        admin.put(base + "/" + entry(id, card).id() + "/choice", "{\"as\": \"PERSON\"}", h -> { });

        assertThat(admin.post(base + "/import", null).body().get("results").get(0).get("outcome").asString()).isEqualTo("IMPORTED");

        Person p = (Person) relations.find(RelationKind.PERSON, entry(id, card).crmId());
        assertThat(p.managerId()).isEqualTo(employee.id());
        assertThat(relations.isSyncFlagged(p.id(), employee.id())).as("the flag is the owner's: the card is in their book").isTrue();
        long adminId = jdbc.sql("SELECT id FROM employee WHERE login = ?").param(org.koppel.testkit.TestUsers.ADMIN)
                .query(Long.class).single();
        assertThat(relations.isSyncFlagged(p.id(), adminId)).isFalse();
    }

    @Test
    void anImportedOrganisationsLinkRestsThroughRunsThatRemoveCardsOutOfScope() {
        long id = memoryConnection(Map.of("contacts.creation", "QUEUE", "contacts.removeFromPeerWhenOutOfScope", "true"));
        String card = memory.of(id).userCreates(Snapshot.of(Map.of(ContactSlots.ORGANISATION, "Rust BV " + UUID.randomUUID())), Set.of());
        runner.run(id, "test");
        queue.choose(id, List.of(entry(id, card).id()), "ORGANISATION", null, owner());
        queue.importAll(id, owner());
        runner.run(id, "test");
        long org = entry(id, card).crmId();
        assertThat(memory.of(id).stampOf(card)).isEqualTo(org);

        memory.of(id).userEdits(card, ContactSlots.NOTE, "gewijzigd");
        RunReport later = runner.run(id, "test");

        assertThat(memory.of(id).contents()).as("not removed as out of scope").containsKey(card);
        assertThat(links.linkedAmong(id, DataType.CONTACTS, List.of(org))).containsExactly(org);
        assertThat(later.items()).noneMatch(i -> i.outcome() == RunReport.Outcome.QUEUED);
        memory.of(id).userDeletes(card);
        runner.run(id, "test");
        assertThat(links.all(id, DataType.CONTACTS)).filteredOn(l -> l.crmId() == org).singleElement()
                .as("a deleted card unlinks").satisfies(l -> assertThat(l.peerGone()).isTrue());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private KoppelUser owner() {
        return new KoppelUser(employee.id(), employee.login(), null, employee.role(), true, false, null);
    }

    private Entry entry(long connectionId, String peerId) {
        return queueStore.find(connectionId, DataType.CONTACTS, peerId).orElseThrow();
    }

    private long relationCount() {
        return jdbc.sql("SELECT COUNT(*) FROM relation").query(Long.class).single();
    }

    private long memoryConnection() {
        return memoryConnection(Map.of("contacts.creation", "QUEUE"));
    }

    private long memoryConnection(Map<String, String> settings) {
        return connectionService.create("memory", "Phone", settings, "secret", owner()).id();
    }

    private long carddav(Book book, Map<String, String> settings) {
        var all = new java.util.HashMap<>(settings);
        all.put("url", book.uri.toString());
        all.put("username", Radicale.ALICE);
        return connectionService.create("carddav", "Phone", all, book.radicale.password(Radicale.ALICE), owner()).id();
    }

    /** A Microsoft 365 connection on the user's own Contacts folder, where Outlook's own contacts are. */
    private long outlook(Map<String, String> settings) {
        var browser = browser();
        var start = connect(browser, "default");
        browser.post(start, start.uri().getPath(), Map.of("folder", "default"));
        Connection c = connections.find(idIn(start)).orElseThrow();
        connectionService.updateSettings(c.id(), settings, owner());
        return c.id();
    }

    private Book radicaleBook() {
        Radicale radicale = Radicale.shared();
        URI uri = radicale.createAddressBook(Radicale.ALICE, "queue-" + UUID.randomUUID(), "Contacts");
        return new Book(radicale, uri, DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, uri,
                new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE)), Loopback.davSettings()));
    }

    /** A Radicale address book, and the phone that edits it over CardDAV like any client. */
    private record Book(Radicale radicale, URI uri, DavCollectionClient phone) {

        String create(String uid, String body) {
            String unique = uid + "-" + UUID.randomUUID();
            String href = phone.hrefForUid(unique);
            phone.create(href, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + unique + "\r\n" + body + "END:VCARD\r\n");
            return href;
        }

        Map<String, String> cardsByHref() {
            var hrefs = phone.listEtags().stream().map(MemberEtag::href).toList();
            var result = new java.util.HashMap<String, String>();
            if (hrefs.isEmpty()) return result;
            phone.multiget(hrefs).found().forEach((href, r) -> result.put(href, r.data()));
            return result;
        }

        Set<String> uids() {
            var uids = new java.util.HashSet<String>();
            cardsByHref().values().forEach(card -> card.lines().filter(l -> l.startsWith("UID:"))
                    .forEach(l -> uids.add(l.substring(4).strip())));
            return uids;
        }
    }

    private static String stampOf(JsonNode contact) {
        JsonNode props = contact.get("singleValueExtendedProperties");
        if (props == null) return null;
        for (JsonNode prop : props) {
            if (prop.get("id").asString().toLowerCase().endsWith("name koppelid")) return prop.get("value").asString();
        }
        return null;
    }

}
