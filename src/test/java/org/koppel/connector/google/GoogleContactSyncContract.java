package org.koppel.connector.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.store.LinkStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.testkit.Samples;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * Google contacts end to end: a connection of type {@code google} (its secret the fake user, its tokens from
 * {@link FakeGoogleAccounts}), the real runner and engine, and the Google fake. Runs on H2 and on PostgreSQL.
 */
abstract class GoogleContactSyncContract {

    @Autowired SyncRunner runner;
    @Autowired ConnectionStore connections;
    @Autowired Relations relations;
    @Autowired LinkStore links;
    @Autowired Samples samples;
    @Autowired SecretBox secrets;
    @Autowired FakeGoogleAccounts accounts;
    @Autowired org.koppel.runtime.ImportQueue queue;
    @Autowired org.koppel.store.ImportQueueStore queueStore;

    FakeGoogle google;
    final String googleUser = "sales-" + UUID.randomUUID() + "@example.com";
    long user;
    long connection;

    @BeforeEach
    void connect() {
        google = FakeGoogle.start();
        accounts.use(google);
        user = samples.employee("google-sales");
        connection = connections.insert(GooglePeers.TYPE, "Google", user, Map.of(), secrets.seal(googleUser), Instant.now());
    }

    @AfterEach
    void stop() {
        google.close();
    }

    RunReport sync() {
        RunReport report = runner.run(connection, "test");
        assertThat(report.status()).as(report.errorMessage()).isEqualTo(RunReport.Status.SUCCEEDED);
        return report;
    }

    String contactOf(Person p) {
        return linkOf(p).orElseThrow(() -> new AssertionError("not linked: " + p.id()));
    }

    java.util.Optional<String> linkOf(Person p) {
        return links.all(connection, DataType.CONTACTS).stream().filter(l -> l.crmId() == p.id())
                .map(org.koppel.sync.Link::peerId).findFirst();
    }

    JsonNode google(String resourceName) {
        return google.contact(googleUser, resourceName).orElseThrow();
    }

    Person current(Person p) {
        return (Person) relations.find(RelationKind.PERSON, p.id());
    }

    @Test
    void crmRecordsReachGoogleStampedAndASecondRunOnlyAsksForChanges() {
        Person p = samples.person("Anna", "van der", "Berg", user);

        RunReport first = sync();
        long served = google.log().size();
        RunReport second = sync();

        assertThat(first.totals().get(DataType.CONTACTS).created()).isEqualTo(1);
        JsonNode contact = google(contactOf(p));
        assertThat(contact.at("/names/0/givenName").asString()).isEqualTo("Anna");
        assertThat(contact.at("/names/0/familyName").asString()).isEqualTo("van der Berg");
        assertThat(contact.toString()).contains("\"koppelId\"").contains("\"" + p.id() + "\"");
        assertThat(second.items()).isEmpty();
        assertThat(google.log().subList((int) served, google.log().size())).extracting(FakeGoogle.Served::kind)
                .containsExactly("connections.list");
    }

