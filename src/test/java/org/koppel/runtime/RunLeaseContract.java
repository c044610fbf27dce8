package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.ConflictException;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Relations;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.store.ImportQueueStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.RunReport;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.MemoryContactPeer;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The run lease (issue 10): a restarted node frees what its earlier process held and syncs at once;
 * a short lease kept alive by a heartbeat; a fencing token so a run that lost its lease writes
 * nothing; a pause stops a run under way; a throttled connection runs again when the wait is over.
 * Time is moved by passing instants, never by sleeping.
 */
abstract class RunLeaseContract {

    @Autowired SyncRunner runner;
    @Autowired SyncJobs jobs;
    @Autowired ConnectionStore connections;
    @Autowired Connections connectionService;
    @Autowired SyncRunStore runs;
    @Autowired LinkStore links;
    @Autowired MemoryPeers peers;
    @Autowired Samples samples;
    @Autowired LeaseRecovery recovery;
    @Autowired RunHeartbeat heartbeat;
    @Autowired NodeIdentity node;
    @Autowired JdbcClient jdbc;
    @Autowired SyncSettings settings;
    @Autowired ImportQueueStore queue;
    @Autowired Employees employees;
    @Autowired Relations relationsOf;
    @Value("${koppel.sync.pull-interval}") Duration pullInterval;

