package org.koppel.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.runtime.ChangeFanout;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.testkit.Samples;
import org.koppel.testkit.source.SourceServer;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The source-system rules of reference/tribe-advocaatcentraal-nl.txt, end to end: a "source"
 * connection made as the activation makes it (settings checked by signing in, the API key sealed),
 * the runner, and the reference source server (testkit/source) on a loopback port. Runs on H2 and on
 * PostgreSQL.
 */
abstract class SourceSyncContract {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired Connections connections;
    @Autowired ConnectionStore connectionStore;
    @Autowired SyncRunner runner;
    @Autowired SyncRunStore runs;
    @Autowired ChangeFanout fanout;
    @Autowired Relations relations;
    @Autowired LinkStore links;
    @Autowired Samples samples;
    @Autowired org.koppel.security.SecretBox secrets;

    SourceServer source;
    String key;
    /** Makes names unique in the database the test classes share. */
    final String tag = UUID.randomUUID().toString().substring(0, 6);
    KoppelUser admin;

    @BeforeEach
    void startSource() {
        key = "key-" + UUID.randomUUID();
        source = SourceServer.start("4711", key);
        var employee = samples.employee("source-admin", EmployeeRole.ADMIN);
        admin = new KoppelUser(employee.id(), employee.login(), null, employee.role(), true, false, null);
    }

    @AfterEach
    void stopSource() {
        source.close();
    }

    /** Cliënt (1) and Wederpartij (2) mapped; the source's other types left empty, so not synced. */
    long connect(Map<String, String> extra) {
        var settings = new HashMap<>(Map.of("url", source.baseUrl().toString(), "office", "4711",
                "relationType.1", "Client", "relationType.2", "Opposing party"));
        settings.putAll(extra);
        return connections.create("source", "Dossiers", settings, key, admin).id();
    }

    long connect() {
        return connect(Map.of());
    }

    RunReport sync(long connection) {
        RunReport report = runner.run(connection, "test");
        assertThat(report.status()).as(report.errorMessage()).isEqualTo(RunReport.Status.SUCCEEDED);
        return report;
    }

    Relation imported(long connection, String sourceId) {
        long crmId = links.crmIdOf(connection, DataType.RELATIONS, sourceId)
                .orElseThrow(() -> new AssertionError("source relation " + sourceId + " is not linked"));
        return relations.find(null, crmId);
    }

