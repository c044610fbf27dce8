package org.koppel.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.OutboundPolicy;
import org.koppel.store.ConnectionStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.Samples;
import org.koppel.testkit.sim.Fault;
import org.koppel.testkit.sim.FaultHooks;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.FaultProxy;
import org.koppel.testkit.sim.KillSwitch;
import org.koppel.testkit.sim.KillSwitchPeer;
import org.koppel.testkit.sim.SimPeers;
import org.koppel.testkit.source.SourceFaultHooks;
import org.koppel.testkit.source.SourceServer;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.ObjectMapper;

/**
 * The source connector's promises when the network between Koppel and the source fails: the
 * reference source server behind the real HTTP {@link FaultProxy}, each test naming the one fault it
 * injects at the one exchange it is about. Koppel reaches the source only through the proxy; the
 * source's user edits it directly. Runs on H2 and on PostgreSQL.
 */
abstract class SourceFaultsContract {

    /** Small pages, so a listing of a few dozen relations has a middle a fault can hit. */
    static final int PAGE = 10;

    @Autowired SyncRunner runner;
    @Autowired SyncRunStore runs;
    @Autowired Relations relations;
    @Autowired LinkStore links;
    @Autowired ConnectionStore connections;
    @Autowired SimPeers peers;
    @Autowired Samples samples;
    @Autowired OutboundPolicy outbound;
    @Autowired ObjectMapper json;

    final String tag = UUID.randomUUID().toString().substring(0, 6);
    final KillSwitch kill = new KillSwitch();
    final List<FaultHooks.Call> patches = new ArrayList<>();
    SourceServer source;
    SourceFaultHooks hooks;
    FaultPlan plan;
    FaultProxy proxy;
    long user;
    long connection;

    @BeforeEach
    void startSourceBehindTheProxy() {
        String key = "key-" + UUID.randomUUID();
        source = SourceServer.start("4711", key);
        hooks = new SourceFaultHooks(source);
        plan = new FaultPlan(1, 0);
        proxy = new FaultProxy(source.baseUrl(), plan, countingPatches(hooks), Duration.ofMillis(500));
        user = samples.employee("source-faults");
        connection = connections.insert(SimPeers.TYPE, "source faults " + tag, user, Map.of("relationType.1", "Client",
                "relationType.2", "Opposing party"), null, Instant.now());
        peers.register(connection, DataType.RELATIONS, () -> new KillSwitchPeer(new SourcePeer(new SourceClient(
                proxy.via(source.baseUrl()), "4711", key, outbound, json, Clock.systemUTC()), json, "one mapping", PAGE), kill));
    }

    @AfterEach
    void stop() {
        peers.forget(connection);
        proxy.close();
        source.close();
    }

    /** The hooks, noting every PATCH that reached the proxy. */
    private FaultHooks countingPatches(FaultHooks real) {
        return new FaultHooks() {
            @Override
            public boolean raceable(Call call) {
                if (call.method().equals("PATCH")) {
                    synchronized (patches) {
                        patches.add(call);
                    }
                }
                return real.raceable(call);
            }

            @Override
            public void race(Call call) {
                real.race(call);
            }

            @Override
            public boolean carriesCursor(Call call) {
                return real.carriesCursor(call);
            }

            @Override
            public java.util.Optional<Answer> expireCursor(Call call) {
                return real.expireCursor(call);
            }
        };
    }

    RunReport run() {
        return runner.run(connection, "test");
    }

    RunReport sync() {
        RunReport report = run();
        assertThat(report.status()).as(report.errorMessage()).isEqualTo(RunReport.Status.SUCCEEDED);
        return report;
    }