    long user;
    long connection;
    MemoryContactPeer peer;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        user = samples.employee("lease-" + System.nanoTime());
        connection = connections.insert("memory", "phone", user, Map.of(), null, Instant.now());
        peer = peers.of(connection);
    }

    @AfterEach
    void letHangingPeersGo() {
        release.countDown();
    }

    // ---- crash recovery ------------------------------------------------------------------------

    @Test
    void aRestartedNodeFreesTheLeaseItsEarlierProcessHeldClosesItsRunAsInterruptedAndSyncsAtOnce() {
        samples.person("Herstart", null, "Direct", user);
        Instant killedAt = Instant.now();
        // The state kill -9 leaves: this node's earlier process holds the lease, its run says RUNNING.
        connections.acquireLease(connection, node.nodeId(), "earlier-boot", killedAt, killedAt.plusSeconds(60)).orElseThrow();
        long killed = runs.start(connection, "scheduled", killedAt);
        assertThatThrownBy(() -> runner.run(connection, "sync-now")).as("before recovery: syncing right now")
                .isInstanceOf(ConflictException.class);

        assertThat(recovery.recover()).contains(connection);

        RunReport closed = runs.find(killed).orElseThrow();
        assertThat(closed.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(closed.errorKind()).isEqualTo("INTERRUPTED");
        assertThat(closed.errorMessage()).startsWith("interrupted: Koppel was restarted");
        assertThat(runs.running(connection, Instant.now())).as("progress no longer says running").isEmpty();
        Instant now = Instant.now();
        assertThat(jobs.dueBy(connection, now)).as("due now, not after the pull interval or the lease")
                .isTrue();
        RunReport next = runner.run(connection, "scheduled");
        assertThat(next.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(peer.contents()).hasSize(1);
    }

    @Test
    void aNodeLeavesTheLeasesOfOtherNodesAndOfItsOwnProcessAlone() {
        long other = connections.insert("memory", "other", user, Map.of(), null, Instant.now());
        connections.acquireLease(connection, "another-node", "its-boot", Instant.now(), Instant.now().plusSeconds(60))
                .orElseThrow();
        connections.acquireLease(other, node.nodeId(), node.bootId(), Instant.now(), Instant.now().plusSeconds(60))
                .orElseThrow();

        assertThat(recovery.recover()).doesNotContain(connection, other);
        assertThatThrownBy(() -> runner.run(connection, "sync-now")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> runner.run(other, "sync-now")).isInstanceOf(ConflictException.class);
    }

    @Test
    void aDeadNodesConnectionIsTakenOverWithinAMinuteNotHalfAnHour() {
        Instant now = Instant.now();
        connections.acquireLease(connection, "dead-node", "its-boot", now, now.plus(heartbeat.lease())).orElseThrow();

        assertThat(heartbeat.lease()).isEqualTo(Duration.ofSeconds(45));
        assertThat(connections.acquireLease(connection, node.nodeId(), node.bootId(), now.plusSeconds(46), now.plusSeconds(91)))
                .as("free 45 s after its last heartbeat").isPresent();
    }

    @Test
    void aRunThatLivesLongerThanItsLeaseKeepsItThroughItsHeartbeat() {
        samples.person("Lang", null, "Lopend", user);
        var leaseAfterBeat = new java.util.ArrayList<Instant>();
        peer.duringCreateAll = () -> {
            // the lease nearly run out, as after 40 s of a long peer call
            jdbc.sql("UPDATE connection SET run_lease_until = ? WHERE id = ?")
                    .params(Timestamp.from(Instant.now().plusSeconds(5)), connection).update();
            heartbeat.beat();
            leaseAfterBeat.add(leaseUntil());
        };

        assertThat(runner.run(connection, "test").status()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(leaseAfterBeat.getFirst()).as("renewed to a full lease").isAfter(Instant.now().plusSeconds(35));
    }

    // ---- fencing ---------------------------------------------------------------------------------

    @Test
    void aRunThatStalledPastItsLeaseAndWasTakenOverSavesNoLinkNorCursorNorFreesTheNewLease() {
        samples.person("Traag", null, "Knooppunt", user);
        var takenOver = new long[1];
        peer.duringCreateAll = () -> {
            // This node stalls (a GC pause) past its lease; another node takes the connection over.
            jdbc.sql("UPDATE connection SET run_lease_until = ? WHERE id = ?")
                    .params(Timestamp.from(Instant.now().minusSeconds(1)), connection).update();
            takenOver[0] = connections.acquireLease(connection, "another-node", "its-boot", Instant.now(),
                    Instant.now().plusSeconds(60)).orElseThrow();
        };

        RunReport stalled = runner.run(connection, "test");

        assertThat(links.all(connection, DataType.CONTACTS)).as("no link stored by the stalled run").isEmpty();
        assertThat(connections.cursor(connection, DataType.CONTACTS).orElseThrow().peer())
                .as("no peer cursor saved by the stalled run").isNull();
        assertThat(stalled.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(stalled.errorKind()).isEqualTo("LEASE_LOST");
        assertThat(stalled.errorMessage()).startsWith("lease lost");
        assertThat(jdbc.sql("SELECT lease_node FROM connection WHERE id = ?").param(connection).query(String.class).single())
                .as("the new holder keeps its lease").isEqualTo("another-node");
        assertThat(leaseUntil()).isAfter(Instant.now());
        assertThat(connections.renewLease(connection, takenOver[0], Instant.now().plusSeconds(60))).isTrue();
    }

    @Test
    void aRunThatStalledPastItsLeaseQueuesNothingForImportOverTheRunThatTookOver() {
        settings.replace("EMPLOYEE", user, Map.of("contacts.creation", "QUEUE"));
        peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Wachtrij")), Set.of());
        peer.duringListing = () -> {
            // Stalled past the lease (a GC pause) while listing; another node takes the connection over.
            jdbc.sql("UPDATE connection SET run_lease_until = ? WHERE id = ?")
                    .params(Timestamp.from(Instant.now().minusSeconds(1)), connection).update();
            connections.acquireLease(connection, "another-node", "its-boot", Instant.now(), Instant.now().plusSeconds(60))
                    .orElseThrow();
        };

        RunReport stalled = runner.run(connection, "test");

        assertThat(stalled.errorKind()).isEqualTo("LEASE_LOST");
        assertThat(queue.ofConnection(connection)).as("an entry the run that took over may have queued anew").isEmpty();
    }

    // ---- pause stops a run -----------------------------------------------------------------------

    @Test
    void aPauseOnAnyNodeStopsARunHangingOnItsPeerAtTheNextHeartbeatAndFreesTheConnection() throws Exception {
        var run = startHangingRun();

        connections.setStatus(connection, Connection.Status.PAUSED, "paused on another node", Instant.now());
        heartbeat.beat();

        RunReport stopped = run.get(10, TimeUnit.SECONDS);
        assertStoppedByPause(stopped);
    }

    @Test
    void pausingOnThisNodeStopsItsHangingRunAtOnce() throws Exception {
        var run = startHangingRun();

        connectionService.pause(connection, owner());

        RunReport stopped = run.get(10, TimeUnit.SECONDS);
        assertStoppedByPause(stopped);
        assertThat(connections.find(connection).orElseThrow().status()).isEqualTo(Connection.Status.PAUSED);
    }

    @Test
    void deactivatingTheOwnerStopsItsConnectionsHangingRunAtOnce() throws Exception {
        // An employee who manages relations cannot be deactivated: this one is only an owner.
        jdbc.sql("UPDATE connection SET settings = ? WHERE id = ?").params("{\"contacts.scope\":\"OWNER\"}", connection)
                .update();
        long colleague = samples.employee("colleague-" + System.nanoTime());
        var run = startHangingRun(() -> relationsOf.create(Samples.person("Hangt", null, "Vast", colleague, List.of(user)),
                Origin.system()));
        Employee owner = employees.find(user);

        employees.update(user, owner.version(), new Employee(owner.id(), owner.version(), owner.login(),
                owner.displayName(), owner.emails(), owner.role(), false, owner.personId(), null, null), Origin.system());

        RunReport stopped = run.get(10, TimeUnit.SECONDS);
        assertStoppedByPause(stopped);
        assertThat(connections.find(connection).orElseThrow().statusReason()).isEqualTo("the owner's account was deactivated");
    }

    /** A run whose peer call hangs (a server that never answers) until it is interrupted. */
    private CompletableFuture<RunReport> startHangingRun() throws InterruptedException {
        return startHangingRun(() -> samples.person("Hangt", null, "Vast", user));
    }

    private CompletableFuture<RunReport> startHangingRun(Runnable personInScope) throws InterruptedException {
        personInScope.run();
        var entered = new CountDownLatch(1);
        peer.duringCreateAll = () -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
        };
        var run = CompletableFuture.supplyAsync(() -> runner.run(connection, "test"),
                Executors.newVirtualThreadPerTaskExecutor());
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the run reached the hanging peer").isTrue();
        return run;
    }

    private void assertStoppedByPause(RunReport stopped) {
        assertThat(stopped.status()).isEqualTo(RunReport.Status.FAILED);
        assertThat(stopped.errorKind()).isEqualTo("CANCELLED");
        assertThat(stopped.errorMessage()).startsWith("paused during the run");
        assertThat(runs.running(connection, Instant.now())).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM connection WHERE id = ? AND run_lease_until IS NULL").param(connection)
                .query(Long.class).single()).as("the connection is free").isEqualTo(1);
        assertThat(links.all(connection, DataType.CONTACTS)).isEmpty();
    }

    // ---- Retry-After ----------------------------------------------------------------------------

    @Test
    void aThrottledConnectionRunsAgainWhenTheRetryAfterIsOverNotAtTheNextPull() {
        samples.person("Uri", null, "Wacht", user);
        peer.throttleOnce(Duration.ofSeconds(40));
        Instant before = Instant.now();

        RunReport failed = runner.run(connection, "scheduled");

        Instant after = Instant.now();
        assertThat(failed.errorKind()).isEqualTo("TRANSIENT");
        Instant retry = jdbc.sql("SELECT retry_not_before FROM connection WHERE id = ?").param(connection)
                .query(Timestamp.class).single().toInstant();
        assertThat(retry).as("exactly the 40 s asked").isBetween(before.plusSeconds(40), after.plusSeconds(40));
        assertThat(jobs.dueBy(connection, retry.minusSeconds(1))).as("not before the wait is over").isFalse();
        assertThat(jobs.dueBy(connection, retry))
                .as("due when the wait is over, though the last run was 40 s ago").isTrue();
        assertThat(runner.run(connection, "scheduled").status()).isEqualTo(RunReport.Status.SUCCEEDED);
    }

    private Instant leaseUntil() {
        return jdbc.sql("SELECT run_lease_until FROM connection WHERE id = ?").param(connection).query(Timestamp.class)
                .single().toInstant();
    }

    private KoppelUser owner() {
        return new KoppelUser(user, "lease", "", EmployeeRole.USER, true, false, null);
    }
}