    @Test
    void editsOnEachSideReachTheOtherAndNeitherEchoes() {
        Person p = samples.person("Frank", null, "Bakker", user);
        sync();
        String id = contactOf(p);

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Franciscus"), Origin.user(user));
        google.userEdits(googleUser, id, "{\"names\": [{\"givenName\": \"Frank\", \"familyName\": \"Bakkers\"}]}");
        RunReport report = sync();

        assertThat(current(p).firstName()).isEqualTo("Franciscus");
        assertThat(current(p).lastName()).isEqualTo("Bakkers");
        assertThat(google(id).at("/names/0/givenName").asString()).isEqualTo("Franciscus");
        assertThat(google(id).at("/names/0/familyName").asString()).isEqualTo("Bakkers");
        assertThat(report.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.UPDATED_BOTH));
        long version = current(p).version();
        long writes = writes();
        assertThat(sync().items()).as("no echo of its own writes").isEmpty();
        assertThat(current(p).version()).isEqualTo(version);
        assertThat(writes()).isEqualTo(writes);
    }

    @Test
    void aContactDeletedInGoogleIsUnlinkedTheRecordKeptAndItReturnsAfterItsNextChange() {
        Person p = samples.person("Hanna", null, "Dekker", user);
        sync();
        google.userDeletes(googleUser, contactOf(p));

        RunReport report = sync();

        assertThat(report.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.UNLINKED));
        assertThat(relations.find(RelationKind.PERSON, p.id()).deleted()).isFalse();
        assertThat(google.contactCount(googleUser)).isZero();
        assertThat(sync().items()).as("not re-created before it changes").isEmpty();

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Hannah"), Origin.user(user));
        sync();
        assertThat(google.contactCount(googleUser)).isEqualTo(1);
        assertThat(google(contactOf(p)).at("/names/0/givenName").asString()).isEqualTo("Hannah");
    }

    @Test
    void aRecordDeletedInTheCrmIsUnlinkedAndItsGoogleContactLeft() {
        Person p = samples.person("Ivo", null, "Peters", user);
        sync();
        String id = contactOf(p);

        relations.delete(RelationKind.PERSON, p.id(), null, Origin.user(user));
        sync();

        assertThat(linkOf(p)).isEmpty();
        assertThat(google.contact(googleUser, id)).isPresent();
    }

    @Test
    void anExpiredSyncTokenMeansAFullListingReconciledAgainstTheLinksWithoutDuplicates() {
        Person a = samples.person("Kees", null, "Visser", user);
        Person b = samples.person("Lot", null, "Smit", user);
        sync();
        google.userEdits(googleUser, contactOf(a), "{\"names\": [{\"givenName\": \"Cornelis\", \"familyName\": \"Visser\"}]}");
        google.expireSyncTokens(googleUser);

        RunReport report = sync();

        assertThat(google.log()).filteredOn(s -> s.status() == 410).hasSize(1);
        assertThat(current(a).firstName()).isEqualTo("Cornelis");
        assertThat(report.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.UPDATED_CRM));
        assertThat(google.contactCount(googleUser)).isEqualTo(2);
        assertThat(current(b).version()).isEqualTo(b.version());
        assertThat(sync().items()).isEmpty();
    }

    @Test
    void aLostLinkIsFoundAgainByTheStampNotDuplicated() {
        Person p = samples.person("Mia", null, "Jong", user);
        sync();
        String id = contactOf(p);
        links.delete(connection, DataType.CONTACTS, p.id());

        sync();

        assertThat(contactOf(p)).isEqualTo(id);
        assertThat(google.contactCount(googleUser)).isEqualTo(1);
    }

    @Test
    void aRevokedSignInFailsTheRunAsAuthExpiredWithoutRetryStorm() {
        samples.person("Nora", null, "Bos", user);
        sync();
        accounts.revoke(googleUser);
        int before = google.log().size();

        RunReport report = runner.run(connection, "test");

        assertThat(report.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(report.errorKind()).isEqualTo("AUTH_EXPIRED");
        assertThat(connections.find(connection).orElseThrow().status()).isEqualTo(org.koppel.runtime.Connection.Status.NEEDS_SIGN_IN);
        assertThat(google.log().size() - before).as("at most the one 401 before the refused renewal").isLessThanOrEqualTo(1);
    }

    long writes() {
        return google.log().stream().filter(s -> List.of("createContact", "updateContact", "deleteContact").contains(s.kind())).count();
    }

    // ---- the import queue and the sync flag on Google (cloud-contacts document) -------------------------

    @Test
    void aGoogleContactWaitsInTheQueueAndIsImportedWithAllItsDataFlaggedAndLinked() {
        long queued = connections.insert(GooglePeers.TYPE, "Google queue", user, Map.of("contacts.creation", "QUEUE",
                "contacts.scope", "MANAGER,OWNER,SYNC_FLAG"), secrets.seal(googleUser), Instant.now());
        String company = "Google BV " + UUID.randomUUID();
        String made = google.userCreates(googleUser, """
                {"names": [{"givenName": "Gijs", "familyName": "Wachter"}],
                 "organizations": [{"name": "%s", "title": "Inkoper"}],
                 "emailAddresses": [{"value": "gijs@googlebv.example", "type": "work"}],
                 "addresses": [{"type": "work", "streetAddress": "Damrak 1", "postalCode": "1012 LG", "city": "Amsterdam",
                                "countryCode": "NL"}],
                 "biographies": [{"value": "Belt op maandag", "contentType": "TEXT_PLAIN"}]}""".formatted(company));
        assertThat(runner.run(queued, "test").items()).extracting(RunReport.Item::outcome).containsExactly(Outcome.QUEUED);
        var entry = queueStore.find(queued, DataType.CONTACTS, made).orElseThrow();
        var owner = new org.koppel.security.KoppelUser(user, "google-sales", null, org.koppel.crm.employee.EmployeeRole.USER,
                true, false, null);

        queue.choose(queued, List.of(entry.id()), "PERSON", null, owner);
        assertThat(queue.importAll(queued, owner)).singleElement().satisfies(r ->
                assertThat(r.outcome()).isEqualTo(org.koppel.runtime.ImportQueue.Outcome.IMPORTED));
        RunReport linking = runner.run(queued, "test");

        long crmId = queueStore.find(queued, DataType.CONTACTS, made).orElseThrow().crmId();
        Person gijs = (Person) relations.find(RelationKind.PERSON, crmId);
        assertThat(gijs.contactRoles()).singleElement().satisfies(role -> {
            assertThat(relations.find(null, role.organisationId()).displayName()).isEqualTo(company);
            assertThat(role.email()).isEqualTo("gijs@googlebv.example");
            assertThat(role.jobTitle()).isEqualTo("Inkoper");
        });
        assertThat(gijs.addresses()).singleElement().satisfies(a -> {
            assertThat(a.city()).isEqualTo("Amsterdam");
            assertThat(a.street()).isEqualTo("Damrak");
            assertThat(a.houseNumber()).isEqualTo("1");
        });
        assertThat(gijs.comment()).isEqualTo("Belt op maandag");
        assertThat(relations.isSyncFlagged(crmId, user)).as("the import sets the owner's sync flag").isTrue();
        assertThat(linking.items()).extracting(RunReport.Item::outcome).containsExactly(Outcome.CREATED_IN_CRM);
        assertThat(google.contact(googleUser, made).orElseThrow().toString()).as("stamped: never queued twice")
                .contains("\"" + crmId + "\"");
        assertThat(google.contactCount(googleUser)).as("no second contact for the imported person").isEqualTo(1);
        assertThat(runner.run(queued, "test").items()).as("nothing left to do").isEmpty();
    }

    @Test
    void removingTheSyncFlagRemovesTheContactFromThatUsersGoogleContactsUnlessAnotherRuleHoldsIt() {
        long flagged = connections.insert(GooglePeers.TYPE, "Google flag", user, Map.of(
                "contacts.scope", "MANAGER,OWNER,SYNC_FLAG", "contacts.removeFromPeerWhenOutOfScope", "true"),
                secrets.seal(googleUser), Instant.now());
        long colleague = samples.employee("colleague");
        Person onlyFlagged = samples.person("Flo", null, "Vlag", colleague);
        Person managed = samples.person("Max", null, "Beheerd", user);
        for (Person p : List.of(onlyFlagged, managed)) relations.setSyncFlag(RelationKind.PERSON, p.id(), user, true, Origin.user(user));
        runner.run(flagged, "test");
        assertThat(google.contactCount(googleUser)).isEqualTo(2);

        for (Person p : List.of(onlyFlagged, managed)) relations.setSyncFlag(RelationKind.PERSON, p.id(), user, false, Origin.user(user));
        RunReport run = runner.run(flagged, "test");

        assertThat(run.items()).singleElement().satisfies(i -> {
            assertThat(i.crmId()).isEqualTo(onlyFlagged.id());
            assertThat(i.outcome()).isEqualTo(Outcome.DELETED_IN_PEER);
        });
        assertThat(google.contacts(googleUser)).as("the managed one stays").singleElement()
                .satisfies(c -> assertThat(c.toString()).contains("Beheerd"));
        assertThat(relations.find(RelationKind.PERSON, onlyFlagged.id()).deleted()).as("never deleted in Koppel").isFalse();
    }
}
