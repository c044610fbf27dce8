package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Change;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.MemoryContactPeer;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/** The sync engine's rules against an in-memory peer; runs on H2 and on PostgreSQL. */
abstract class ContactSyncContract {

    @Autowired SyncRunner runner;
    @Autowired ConnectionStore connections;
    @Autowired SyncRunStore runs;
    @Autowired MemoryPeers peers;
    @Autowired Relations relations;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    @Autowired SyncJobs jobs;
    @Autowired ChangeFanout fanout;
    @Autowired SyncSettings settings;
    @Autowired org.koppel.store.ImportQueueStore queue;

    long user;
    long colleague;
    long connection;
    MemoryContactPeer peer;

    @BeforeEach
    void setUp() {
        user = samples.employee("sales");
        colleague = samples.employee("colleague");
        connection = connections.insert("memory", "phone", user, Map.of(), null, Instant.now());
        peer = peers.of(connection);
    }

    @Test
    void theFirstRunBringsManagedAndOwnedPersonsAndNoOthers() {
        Person managed = samples.person("Anna", "van der", "Berg", user);
        Person owned = create(Samples.person("Bert", null, "Smit", colleague, List.of(user)));
        Person others = samples.person("Carla", null, "Vos", colleague);
        Person former = create(Samples.former(Samples.person("Dirk", "de", "Wit", user, List.of())));

        RunReport report = sync();

        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(peer.contents()).containsOnlyKeys("koppel-" + managed.id(), "koppel-" + owned.id());
        assertThat(peer.contents().get("koppel-" + managed.id()).values()).containsEntry(ContactSlots.INFIX, "van der")
                .containsEntry(ContactSlots.FAMILY_NAME, "Berg").containsEntry(ContactSlots.GIVEN_NAME, "Anna");
        assertThat(peer.stampOf("koppel-" + owned.id())).isEqualTo(owned.id());
        assertThat(report.totals().get(org.koppel.sync.DataType.CONTACTS).created()).isEqualTo(2);
        assertThat(peer.contents().keySet()).doesNotContain("koppel-" + others.id(), "koppel-" + former.id());
    }

    @Test
    void aSecondRunWithoutChangesWritesNothing() {
        samples.person("Eva", null, "Jansen", user);
        sync();
        long before = peer.requestCount();
        long seq = changeLog.lastSeq();

        RunReport again = sync();

        assertThat(again.items()).isEmpty();
        assertThat(peer.requestCount() - before).as("one listing of changes, nothing written").isEqualTo(1);
        assertThat(changeLog.lastSeq()).isEqualTo(seq);
    }