    /** The run ends as a transient failure with a reason: retried later, nothing refused for good. */
    void failsTransiently(RunReport report) {
        assertThat(report.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(report.errorKind()).isEqualTo("TRANSIENT");
        assertThat(report.errorMessage()).isNotBlank();
    }

    String organisation() {
        return source.createOrganisation(SourceSyncContract.fields("name", "Faults " + tag + " " + UUID.randomUUID(),
                "phone", "+31201234567", "email", "info@faults-" + tag + ".nl", "website", "https://faults-" + tag + ".nl"), "1");
    }

    Organisation imported(String sourceId) {
        long crmId = links.crmIdOf(connection, DataType.RELATIONS, sourceId)
                .orElseThrow(() -> new AssertionError("source relation " + sourceId + " is not linked"));
        return (Organisation) relations.find(RelationKind.ORGANISATION, crmId);
    }

    void editPhoneInKoppel(String sourceId, String phone) {
        Organisation o = imported(sourceId);
        relations.update(RelationKind.ORGANISATION, o.id(), o.version(), new Organisation(o.id(), o.version(), o.name(),
                phone, o.email(), o.website(), o.cocNumber(), o.managerId(), o.ownerIds(), o.former(), o.relationTypes(),
                o.addresses(), o.comment(), o.customFields(), null, null, null), Origin.user(user));
    }

    String there(String sourceId, String field) {
        return source.relation(sourceId).orElseThrow().path(field).asString(null);
    }

    long version(String sourceId) {
        return source.relation(sourceId).orElseThrow().path("version").asLong();
    }

    static Predicate<FaultHooks.Call> patchOf(String sourceId) {
        return call -> call.method().equals("PATCH") && call.path().endsWith("/relations/" + sourceId);
    }

    /** The {@code n}-th change listing from now on (1: the next). */
    static Predicate<FaultHooks.Call> listing(int n) {
        var seen = new AtomicInteger();
        return call -> SourceFaultHooks.isListing(call) && seen.incrementAndGet() == n;
    }

    private void aPatchAppliedWhoseAnswerIsLostConvergesWithoutASecondWrite(Fault lostAnswer) {
        String org = organisation();
        sync();
        editPhoneInKoppel(org, "+31205550001");
        long before = version(org);
        plan.once(lostAnswer, patchOf(org));

        failsTransiently(run());
        assertThat(there(org, "phone")).as("the source applied the PATCH").isEqualTo("+31205550001");
        source.edit(org, "email", "nieuw@faults-" + tag + ".nl");
        int patchesBefore = patches.size();
        sync();
        sync();

        assertThat(there(org, "phone")).isEqualTo("+31205550001");
        assertThat(imported(org).phone()).isEqualTo("+31205550001");
        assertThat(imported(org).email()).as("the source's edit since is merged in, not overwritten").isEqualTo("nieuw@faults-" + tag + ".nl");
        assertThat(there(org, "email")).isEqualTo("nieuw@faults-" + tag + ".nl");
        assertThat(version(org)).as("one PATCH and the user's edit: the edit was not written twice").isEqualTo(before + 2);
        assertThat(patches.size()).as("nothing left to send after the re-read").isEqualTo(patchesBefore);
        assertThat(runs.conflicts(connection)).as("no conflict: each side changed its own field").isEmpty();
    }

    @Test
    void aPatchTheSourceAppliedWhileTheAnswerTimedOutIsNeitherLostNorWrittenTwice() {
        aPatchAppliedWhoseAnswerIsLostConvergesWithoutASecondWrite(Fault.TIMEOUT_AFTER);
    }

    @Test
    void aPatchTheSourceAppliedBeforeTheConnectionWasResetIsNeitherLostNorWrittenTwice() {
        aPatchAppliedWhoseAnswerIsLostConvergesWithoutASecondWrite(Fault.RESET_AFTER);
    }

    @Test
    void aPatchThatTimedOutBeforeReachingTheSourceIsSentByTheNextRun() {
        String org = organisation();
        sync();
        editPhoneInKoppel(org, "+31205550002");
        plan.once(Fault.TIMEOUT_BEFORE, patchOf(org));

        failsTransiently(run());
        assertThat(there(org, "phone")).isEqualTo("+31201234567");
        sync();

        assertThat(there(org, "phone")).isEqualTo("+31205550002");
        assertThat(imported(org).phone()).isEqualTo("+31205550002");
    }

    @Test
    void aServerErrorMidListingNeverMovesTheCursorPastPagesNotProcessed() {
        List<String> orgs = editedOverThreePages();

        plan.once(Fault.SERVER_ERROR, listing(2));
        RunReport hit = run(); // 500 and 502 fail the run; a 503 is waited out inside it
        RunReport next = sync();

        if (hit.status() != RunReport.Status.SUCCEEDED) failsTransiently(hit);
        assertThat(updated(hit) + updated(next)).as("every page, once").isEqualTo(orgs.size());
        for (String org : orgs) assertThat(imported(org).phone()).isEqualTo("+3120" + (1_000_000 + orgs.indexOf(org)));
    }

    @Test
    void throttlingMidListingIsWaitedOutInsideTheRunSkippingNothing() {
        List<String> orgs = editedOverThreePages();

        plan.once(Fault.THROTTLED, listing(3));
        RunReport report = sync();

        assertThat(plan.applied()).containsEntry(Fault.THROTTLED, 1L);
        assertThat(report.totals().get(DataType.RELATIONS).updated()).as("every page, once").isEqualTo(orgs.size());
        for (String org : orgs) assertThat(imported(org).phone()).isEqualTo("+3120" + (1_000_000 + orgs.indexOf(org)));
    }

    /** Three pages of organisations, each edited in the source since the last run. */
    private List<String> editedOverThreePages() {
        List<String> orgs = new ArrayList<>();
        for (int i = 0; i < 3 * PAGE; i++) orgs.add(organisation());
        sync();
        for (String org : orgs) source.edit(org, "phone", "+3120" + (1_000_000 + orgs.indexOf(org)));
        return orgs;
    }

    private static int updated(RunReport report) {
        return report.totals() == null || report.totals().get(DataType.RELATIONS) == null ? 0
                : report.totals().get(DataType.RELATIONS).updated();
    }

    @Test
    void aSourceEditRacingKoppelsPatchIsReadMergedAndWrittenAgainLosingNeither() {
        String org = organisation();
        sync();
        editPhoneInKoppel(org, "+31205550003");
        hooks.onRace(id -> source.edit(id, "website", "https://raced-" + tag + ".nl"));
        plan.once(Fault.PRECONDITION_RACE, patchOf(org));

        sync();
        sync();

        assertThat(plan.applied()).containsEntry(Fault.PRECONDITION_RACE, 1L);
        assertThat(there(org, "phone")).as("Koppel's edit written again after the 412").isEqualTo("+31205550003");
        assertThat(there(org, "website")).as("the racing source edit kept").isEqualTo("https://raced-" + tag + ".nl");
        assertThat(imported(org).website()).isEqualTo("https://raced-" + tag + ".nl");
        assertThat(imported(org).phone()).isEqualTo("+31205550003");
        assertThat(runs.conflicts(connection)).isEmpty();
    }

    @Test
    void aRacingSourceEditOfTheSameFieldIsAConflictWhoseLosingValueIsLogged() {
        String org = organisation();
        sync();
        editPhoneInKoppel(org, "+31205550004");
        hooks.onRace(id -> source.edit(id, "phone", "+31205559999"));
        plan.once(Fault.PRECONDITION_RACE, patchOf(org));

        sync();
        sync();

        String agreed = there(org, "phone");
        assertThat(imported(org).phone()).isEqualTo(agreed);
        assertThat(agreed).isIn("+31205550004", "+31205559999");
        String lost = agreed.equals("+31205550004") ? "+31205559999" : "+31205550004";
        assertThat(runs.conflicts(connection)).singleElement().satisfies(c -> assertThat(c.losingValue()).isEqualTo(lost));
    }

    @Test
    void aBrokenOrCutOffJsonBodyFailsTheRunWithAReasonAndTheNextRunLosesNothing() {
        List<String> orgs = new ArrayList<>();
        for (int i = 0; i < 2 * PAGE; i++) orgs.add(organisation());

        plan.once(Fault.MALFORMED_BODY, listing(1));
        failsTransiently(run());
        plan.once(Fault.TRUNCATED_BODY, listing(2));
        failsTransiently(run());
        assertThat(links.all(connection, DataType.RELATIONS)).as("nothing imported from a listing read only in part").isEmpty();
        RunReport report = sync();
        assertThat(report.totals().get(DataType.RELATIONS).created()).isEqualTo(orgs.size());

        String org = orgs.getFirst();
        editPhoneInKoppel(org, "+31205550005");
        plan.once(Fault.MALFORMED_BODY, patchOf(org));
        failsTransiently(run());
        sync();
        assertThat(there(org, "phone")).isEqualTo("+31205550005");
        assertThat(imported(org).name()).as("no garbled answer became the relation's values").startsWith("Faults " + tag);
        assertThat(imported(org).website()).isEqualTo("https://faults-" + tag + ".nl");
        assertThat(links.all(connection, DataType.RELATIONS)).hasSize(orgs.size());
    }

    @Test
    void aRunKilledMidImportImportsEveryRelationExactlyOnceWhenRunAgain() {
        // An organisation whose type is not mapped, passed over by an earlier run: a contact person made
        // for it later makes the import read that organisation from the source, a peer call in the
        // middle of the imports, where the run dies. (One listed in the same run is decided already.)
        String unmapped = source.createOrganisation(SourceSyncContract.fields("name", "Unmapped " + tag), "6");
        assertThat(sync().totals().get(DataType.RELATIONS).created()).isZero();
        String early = source.createContactPerson(organisation(), SourceSyncContract.fields("lastName", "Vroeg" + tag), "1");
        String ofUnmapped = source.createContactPerson(unmapped, SourceSyncContract.fields("lastName", "Elders" + tag), "1");
        String late = source.createContactPerson(organisation(), SourceSyncContract.fields("lastName", "Laat" + tag), "1");
        String individual = source.createPrivateIndividual(SourceSyncContract.fields("name", "Particulier" + tag), "2");
        kill.killAfter(1);

        // The runner records the kill as a failed run; nothing of the engine handled it.
        assertThat(run().status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(kill.kills()).isEqualTo(1);
        int linkedWhenKilled = links.all(connection, DataType.RELATIONS).size();
        assertThat(linkedWhenKilled).as("killed after some imports, before the last").isBetween(1, 4);
        RunReport again = sync();

        assertThat(links.all(connection, DataType.RELATIONS)).as("two organisations, two contact persons, one individual")
                .hasSize(5);
        assertThat(again.totals().get(DataType.RELATIONS).created()).isEqualTo(5 - linkedWhenKilled);
        for (String id : List.of(early, late, individual)) {
            assertThat(links.crmIdOf(connection, DataType.RELATIONS, id)).as(id).isPresent();
        }
        assertThat(links.crmIdOf(connection, DataType.RELATIONS, ofUnmapped)).isEmpty();
        assertThat(sync().totals().get(DataType.RELATIONS).created()).isZero();
    }
}