    static ObjectNode fields(Object... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] instanceof JsonNode n) node.set((String) pairs[i], n);
            else node.put((String) pairs[i], (String) pairs[i + 1]);
        }
        return node;
    }

    static ObjectNode address(String type, String street, String number, String postalCode, String city) {
        return fields("type", type, "street", street, "houseNumber", number, "postalCode", postalCode, "city", city,
                "country", "NL");
    }

    String organisation(String relationType) {
        var addresses = JSON.createArrayNode().add(address("head_office", "Kerkstraat", "12", "1017 GC", "Amsterdam"))
                .add(address("postal", "Postbus", "1234", "1000 AB", "Amsterdam"))
                .add(address("invoice", "Factuurweg", "1", "1111 AA", "Diemen"));
        return source.createOrganisation(fields("name", "Bouwbedrijf " + tag + " B.V.", "phone", "+31201234567",
                "email", "info@bouw-" + tag + ".nl", "website", "https://bouw-" + tag + ".nl", "kvk", "12345678",
                "addresses", addresses), relationType);
    }

    String contactPerson(String parent) {
        return source.createContactPerson(parent, fields("firstNames", "Johanna", "initials", "J.M.", "infix", "van der",
                "lastName", "Berg" + tag, "birthDate", "1975-04-12", "gender", "female", "function", "Bedrijfsjurist",
                "directPhone", "+31201234500", "mobile", "+31612345678", "privatePhone", "+31207654321",
                "email", "j.vanderberg@bouw-" + tag + ".nl"), "1");
    }

    String privateIndividual() {
        return source.createPrivateIndividual(fields("name", "Pietersen" + tag, "email", "p.pietersen-" + tag + "@example.nl",
                "phone", "+31301112233", "addresses", JSON.createArrayNode()
                        .add(address("private", "Dorpsstraat", "3", "3511 AA", "Utrecht"))), "2");
    }

    @Test
    void theInitialSyncImportsOrganisationsContactPersonsAndPrivateIndividualsByTheDocumentsFieldMap() {
        String org = organisation("1");
        String person = contactPerson(org);
        String individual = privateIndividual();
        long connection = connect();

        RunReport report = sync(connection);

        assertThat(report.totals().get(DataType.RELATIONS).created()).isEqualTo(3);
        var o = (Organisation) imported(connection, org);
        assertThat(o.name()).isEqualTo("Bouwbedrijf " + tag + " B.V.");
        assertThat(o.phone()).isEqualTo("+31201234567");
        assertThat(o.email()).isEqualTo("info@bouw-" + tag + ".nl");
        assertThat(o.website()).isEqualTo("https://bouw-" + tag + ".nl");
        assertThat(o.cocNumber()).isEqualTo("12345678");
        assertThat(o.relationTypes()).containsExactly("Client");
        assertThat(o.managerId()).isEqualTo(admin.employeeId());
        assertThat(o.addresses()).as("head office -> visiting, postal -> postal, invoice not synced")
                .extracting(Address::type).containsExactlyInAnyOrder(AddressType.VISITING, AddressType.POSTAL);
        assertThat(o.addresses()).filteredOn(a -> a.type() == AddressType.VISITING).singleElement()
                .satisfies(a -> assertThat(List.of(a.street(), a.houseNumber(), a.postalCode(), a.city(), a.country()))
                        .containsExactly("Kerkstraat", "12", "1017 GC", "Amsterdam", "NL"));

        var p = (Person) imported(connection, person);
        assertThat(p.callingName()).as("first names -> calling name").isEqualTo("Johanna");
        assertThat(List.of(p.initials(), p.infix(), p.lastName())).containsExactly("J.M.", "van der", "Berg" + tag);
        assertThat(p.birthDate()).hasToString("1975-04-12");
        assertThat(p.gender()).isEqualTo(Gender.FEMALE);
        assertThat(p.privatePhone()).isEqualTo("+31207654321");
        assertThat(p.privateMobile()).as("mobile -> private mobile too").isEqualTo("+31612345678");
        assertThat(p.privateEmail()).as("e-mail -> private e-mail too").isEqualTo("j.vanderberg@bouw-" + tag + ".nl");
        assertThat(p.contactRoles()).singleElement().isEqualTo(new ContactRole(o.id(), "j.vanderberg@bouw-" + tag + ".nl",
                "+31201234500", "+31612345678", "Bedrijfsjurist"));

        var i = (Person) imported(connection, individual);
        assertThat(i.contactRoles()).isEmpty();
        assertThat(List.of(i.lastName(), i.privateEmail(), i.privatePhone()))
                .containsExactly("Pietersen" + tag, "p.pietersen-" + tag + "@example.nl", "+31301112233");
        assertThat(i.relationTypes()).containsExactly("Opposing party");
        assertThat(i.addresses()).extracting(Address::type).containsExactly(AddressType.PRIVATE);
    }

    @Test
    void archivedDeletedUnmappedAndContactPersonsOfPrivateIndividualsAreNotImportedEachWithItsReason() {
        String archived = organisation("1");
        source.archive(archived);
        String deleted = organisation("1");
        source.delete(deleted);
        String unmapped = organisation("6");
        String individual = privateIndividual();
        String ofIndividual = contactPerson(individual);
        String ofArchived = contactPerson(archived);
        long connection = connect();
        long before = source.requests();

        RunReport report = sync(connection);

        assertThat(report.totals().get(DataType.RELATIONS).created()).as("only the private individual").isEqualTo(1);
        assertThat(source.requests() - before).as("one listing; an organisation passed over is not read again for "
                + "its contact persons").isEqualTo(1);
        assertThat(report.items()).filteredOn(i -> archived.equals(i.peerId())).as("reported once").hasSize(1);
        assertThat(links.crmIdOf(connection, DataType.RELATIONS, individual)).isPresent();
        for (String id : List.of(archived, deleted, unmapped, ofIndividual, ofArchived)) {
            assertThat(links.crmIdOf(connection, DataType.RELATIONS, id)).as(id).isEmpty();
        }
        List<RunReport.Item> items = report.items();
        assertThat(reason(items, archived)).contains("archived").as("names the relation")
                .startsWith("'Bouwbedrijf " + tag + " B.V.'");
        assertThat(reason(items, unmapped)).contains("not mapped");
        assertThat(reason(items, ofIndividual)).contains("private individual");
        assertThat(reason(items, ofArchived)).contains("organisation");
    }

    @Test
    void aSecondRunAndAnExpiredCursorNeverDuplicate() {
        List<String> seeded = source.seed(60);
        long connection = connect();
        RunReport initial = sync(connection);
        int first = initial.totals().get(DataType.RELATIONS).created();
        assertThat(initial.items()).as("realistic source data imports without errors")
                .noneMatch(i -> i.outcome() == Outcome.ERROR);
        assertThat(first).isEqualTo(seeded.stream().filter(this::synced).count());

        assertThat(sync(connection).totals().get(DataType.RELATIONS).created()).isZero();
        source.expireCursors();
        RunReport afterExpiry = sync(connection);

        assertThat(afterExpiry.totals().get(DataType.RELATIONS).created()).as("the full listing is reconciled by source id").isZero();
        assertThat(links.all(connection, DataType.RELATIONS)).hasSize(first);
    }

    @Test
    void importedRelationsGetTheRelationManagerTheConnectionNames() {
        String org = organisation("1");
        long manager = samples.employee("dossier-manager");
        long connection = connect(Map.of("manager", Long.toString(manager)));

        sync(connection);

        assertThat(((Organisation) imported(connection, org)).managerId()).isEqualTo(manager);
    }

    @Test
    void aRelationTypeMappedLaterIsImportedOnTheNextRun() {
        String supplier = organisation("6");
        long connection = connect();
        sync(connection);
        assertThat(links.crmIdOf(connection, DataType.RELATIONS, supplier)).isEmpty();

        var settings = new HashMap<>(connectionStore.find(connection).orElseThrow().settings());
        settings.put("relationType.6", "Supplier");
        connections.updateAccess(connection, settings, key, admin);
        sync(connection);

        assertThat(imported(connection, supplier).relationTypes()).containsExactly("Supplier");
    }

    /** The change log is read in pages of 1,000; an import writes one entry per relation. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES,
            threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a timing
    void aKoppelEditAfterAnImportOfMoreThanAThousandRelationsIsPushed() {
        List<String> seeded = source.seed(1600);
        long connection = connect();
        assertThat(sync(connection).totals().get(DataType.RELATIONS).created()).isGreaterThan(1000);
        String org = seeded.stream().filter(id -> synced(id)
                && source.relation(id).orElseThrow().path("kind").asString().equals("organisation")).findFirst().orElseThrow();
        var o = (Organisation) imported(connection, org);

        relations.update(RelationKind.ORGANISATION, o.id(), o.version(), new Organisation(o.id(), o.version(), o.name(),
                "+31206660000", o.email(), o.website(), o.cocNumber(), o.managerId(), o.ownerIds(), o.former(),
                o.relationTypes(), o.addresses(), o.comment(), o.customFields(), null, null, null), Origin.user(admin.employeeId()));
        sync(connection);

        assertThat(source.relation(org).orElseThrow().path("phone").asString()).isEqualTo("+31206660000");
    }

    @Test
    void periodicSyncBringsSourceEditsAndNewRelationsIntoKoppel() {
        String org = organisation("1");
        long connection = connect();
        sync(connection);

        source.edit(org, "phone", "+31209999999");
        String later = privateIndividual();
        RunReport report = sync(connection);

        assertThat(((Organisation) imported(connection, org)).phone()).isEqualTo("+31209999999");
        assertThat(imported(connection, later)).isInstanceOf(Person.class);
        assertThat(report.totals().get(DataType.RELATIONS).created()).isEqualTo(1);
        assertThat(report.totals().get(DataType.RELATIONS).updated()).isEqualTo(1);
    }

    @Test
    void aKoppelEditOfALinkedRelationIsPushedAndMarksTheConnectionAtOnceLeavingOtherSourceFieldsAlone() {
        String org = organisation("1");
        long connection = connect();
        sync(connection);
        fanout.fanOut();
        var o = (Organisation) imported(connection, org);

        relations.update(RelationKind.ORGANISATION, o.id(), o.version(), new Organisation(o.id(), o.version(), o.name(),
                "+31205550000", o.email(), o.website(), o.cocNumber(), o.managerId(), o.ownerIds(), o.former(),
                o.relationTypes(), o.addresses(), o.comment(), o.customFields(), null, null, null), Origin.user(admin.employeeId()));
        assertThat(fanout.fanOut()).as("pushed within seconds").contains(connection);
        RunReport report = sync(connection);

        JsonNode there = source.relation(org).orElseThrow();
        assertThat(there.path("phone").asString()).isEqualTo("+31205550000");
        assertThat(there.path("name").asString()).isEqualTo("Bouwbedrijf " + tag + " B.V.");
        assertThat(there.path("addresses").toString()).as("the invoice address Koppel does not sync stays").contains("Factuurweg");
        assertThat(report.totals().get(DataType.RELATIONS).updated()).isEqualTo(1);
        assertThat(sync(connection).totals().get(DataType.RELATIONS).updated()).as("its own write does not come back").isZero();
    }

    @Test
    void aContactPersonsMobileEditedInKoppelAsWorkMobileReachesTheSourceAndThePrivateMobileFollows() {
        String org = organisation("1");
        String person = contactPerson(org);
        long connection = connect();
        sync(connection);
        var p = (Person) imported(connection, person);
        ContactRole role = p.contactRoles().getFirst();

        relations.update(RelationKind.PERSON, p.id(), p.version(), withRoles(p, List.of(new ContactRole(role.organisationId(),
                role.email(), role.phone(), "+31687654321", role.jobTitle()))), Origin.user(admin.employeeId()));
        sync(connection);
        sync(connection);

        assertThat(source.relation(person).orElseThrow().path("mobile").asString()).isEqualTo("+31687654321");
        var after = (Person) imported(connection, person);
        assertThat(after.contactRoles().getFirst().mobile()).isEqualTo("+31687654321");
        assertThat(after.privateMobile()).as("one source value feeds both").isEqualTo("+31687654321");
    }

    @Test
    void aRelationMadeInKoppelIsNeverSentAndADeleteNeverPropagatesEitherWay() {
        String org = organisation("1");
        String individual = privateIndividual();
        long connection = connect();
        sync(connection);
        samples.organisation("Made in Koppel " + tag, admin.employeeId());
        var o = imported(connection, org);
        relations.delete(RelationKind.ORGANISATION, o.id(), null, Origin.user(admin.employeeId()));
        source.delete(individual);

        RunReport report = sync(connection);

        assertThat(source.relation(org).orElseThrow().path("state").asString()).as("Koppel's delete stays in Koppel").isEqualTo("active");
        Relation kept = relations.find(null, links.crmIdOf(connection, DataType.RELATIONS, org).orElseThrow());
        assertThat(kept.deletedAt()).isNotNull();
        assertThat(report.items()).filteredOn(i -> individual.equals(i.peerId())).singleElement()
                .satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.UNLINKED));
        assertThat(links.crmIdOf(connection, DataType.RELATIONS, individual)).as("unlinked").isEmpty();
        // the individual stays in Koppel, not deleted
        assertThat(relations.search(new org.koppel.crm.relation.RelationQuery(RelationKind.PERSON, "Pietersen" + tag, null, null,
                null, null, null, false, null, null, 0, 10)).items()).isNotEmpty();

        source.edit(org, "phone", "+31201111111");
        assertThat(sync(connection).totals().get(DataType.RELATIONS).created())
                .as("a source edit of a relation deleted in Koppel imports no second copy").isZero();
    }

    @Test
    void archivedInTheSourceStaysActiveByDefaultAndBecomesFormerWhenTheConnectionSaysSo() {
        String stays = organisation("1");
        long keeping = connect();
        sync(keeping);
        source.archive(stays);
        sync(keeping);
        assertThat(imported(keeping, stays).former()).isFalse();

        String goes = organisation("1");
        long marking = connect(Map.of("archived", "FORMER"));
        sync(marking);
        source.archive(goes);
        sync(marking);
        assertThat(imported(marking, goes).former()).isTrue();
        source.restore(goes);
        sync(marking);
        assertThat(imported(marking, goes).former()).as("restored in the source").isFalse();
    }

    @Test
    void bothSidesEditingOneFieldIsAConflictTheNewestEditWinsAndItIsLogged() {
        String org = organisation("1");
        long connection = connect();
        sync(connection);
        var o = (Organisation) imported(connection, org);
        relations.update(RelationKind.ORGANISATION, o.id(), o.version(), new Organisation(o.id(), o.version(), o.name(),
                "+31200000001", o.email(), o.website(), o.cocNumber(), o.managerId(), o.ownerIds(), o.former(),
                o.relationTypes(), o.addresses(), o.comment(), o.customFields(), null, null, null), Origin.user(admin.employeeId()));
        source.edit(org, "phone", "+31200000002");

        sync(connection);

        assertThat(((Organisation) imported(connection, org)).phone()).isEqualTo("+31200000002");
        assertThat(source.relation(org).orElseThrow().path("phone").asString()).isEqualTo("+31200000002");
        assertThat(runs.conflicts(connection)).singleElement().satisfies(c -> {
            assertThat(c.crmValue()).isEqualTo("+31200000001");
            assertThat(c.peerValue()).isEqualTo("+31200000002");
        });
    }

    @Test
    void aRefusedApiKeyStopsTheConnectionWithAReasonAndThrottlingIsRetriedWithoutLoss() {
        organisation("1");
        long connection = connect();
        // Longer than a run waits (a short one is waited out inside the run: SourcePeerTest).
        source.throttleNext(1, Duration.ofSeconds(90));
        RunReport throttled = runner.run(connection, "test");
        assertThat(throttled.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(sync(connection).totals().get(DataType.RELATIONS).created()).isEqualTo(1);

        // The firm made a new key in the source; Koppel still holds the old one.
        connectionStore.updateSecret(connection, secrets.seal("an-old-key"));
        RunReport refused = runner.run(connection, "test");
        assertThat(refused.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(refused.errorMessage()).contains("API key").doesNotContain("an-old-key");
        assertThat(connectionStore.find(connection).orElseThrow().status()).isEqualTo(Connection.Status.NEEDS_SIGN_IN);
    }

    @Test
    void theSourceDeletingManyRelationsAtOnceStopsTheRunUntilAPersonConfirmsAndKoppelKeepsThemAll() {
        List<String> made = new java.util.ArrayList<>();
        for (int n = 0; n < 30; n++) made.add(privateIndividual());
        long connection = connect();
        sync(connection);
        made.subList(0, 15).forEach(source::delete);

        RunReport stopped = runner.run(connection, "test");

        assertThat(stopped.status()).isEqualTo(RunReport.Status.NEEDS_CONFIRMATION);
        assertThat(connectionStore.find(connection).orElseThrow().status()).isEqualTo(Connection.Status.NEEDS_CONFIRMATION);
        assertThat(links.all(connection, DataType.RELATIONS)).filteredOn(l -> !l.peerGone()).hasSize(30);

        connections.confirmMassChange(connection, admin);
        sync(connection);
        assertThat(links.all(connection, DataType.RELATIONS)).filteredOn(l -> !l.peerGone()).hasSize(15);
        assertThat(relations.search(new org.koppel.crm.relation.RelationQuery(RelationKind.PERSON, "Pietersen" + tag, null,
                null, null, null, null, false, null, null, 0, 50)).total()).as("none deleted in Koppel").isEqualTo(30);
    }

    /** What the document says is synced: active, of a mapped type (1, 2), contact persons only of such organisations. */
    private boolean synced(String id) {
        JsonNode r = source.relation(id).orElseThrow();
        boolean own = r.path("state").asString().equals("active") && List.of("1", "2").contains(r.path("relationTypeId").asString());
        if (!own || !r.path("kind").asString().equals("contact_person")) return own;
        return r.path("parentKind").asString().equals("organisation") && synced(r.path("parentId").asString());
    }

    private static String reason(List<RunReport.Item> items, String peerId) {
        return items.stream().filter(i -> peerId.equals(i.peerId())).map(RunReport.Item::reason).findFirst().orElse("(not reported)");
    }

    private static Person withRoles(Person p, List<ContactRole> roles) {
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(), roles,
                p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(), p.addresses(), p.comment(),
                p.customFields(), null, null, null);
    }
}