    @Test
    void editsOnEachSideReachTheOtherAndPeerEditsCarryTheConnectionAsOrigin() {
        Person p = samples.person("Frank", null, "Bakker", user);
        sync();
        String id = "koppel-" + p.id();

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Franciscus"), Origin.user(user));
        peer.userEdits(id, ContactSlots.FAMILY_NAME, "Bakkers");
        long seq = changeLog.lastSeq();
        RunReport report = sync();

        assertThat(current(p).firstName()).isEqualTo("Franciscus");
        assertThat(current(p).lastName()).isEqualTo("Bakkers");
        assertThat(peer.contents().get(id).get(ContactSlots.GIVEN_NAME)).isEqualTo("Franciscus");
        assertThat(report.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.UPDATED_BOTH));
        List<Change> logged = changeLog.after(seq, 10);
        assertThat(logged).singleElement().satisfies(c -> {
            assertThat(c.origin()).isEqualTo(Origin.connection(connection));
            assertThat(c.fields()).containsExactly("lastName");
        });
        assertThat(sync().items()).as("no echo of its own writes").isEmpty();
    }

    @Test
    void aSameFieldConflictIsSettledByTheRuleAndTheLosingValueIsLogged() {
        Person p = samples.person("Gijs", null, "Mulder", user);
        sync();
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Gijsbert"), Origin.user(user));
        peer.userEdits("koppel-" + p.id(), ContactSlots.GIVEN_NAME, "Gies");

        RunReport report = sync();

        assertThat(current(p).firstName()).isEqualTo("Gijsbert");
        assertThat(peer.contents().get("koppel-" + p.id()).get(ContactSlots.GIVEN_NAME)).isEqualTo("Gijsbert");
        assertThat(report.totals().get(org.koppel.sync.DataType.CONTACTS).conflicts()).isEqualTo(1);
        assertThat(runs.conflicts(connection)).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo(ContactSlots.GIVEN_NAME);
            assertThat(c.losingValue()).isEqualTo("Gies");
            assertThat(c.winner()).isEqualTo("CRM");
        });
    }

    @Test
    void aPeerDeleteUnlinksKeepsTheRecordAndItReturnsAfterItsNextChange() {
        Person p = samples.person("Hanna", null, "Dekker", user);
        sync();
        peer.userDeletes("koppel-" + p.id());

        RunReport report = sync();
        assertThat(report.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.UNLINKED));
        assertThat(relations.find(RelationKind.PERSON, p.id()).deleted()).isFalse();
        assertThat(sync().items()).as("not re-created before it changes").isEmpty();
        assertThat(peer.contents()).isEmpty();

        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Hannah"), Origin.user(user));
        sync();
        assertThat(peer.contents()).containsOnlyKeys("koppel-" + p.id());
        assertThat(peer.contents().get("koppel-" + p.id()).get(ContactSlots.GIVEN_NAME)).isEqualTo("Hannah");
    }

    @Test
    void aFormerRelationStaysInThePeerAndGetsNoMoreUpdates() {
        Person p = samples.person("Ivo", null, "Peters", user);
        sync();
        relations.update(RelationKind.PERSON, p.id(), null, Samples.former(current(p)), Origin.user(user));

        RunReport report = sync();
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Ivar"), Origin.user(user));
        sync();

        assertThat(report.items()).singleElement().satisfies(i -> assertThat(i.reason()).contains("former"));
        assertThat(peer.contents().get("koppel-" + p.id()).get(ContactSlots.GIVEN_NAME)).isEqualTo("Ivo");
    }

    @Test
    void contactPersonsCarryTheirOrganisationAndItsRenames() {
        Organisation org = samples.organisation("Janssen BV", colleague);
        Person p = create(new Person(null, null, null, "Joke", null, null, "Janssen", null, null, null, null, null, null,
                List.of(new ContactRole(org.id(), "joke@janssen.example", "020 123 4567", null, "Directeur")), null,
                user, List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null));
        sync();
        var card = peer.contents().get("koppel-" + p.id());
        assertThat(card.values()).containsEntry(ContactSlots.ORGANISATION, "Janssen BV")
                .containsEntry(ContactSlots.EMAIL_WORK, "joke@janssen.example").containsEntry(ContactSlots.JOB_TITLE, "Directeur");

        Organisation renamed = (Organisation) relations.find(RelationKind.ORGANISATION, org.id());
        relations.update(RelationKind.ORGANISATION, org.id(), null, new Organisation(renamed.id(), renamed.version(),
                "Janssen & Zn BV", null, null, null, null, renamed.managerId(), List.of(), false, List.of(), List.of(),
                null, Map.of(), null, null, null), Origin.user(colleague));
        sync();
        assertThat(peer.contents().get("koppel-" + p.id()).get(ContactSlots.ORGANISATION)).isEqualTo("Janssen & Zn BV");

        peer.userEdits("koppel-" + p.id(), ContactSlots.ORGANISATION, "Something Else");
        sync();
        assertThat(relations.find(RelationKind.ORGANISATION, org.id()).displayName()).as("never renamed from a phone")
                .isEqualTo("Janssen & Zn BV");
        assertThat(peer.contents().get("koppel-" + p.id()).get(ContactSlots.ORGANISATION)).isEqualTo("Janssen & Zn BV");
    }

    @Test
    void contactsMadeOnThePhoneAreNotImportedByDefault() {
        String id = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Onbekend",
                ContactSlots.EMAIL_HOME, "x@onbekend.example")), Set.of());
        long seq = changeLog.lastSeq();

        RunReport report = sync();

        assertThat(report.items()).singleElement().satisfies(i -> {
            assertThat(i.peerId()).isEqualTo(id);
            assertThat(i.outcome()).isEqualTo(Outcome.SKIPPED);
        });
        assertThat(changeLog.lastSeq()).isEqualTo(seq);
    }

    @Test
    void everyRunClosesThePeerItOpenedWhetherItSucceedsOrFails() {
        samples.person("Sluit", null, "Af", user);
        sync();
        assertThat(peer.closes).as("a CardDAV peer holds an HTTP client, its selector thread and its connections")
                .hasValue(1);

        peer.failAfter(0);
        assertThat(sync().status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(peer.closes).hasValue(2);
    }

    @Test
    void aLostLinkIsReFoundThroughTheStampedIdNotDuplicated() {
        Person p = samples.person("Kees", null, "Visser", user);
        peer.failAfter(2); // listing, create ... then the run dies before the link is stored
        sync();
        assertThat(peer.contents()).hasSize(1);

        sync();
        sync();
        assertThat(peer.contents()).hasSize(1);
        assertThat(peer.creates.get()).isEqualTo(1);
        assertThat(sync().items()).isEmpty();
        assertThat(current(p).version()).isEqualTo(p.version());
    }

    @Test
    void aRunKilledAtAnyStepConvergesWithoutDuplicatesOrLostEdits() {
        for (int i = 0; i < 6; i++) samples.person("P" + i, null, "Kill" + i, user);
        sync();
        var ids = List.copyOf(peer.contents().keySet());
        for (int step = 1; step <= 8; step++) {
            Person crmSide = (Person) relations.find(RelationKind.PERSON, Long.parseLong(ids.get(step % 6).substring(7)));
            relations.update(RelationKind.PERSON, crmSide.id(), null, Samples.withFirstName(crmSide, "crm" + step), Origin.user(user));
            String peerSide = ids.get((step + 3) % 6);
            peer.userEdits(peerSide, ContactSlots.TEL_HOME, "020 555 00" + (10 + step));
            samples.person("New" + step, null, "Kill", user);
            peer.failAfter(step % 4);
            sync();
            sync();
            Person crmNow = current(crmSide);
            assertThat(crmNow.firstName()).isEqualTo("crm" + step);
            assertThat(peer.contents().get("koppel-" + crmSide.id()).get(ContactSlots.GIVEN_NAME)).isEqualTo("crm" + step);
            long peerPerson = Long.parseLong(peerSide.substring(7));
            assertThat(((Person) relations.find(RelationKind.PERSON, peerPerson)).privatePhone()).isEqualTo("020 555 00" + (10 + step));
        }
        assertThat(peer.contents()).hasSize(6 + 8);
        assertThat(peer.creates.get()).isEqualTo(6 + 8);
    }

    @Test
    void aRunThatWouldUnlinkMostContactsStopsAndAsks() {
        for (int i = 0; i < 12; i++) create(Samples.person("M" + i, null, "Mass", colleague, List.of(user)));
        sync();
        for (int i = 0; i < 12; i++) peer.userDeletes(List.copyOf(peer.contents().keySet()).getFirst());

        RunReport stopped = sync();
        assertThat(stopped.status()).isEqualTo(RunReport.Status.NEEDS_CONFIRMATION);
        assertThat(connections.find(connection).orElseThrow().status()).isEqualTo(Connection.Status.NEEDS_CONFIRMATION);

        connections.confirmMassChange(connection, Instant.now());
        RunReport confirmed = sync();
        assertThat(confirmed.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(confirmed.totals().get(org.koppel.sync.DataType.CONTACTS).updated()).isEqualTo(12);
    }

    @Test
    void aChangeInScopeMarksTheConnectionForARunAndItsOwnWritesDoNot() {
        Person mine = samples.person("Lies", null, "Kok", user);
        Person notMine = samples.person("Maan", null, "Kok", colleague);
        sync();
        fanout.fanOut();

        relations.update(RelationKind.PERSON, notMine.id(), null, Samples.withFirstName(current(notMine), "Maantje"), Origin.user(colleague));
        assertThat(fanout.fanOut()).doesNotContain(connection);
        relations.update(RelationKind.PERSON, mine.id(), null, Samples.withFirstName(current(mine), "Liesje"), Origin.connection(connection));
        assertThat(fanout.fanOut()).as("its own write is no reason to run").doesNotContain(connection);
        relations.update(RelationKind.PERSON, mine.id(), null, Samples.withFirstName(current(mine), "Elisabeth"), Origin.user(user));
        assertThat(fanout.fanOut()).contains(connection);
    }

    @Test
    void anItemChangedBetweenReadAndWriteIsReadAgainAndMergedNotOverwritten() {
        Person p = samples.person("Sara", null, "Race", user);
        sync();
        String id = "koppel-" + p.id();
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Sarah"), Origin.user(user));
        peer.beforeNextUpdate(() -> peer.userEdits(id, ContactSlots.TEL_HOME, "020 555 7777"));

        sync();

        assertThat(peer.contents().get(id).get(ContactSlots.GIVEN_NAME)).isEqualTo("Sarah");
        assertThat(peer.contents().get(id).get(ContactSlots.TEL_HOME)).as("the phone's edit survives").isEqualTo("020 555 7777");
        assertThat(current(p).privatePhone()).isEqualTo("020 555 7777");
    }

    @Test
    void writesGoToAPeerThatTakesBatchesInBatchesOfItsSizeEachItemSettledOnItsOwn() {
        peer.takeBatchesOf(20);
        var persons = new java.util.ArrayList<Person>();
        for (int i = 0; i < 45; i++) persons.add(samples.person("Batch" + i, null, "Person", user));

        sync();

        assertThat(peer.createBatches).containsExactly(20, 20, 5);
        assertThat(peer.contents()).hasSize(45);
        for (int i = 0; i < 25; i++) {
            relations.update(RelationKind.PERSON, persons.get(i).id(), null,
                    Samples.withFirstName(current(persons.get(i)), "Edited" + i), Origin.user(user));
        }
        // One of the batch's items changes on the phone after Koppel read it: that one is merged again.
        String raced = "koppel-" + persons.get(3).id();
        peer.beforeNextUpdate(() -> peer.userEdits(raced, ContactSlots.TEL_HOME, "020 555 8888"));

        RunReport report = sync();

        assertThat(peer.updateBatches).containsExactly(20, 5);
        assertThat(report.totals().get(org.koppel.sync.DataType.CONTACTS).errors()).isZero();
        for (int i = 0; i < 25; i++) {
            assertThat(peer.contents().get("koppel-" + persons.get(i).id()).get(ContactSlots.GIVEN_NAME)).isEqualTo("Edited" + i);
        }
        assertThat(peer.contents().get(raced).get(ContactSlots.TEL_HOME)).as("the phone's edit survives").isEqualTo("020 555 8888");
        assertThat(current(persons.get(3)).privatePhone()).isEqualTo("020 555 8888");
    }

    @Autowired ContactReviews reviews;
    @Autowired org.koppel.security.SecretBox secrets;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /** Tribe document §3: Outlook merges Petra's new card with Geert's, who has the same e-mail address. */
    private String petraRewrittenIntoGeert(Person petra) {
        sync();
        String id = "koppel-" + petra.id();
        peer.userEdits(id, ContactSlots.GIVEN_NAME, "Geert");
        peer.userEdits(id, ContactSlots.INFIX, "van");
        peer.userEdits(id, ContactSlots.FAMILY_NAME, "Dijk");
        peer.userEdits(id, ContactSlots.TEL_HOME, "010 555 1234");
        return id;
    }

    private Person petra() {
        Person p = Samples.person("Petra", "de", "Vries", user, List.of());
        return create(new Person(null, null, null, p.firstName(), null, p.infix(), p.lastName(), null, null, null,
                "info@abcbedrijf.nl", null, null, List.of(), null, user, List.of(), false, List.of(), List.of(), null,
                Map.of(), null, null, null));
    }

    @Test
    void aContactTurnedIntoAnotherPersonWithTheSameEmailIsHeldForReviewNotWrittenIntoTheCrm() {
        Person petra = petra();
        String id = petraRewrittenIntoGeert(petra);

        RunReport report = sync();

        assertThat(report.items()).anySatisfy(i -> {
            assertThat(i.outcome()).isEqualTo(Outcome.HELD_FOR_REVIEW);
            assertThat(i.reason()).contains("'Petra de Vries' into 'Geert van Dijk'").contains("info@abcbedrijf.nl");
        });
        assertThat(current(petra).firstName()).isEqualTo("Petra");
        assertThat(current(petra).privatePhone()).isNull();
        var open = reviews.of(connection, owner());
        assertThat(open).singleElement().satisfies(r -> {
            assertThat(r.base().get(ContactSlots.GIVEN_NAME)).isEqualTo("Petra");
            assertThat(r.peer().get(ContactSlots.GIVEN_NAME)).isEqualTo("Geert");
        });
        // Held until decided: a later run neither applies it nor writes Koppel's side over it.
        relations.update(RelationKind.PERSON, petra.id(), null, Samples.withFirstName(current(petra), "Petra M."), Origin.user(user));
        sync();
        assertThat(peer.contents().get(id).get(ContactSlots.GIVEN_NAME)).isEqualTo("Geert");
        assertThat(current(petra).lastName()).isEqualTo("Vries");

        reviews.reject(connection, open.getFirst().id(), owner());
        sync();

        assertThat(peer.contents().get(id).get(ContactSlots.GIVEN_NAME)).isEqualTo("Petra M.");
        assertThat(peer.contents().get(id).get(ContactSlots.FAMILY_NAME)).isEqualTo("Vries");
        assertThat(peer.contents().get(id).get(ContactSlots.TEL_HOME)).as("Geert's phone leaves Petra's card").isNull();
        assertThat(current(petra).privatePhone()).isNull();
        assertThat(sync().items()).as("settled").isEmpty();
    }

    @Test
    void anAcceptedReviewWritesThePeersChangeIntoTheCrm() {
        Person petra = petra();
        petraRewrittenIntoGeert(petra);
        sync();
        long review = reviews.of(connection, owner()).getFirst().id();

        reviews.accept(connection, review, owner());
        assertThatThrownBy(() -> reviews.reject(connection, review, owner()))
                .isInstanceOf(org.koppel.crm.ConflictException.class);
        sync();

        assertThat(current(petra).firstName()).isEqualTo("Geert");
        assertThat(current(petra).lastName()).isEqualTo("Dijk");
        assertThat(current(petra).privatePhone()).isEqualTo("010 555 1234");
        assertThat(reviews.of(connection, owner()).getFirst().applied()).isTrue();
    }

    @Test
    void aRewriteSeenOnlyWhenA412MakesKoppelReadTheCardAgainIsHeldToo() {
        Person petra = petra();
        sync();
        String id = "koppel-" + petra.id();
        relations.update(RelationKind.PERSON, petra.id(), null, Samples.withFirstName(current(petra), "Petra M."), Origin.user(user));
        peer.beforeNextUpdate(() -> {
            peer.userEdits(id, ContactSlots.GIVEN_NAME, "Geert");
            peer.userEdits(id, ContactSlots.FAMILY_NAME, "Dijk");
        });

        RunReport report = sync();

        assertThat(report.items()).anySatisfy(i -> assertThat(i.outcome()).isEqualTo(Outcome.HELD_FOR_REVIEW));
        assertThat(current(petra).lastName()).isEqualTo("Vries");
        assertThat(peer.contents().get(id).get(ContactSlots.GIVEN_NAME)).as("Koppel's edit waits too").isEqualTo("Geert");
    }

    @Test
    void aDecisionOnACardThatChangedAgainSinceIsAskedAgainNotCarriedOut() {
        Person petra = petra();
        String id = petraRewrittenIntoGeert(petra);
        sync();
        long review = reviews.of(connection, owner()).getFirst().id();
        reviews.accept(connection, review, owner());
        peer.userEdits(id, ContactSlots.JOB_TITLE, "Directeur");

        sync();

        assertThat(current(petra).firstName()).as("not taken: the card is not what was accepted").isEqualTo("Petra");
        var again = reviews.of(connection, owner()).getFirst();
        assertThat(again.status()).isEqualTo(org.koppel.store.ContactReviewStore.Status.OPEN);
        assertThat(again.peer().get(ContactSlots.JOB_TITLE)).isEqualTo("Directeur");
    }

    @Test
    void aReviewOfAContactDeletedInThePeerNoLongerHoldsItsRecord() {
        Person petra = petra();
        String id = petraRewrittenIntoGeert(petra);
        sync();
        peer.userDeletes(id);
        sync();

        assertThat(reviews.of(connection, owner()).getFirst().status()).isEqualTo(org.koppel.store.ContactReviewStore.Status.OBSOLETE);
        relations.update(RelationKind.PERSON, petra.id(), null, Samples.withFirstName(current(petra), "Petra M."), Origin.user(user));
        RunReport back = sync();

        assertThat(back.items()).anySatisfy(i -> assertThat(i.outcome()).isEqualTo(Outcome.CREATED_IN_PEER))
                .noneMatch(i -> i.outcome() == Outcome.HELD_FOR_REVIEW);
    }

    @Test
    void aPeerEditTakenIntoKoppelKeepsTheCardsVersionSoALaterDeleteIsNotRefused() {
        Person p = samples.person("Versie", null, "Oud", user);
        sync();
        peer.userEdits("koppel-" + p.id(), ContactSlots.TEL_HOME, "020 555 4444");
        sync();
        assertThat(current(p).privatePhone()).isEqualTo("020 555 4444");

        settings.replace("EMPLOYEE", user, Map.of("contacts.removeFromPeerWhenOutOfScope", "true"));
        relations.update(RelationKind.PERSON, p.id(), null, Samples.former(current(p)), Origin.user(user));
        RunReport left = sync();
        settings.replace("EMPLOYEE", user, Map.of());

        assertThat(left.items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.DELETED_IN_PEER));
        assertThat(peer.contents()).doesNotContainKey("koppel-" + p.id());
    }

    @Test
    void aMarriageNameOrATypoFixInThePeerIsSyncedNotHeld() {
        Person petra = petra();
        sync();
        peer.userEdits("koppel-" + petra.id(), ContactSlots.FAMILY_NAME, "Jansen");
        peer.userEdits("koppel-" + petra.id(), ContactSlots.INFIX, null);

        RunReport report = sync();

        assertThat(report.items()).noneMatch(i -> i.outcome() == Outcome.HELD_FOR_REVIEW);
        assertThat(current(petra).lastName()).isEqualTo("Jansen");
    }

    @Test
    void aRunWhoseSignInWasRefusedLeavesAConnectionSignedInAgainMeanwhileActive() {
        samples.person("Race", null, "Signin", user);
        peer.duringCreateAll = () -> {
            connections.updateAccess(connection, Map.of(), secrets.seal("signed in again"), Instant.now());
            throw new org.koppel.connector.PeerException.AuthExpired("the old grant was revoked", null);
        };

        RunReport run = sync();

        assertThat(run.errorKind()).isEqualTo("AUTH_EXPIRED");
        assertThat(connections.find(connection).orElseThrow().status()).isEqualTo(org.koppel.runtime.Connection.Status.ACTIVE);
        assertThat(jobs.dueBy(connection, Instant.now())).as("runs again with the new sign-in").isTrue();

        peer.duringCreateAll = () -> {
            throw new org.koppel.connector.PeerException.AuthExpired("revoked", null);
        };
        sync();
        assertThat(connections.find(connection).orElseThrow().status()).isEqualTo(org.koppel.runtime.Connection.Status.NEEDS_SIGN_IN);
    }

    @Test
    void aPauseDuringARunStandsWhateverTheRunEndsIn() {
        samples.person("Pauze", null, "Tijdens", user);
        connections.setStatus(connection, org.koppel.runtime.Connection.Status.FAILING, "an earlier failure", Instant.now());
        peer.duringCreateAll = () -> connections.setStatus(connection, org.koppel.runtime.Connection.Status.PAUSED,
                "paused by sales", Instant.now());

        assertThat(sync().status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(connections.find(connection).orElseThrow().status()).isEqualTo(org.koppel.runtime.Connection.Status.PAUSED);
    }

    @Test
    void aRunThatDiedWithItsNodeIsClosedAsInterruptedByTheNextOne() {
        long dead = runs.start(connection, "crashed", Instant.now().minusSeconds(60));

        sync();

        RunReport closed = runs.find(dead).orElseThrow();
        assertThat(closed.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(closed.errorKind()).isEqualTo("INTERRUPTED");
        assertThat(runs.running(connection, Instant.now())).isEmpty();
    }

    @Test
    void writingACardKeepsWhatTheFieldMapDoesNotCover() {
        Person p = samples.person("Vera", null, "Privé", user);
        sync();
        String id = "koppel-" + p.id();
        peer.userEdits(id, ContactSlots.EMAIL_WORK, "vera@werk.example");
        peer.userEdits(id, ContactSlots.JOB_TITLE, "Notaris");
        sync();
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Veronica"), Origin.user(user));

        sync();

        assertThat(peer.contents().get(id).values()).containsEntry(ContactSlots.GIVEN_NAME, "Veronica")
                .containsEntry(ContactSlots.EMAIL_WORK, "vera@werk.example").containsEntry(ContactSlots.JOB_TITLE, "Notaris");
    }

    @Test
    void aCardDeletedWhileKoppelWritesItUnlinksAndTheRecordKeepsItsValues() {
        Person p = samples.person("Wim", null, "Weg", user);
        sync();
        String id = "koppel-" + p.id();
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Willem"), Origin.user(user));
        peer.beforeNextUpdate(() -> peer.userDeletes(id));

        sync();

        assertThat(current(p).firstName()).isEqualTo("Willem");
        assertThat(current(p).lastName()).isEqualTo("Weg");
        assertThat(peer.contents()).doesNotContainKey(id);
    }

    @Test
    void newestWinsTakesThePeerValueWhenThePeerChangedLast() {
        long newest = connections.insert("memory", "phone 3", user, Map.of("contacts.conflictRule", "NEWEST_WINS"), null,
                Instant.now());
        Person p = samples.person("Rik", null, "Laat", user);
        runner.run(newest, "test");
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Rik-crm"), Origin.user(user));
        peers.of(newest).userEdits("koppel-" + p.id(), ContactSlots.GIVEN_NAME, "Rik-phone");

        runner.run(newest, "test");

        assertThat(current(p).firstName()).isEqualTo("Rik-phone");
    }

    @Test
    void aOneWayConnectionCreatesNothingOnTheSideItDoesNotWrite() {
        long inbound = connections.insert("memory", "inbound", user, Map.of("contacts.direction", "PEER_TO_CRM",
                "contacts.creation", "CREATE"), null, Instant.now());
        samples.person("Tom", null, "Binnen", user);
        runner.run(inbound, "test");
        assertThat(peers.of(inbound).contents()).as("nothing sent to the peer").isEmpty();

        long outbound = connections.insert("memory", "outbound", user, Map.of("contacts.direction", "CRM_TO_PEER",
                "contacts.creation", "CREATE"), null, Instant.now());
        peers.of(outbound).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Buiten",
                ContactSlots.EMAIL_HOME, "b@buiten.example")), Set.of());
        long seq = changeLog.lastSeq();
        runner.run(outbound, "test");
        assertThat(changeLog.after(seq, 10)).as("nothing created in Koppel").isEmpty();
    }

    @Test
    void aConnectionMayHaveItsOwnConflictRule() {
        long peerWins = connections.insert("memory", "phone 2", user, Map.of("contacts.conflictRule", "PEER_WINS"), null,
                Instant.now());
        Person p = samples.person("Nina", null, "Vlot", user);
        runner.run(peerWins, "test");
        relations.update(RelationKind.PERSON, p.id(), null, Samples.withFirstName(current(p), "Nienke"), Origin.user(user));
        peers.of(peerWins).userEdits("koppel-" + p.id(), ContactSlots.GIVEN_NAME, "Nina-phone");

        runner.run(peerWins, "test");

        assertThat(current(p).firstName()).isEqualTo("Nina-phone");
    }

    @Test
    void phoneContactsGoToTheImportQueueOrAreCreatedAsTheCreationPolicySays() {
        settings.replace("EMPLOYEE", user, Map.of("contacts.creation", "QUEUE"));
        peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Wachtrij")), Set.of());
        assertThat(sync().items()).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.QUEUED));
        assertThat(queue.waiting(connection)).isEqualTo(1);

        settings.replace("EMPLOYEE", user, Map.of("contacts.creation", "CREATE"));
        String named = peer.userCreates(Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Olaf", ContactSlots.FAMILY_NAME, "Nieuw",
                ContactSlots.EMAIL_HOME, "olaf@nieuw.example")), Set.of());
        String nameless = peer.userCreates(Snapshot.of(Map.of(ContactSlots.TEL_CELL, "06 1234 5678")), Set.of());
        RunReport created = sync();
        assertThat(created.items()).anySatisfy(i -> {
            assertThat(i.peerId()).isEqualTo(named);
            assertThat(i.outcome()).isEqualTo(Outcome.CREATED_IN_CRM);
        }).anySatisfy(i -> {
            assertThat(i.peerId()).isEqualTo(nameless);
            assertThat(i.outcome()).isEqualTo(Outcome.SKIPPED);
        });
        long crmId = peer.stampOf(named);
        Person imported = (Person) relations.find(RelationKind.PERSON, crmId);
        assertThat(imported.privateEmail()).isEqualTo("olaf@nieuw.example");
        assertThat(imported.managerId()).isEqualTo(user);
        assertThat(sync().items()).as("stamped and linked: no second import").noneMatch(i -> named.equals(i.peerId()));

        settings.replace("EMPLOYEE", user, Map.of("contacts.creation", "WHEN_TAGGED"));
        String tagged = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Getagd")), Set.of("CRM"));
        String untagged = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Niet")), Set.of("Friends"));
        RunReport whenTagged = sync();
        assertThat(whenTagged.items()).anySatisfy(i -> {
            assertThat(i.peerId()).isEqualTo(tagged);
            assertThat(i.outcome()).isEqualTo(Outcome.CREATED_IN_CRM);
        }).anySatisfy(i -> {
            assertThat(i.peerId()).isEqualTo(untagged);
            assertThat(i.outcome()).isEqualTo(Outcome.SKIPPED);
        });
        settings.replace("EMPLOYEE", user, Map.of());
    }

    @Test
    void removeFromPeerWhenOutOfScopeDeletesThePeerCopyOnlyWhenSet() {
        Person kept = samples.person("Pim", null, "Blijft", user);
        Person removed = samples.person("Quinten", null, "Weg", user);
        sync();
        relations.update(RelationKind.PERSON, kept.id(), null, Samples.former(current(kept)), Origin.user(user));
        sync();
        assertThat(peer.contents()).containsKey("koppel-" + kept.id());

        settings.replace("EMPLOYEE", user, Map.of("contacts.removeFromPeerWhenOutOfScope", "true"));
        Person r = current(removed);
        relations.update(RelationKind.PERSON, r.id(), null, new Person(r.id(), r.version(), r.initials(), r.firstName(),
                r.callingName(), r.infix(), r.lastName(), r.birthDate(), r.gender(), r.salutation(), r.privateEmail(),
                r.privatePhone(), r.privateMobile(), r.contactRoles(), r.employeeId(), colleague, r.ownerIds(), r.former(),
                r.relationTypes(), r.addresses(), r.comment(), r.customFields(), null, null, null), Origin.user(user));
        sync();
        settings.replace("EMPLOYEE", user, Map.of());

        assertThat(peer.contents()).doesNotContainKey("koppel-" + removed.id());
        assertThat(relations.find(RelationKind.PERSON, removed.id()).deleted()).as("never deleted in the CRM").isFalse();
    }

    @Test
    void aThrottledPeerIsLeftAloneForAsLongAsItAsksAndTheFailureIsReported() {
        samples.person("Uri", null, "Wacht", user);
        peer.throttleOnce(java.time.Duration.ofMinutes(10));

        RunReport failed = sync();

        assertThat(failed.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(failed.errorKind()).isEqualTo("TRANSIENT");
        var c = connections.find(connection).orElseThrow();
        assertThat(c.status()).isEqualTo(Connection.Status.FAILING);
        assertThat(c.statusReason()).contains("429");
        assertThat(jobs.dueBy(connection, Instant.now())).isFalse();
        assertThat(jobs.dueBy(connection, Instant.now().plusSeconds(601))).isTrue();

        assertThat(sync().status()).as("sync now does not wait").isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(connections.find(connection).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(jobs.dueBy(connection, Instant.now().plus(java.time.Duration.ofMinutes(6)))).as("no backoff left: the next pull").isTrue();
    }

    @Test
    void neverTwoRunsOfOneConnectionAtOnce() {
        long token = connections.acquireLease(connection, "another-node", "its-boot", Instant.now(), Instant.now().plusSeconds(60))
                .orElseThrow();
        assertThatThrownBy(() -> sync()).isInstanceOf(org.koppel.crm.ConflictException.class);
        connections.releaseLease(connection, token, Instant.now().minusSeconds(1));
        // (its job, were it to start while the other run holds the lease, would get the same 409 and look again shortly)
        assertThat(jobs.dueBy(connection, Instant.now())).as("asked to run again").isTrue();
        assertThat(sync().status()).isEqualTo(RunReport.Status.SUCCEEDED);
    }

    private org.koppel.security.KoppelUser owner() {
        return new org.koppel.security.KoppelUser(user, "sales", "", org.koppel.crm.employee.EmployeeRole.USER, true, false, null);
    }

    private RunReport sync() {
        return runner.run(connection, "test");
    }

    private Person create(Person p) {
        return (Person) relations.create(p, Origin.system());
    }

    private Person current(Person p) {
        return (Person) relations.find(RelationKind.PERSON, p.id());
    }

}
