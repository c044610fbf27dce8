package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncJobStore;
import org.koppel.testkit.Eventually;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.kagkarlsson.scheduler.Scheduler;

/**
 * The connections' jobs on db-scheduler (issue 16): every connection has one, due runs run, "run soon"
 * moves it to now, backoff and pause hold it, deletion removes it, the oldest due runs first, and two
 * schedulers on one database never run one connection twice at once. Schedulers are built here with
 * short intervals; nothing is timed, the tests wait for outcomes.
 */
abstract class SyncJobsContract {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired DataSource dataSource;
    @Autowired ConnectionStore connections;
    @Autowired SyncJobStore jobStore;
    @Autowired SyncJobs jobs;
    @Autowired MemoryPeers peers;
    @Autowired Samples samples;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;
    @Autowired io.micrometer.core.instrument.MeterRegistry registry;

    final List<Scheduler> started = new ArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    long user;

    @BeforeEach
    void setUp() {
        user = samples.employee("jobs-" + System.nanoTime());
        // The test database is shared: other tests' connections are not this test's to run.
        jdbc.sql("UPDATE scheduled_tasks SET execution_time = ? WHERE picked = FALSE")
                .param(Timestamp.from(Instant.now().plus(Duration.ofDays(1)))).update();
    }

    @AfterEach
    void stopSchedulers() {
        release.countDown();
        started.forEach(Scheduler::stop);
    }

    Scheduler scheduler(String name, int workers, List<ClusterJob> clusterJobs) {
        var settings = new JobScheduler.Settings(workers, Duration.ofMillis(100), Duration.ofMillis(200), 4);
        Scheduler scheduler = JobScheduler.build(dataSource, name + "-" + System.nanoTime(), settings, clock, jobs, clusterJobs);
        started.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    long connection() {
        return connections.insert("memory", "phone", user, Map.of(), null, Instant.now());
    }

    int runsOf(long connection) {
        return jdbc.sql("SELECT COUNT(*) FROM sync_run WHERE connection_id = ? AND finished_at IS NOT NULL")
                .param(connection).query(Integer.class).single();
    }

    void jobAt(long connection, Instant at) {
        jdbc.sql("UPDATE scheduled_tasks SET execution_time = ? WHERE task_name = 'sync-connection' AND task_instance = ?")
                .params(Timestamp.from(at), Long.toString(connection)).update();
    }

    @Test
    void aNewConnectionHasItsJobDueAtOnce() {
        Instant before = Instant.now();
        long c = connection();
        assertThat(jobStore.nextRun(c)).hasValueSatisfying(at -> assertThat(at).isBetween(before.minusSeconds(1), Instant.now()));
        assertThat(priority(c)).as("a first sync").isEqualTo(SyncJobStore.FIRST);
    }

    @Test
    void theGaugesCountTheDueUnpickedJobsAndTheOldestOnesWait() {
        long waiting = connection();
        long newer = connection();
        long later = connection();
        jobAt(waiting, Instant.now().minusSeconds(30));
        jobAt(newer, Instant.now().minusSeconds(10));
        jobAt(later, Instant.now().plusSeconds(60));
        assertThat(registry.get("koppel.sync.jobs.due").gauge().value()).isEqualTo(2);
        assertThat(registry.get("koppel.sync.pull.lag").gauge().value()).isBetween(30.0, 90.0);

        jdbc.sql("UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'some-node' WHERE task_instance = ?")
                .param(Long.toString(waiting)).update();
        assertThat(registry.get("koppel.sync.jobs.due").gauge().value()).as("picked: under way, not waiting").isEqualTo(1);
        assertThat(registry.get("koppel.sync.pull.lag").gauge().value()).isBetween(10.0, 29.0);
        jdbc.sql("UPDATE scheduled_tasks SET picked = FALSE, picked_by = NULL WHERE task_instance = ?").param(Long.toString(waiting)).update();
    }

    @Test
    void aConnectionWithoutAJobGetsOneAtStart() {
        long c = connection();
        jdbc.sql("DELETE FROM scheduled_tasks WHERE task_name = 'sync-connection' AND task_instance = ?").param(Long.toString(c)).update();
        assertThat(jobStore.addMissing(Instant.now())).isGreaterThanOrEqualTo(1);
        assertThat(jobStore.nextRun(c)).isPresent();
        assertThat(jobStore.addMissing(Instant.now())).as("each gets one job").isZero();
    }

    @Test
    void aDueJobRunsItsConnectionAndItsNextPullIsItsOwnMomentInTheNextInterval() {
        long c = connection();
        scheduler("one", 2, List.of());
        Eventually.until(WAIT, "the connection ran", () -> runsOf(c) == 1 && jobStore.nextRun(c).isPresent());
        Instant lastRun = jdbc.sql("SELECT last_run_at FROM connection WHERE id = ?").param(c).query(Timestamp.class).single().toInstant();
        Duration pull = Duration.ofMinutes(5);
        assertThat(jobStore.nextRun(c)).hasValue(jobs.nextPull(c, lastRun));
        assertThat(jobStore.nextRun(c)).hasValueSatisfying(next -> assertThat(next)
                .isBetween(lastRun.plus(pull.dividedBy(10)), lastRun.plus(pull.multipliedBy(11).dividedBy(10))));
        assertThat(priority(c)).as("a periodic pull").isEqualTo(SyncJobStore.PULL);
    }

    @Test
    void theRunReportSaysWhyTheJobRanAFirstSyncARequestOrThePull() {
        long c = connection();
        scheduler("one", 1, List.of());
        Eventually.until(WAIT, "the first sync", () -> runsOf(c) == 1);
        connections.requestRun(c);
        Eventually.until(WAIT, "the asked run, its job rescheduled", () -> runsOf(c) == 2 && jobStore.nextRun(c).isPresent());
        // the pull interval has passed: its connection's state, not only the job's time, makes the job run
        jdbc.sql("UPDATE connection SET last_run_at = ? WHERE id = ?").params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))), c).update();
        jobAt(c, Instant.now());
        Eventually.until(WAIT, "the pull", () -> runsOf(c) == 3);
        assertThat(jdbc.sql("SELECT run_trigger FROM sync_run WHERE connection_id = ? ORDER BY id").param(c).query(String.class).list())
                .containsExactly("first", "requested", "scheduled");
    }

    int priority(long connection) {
        return jdbc.sql("SELECT priority FROM scheduled_tasks WHERE task_name = 'sync-connection' AND task_instance = ?")
                .param(Long.toString(connection)).query(Integer.class).single();
    }

    @Test
    void aRunAskedForGoesBeforeABacklogOfFirstSyncsWhichGoBeforeDuePulls() {
        var late = new ArrayList<Long>();
        for (int i = 0; i < 4; i++) {
            long c = connection();
            late.add(c);
            jdbc.sql("UPDATE scheduled_tasks SET execution_time = ?, priority = ? WHERE task_name = 'sync-connection' AND task_instance = ?")
                    .params(Timestamp.from(Instant.now().minus(Duration.ofMinutes(10 - i))), SyncJobStore.PULL, Long.toString(c)).update();
        }
        var firsts = new ArrayList<Long>();
        for (int i = 0; i < 2; i++) {
            long c = connection();
            firsts.add(c);
            jobAt(c, Instant.now().minus(Duration.ofMinutes(2 - i)));
        }
        long edited = connection();
        jobAt(edited, Instant.now().plus(Duration.ofMinutes(3)));
        jdbc.sql("UPDATE scheduled_tasks SET priority = ? WHERE task_instance = ?").params(SyncJobStore.PULL, Long.toString(edited)).update();
        connections.requestRun(edited);
        assertThat(priority(edited)).isEqualTo(SyncJobStore.ASKED);

        scheduler("one", 1, List.of());
        var mine = new ArrayList<>(firsts);
        mine.addAll(late);
        mine.add(edited);
        Eventually.until(WAIT, "all ran", () -> mine.stream().allMatch(c -> runsOf(c) >= 1));
        List<Long> order = jdbc.sql("SELECT connection_id FROM sync_run WHERE connection_id IN (:ids) ORDER BY id")
                .param("ids", mine).query(Long.class).list();
        assertThat(order.getFirst()).as("the edit's run went before pulls due for minutes").isEqualTo(edited);
        assertThat(order.subList(1, 3)).as("then the first syncs, though due later than the pulls").containsExactlyElementsOf(firsts);
        assertThat(order.subList(3, order.size())).as("then the pulls, oldest due first").containsExactlyElementsOf(late);
    }

    @Test
    void requestRunMovesTheJobToNowUnlessWaitingOutABackoff() {
        long asked = connection();
        long throttled = connection();
        Instant later = Instant.now().plus(Duration.ofMinutes(4));
        jobAt(asked, later);
        jobAt(throttled, later);
        connections.retryNotBefore(throttled, Instant.now().plus(Duration.ofHours(1)));

        connections.requestRuns(List.of(asked, throttled));

        assertThat(jobStore.nextRun(asked)).hasValueSatisfying(at -> assertThat(at).isBeforeOrEqualTo(Instant.now()));
        assertThat(jobStore.nextRun(throttled)).as("the backoff is waited out").hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now()));
        assertThat(jobs.dueAt(throttled)).hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now().plus(Duration.ofMinutes(59))));
    }

    @Test
    void aRequestDuringARunGivesASecondRunRightAfterIt() {
        long c = connection();
        var asked = new AtomicInteger();
        peers.of(c).duringListing = () -> {
            if (asked.getAndIncrement() == 0) connections.requestRun(c);
        };
        scheduler("one", 2, List.of());
        Eventually.until(WAIT, "a second run after the request", () -> runsOf(c) == 2);
    }

    @Test
    void aThrottledConnectionWaitsOutItsBackoff() {
        long c = connection();
        connections.retryNotBefore(c, Instant.now().plus(Duration.ofHours(1)));
        connections.requestRun(c);
        scheduler("one", 2, List.of());
        Eventually.until(WAIT, "the job looked and moved to the end of the wait", () -> jobStore.nextRun(c)
                .filter(at -> at.isAfter(Instant.now().plus(Duration.ofMinutes(59)))).isPresent());
        assertThat(runsOf(c)).isZero();
    }

    @Test
    void aJobWhoseConnectionIsRunningElsewhereLooksAgainShortlyNotInABusyLoop() {
        long c = connection();
        // a person's "sync now" (or a stalled node) holds the lease
        connections.acquireLease(c, "web-request", "its-boot", Instant.now(), Instant.now().plusSeconds(600)).orElseThrow();
        scheduler("one", 2, List.of());
        Eventually.until(WAIT, "the job met the lease and moved on", () -> jobStore.nextRun(c)
                .filter(at -> at.isAfter(Instant.now().plusSeconds(5))).isPresent());
        assertThat(jobStore.nextRun(c)).hasValueSatisfying(at -> assertThat(at).isBefore(Instant.now().plusSeconds(11)));
        assertThat(runsOf(c)).isZero();
    }

    @Test
    void aJobThatMeetsADeadNodesLeaseLooksAgainWhenTheLeaseRunsOutAndThenRuns() {
        long c = connection();
        // its node died: nobody renews it; it runs out sooner than the 10 s a busy job waits otherwise
        connections.acquireLease(c, "dead-node", "its-boot", Instant.now(), Instant.now().plusSeconds(8)).orElseThrow();
        Instant leaseUntil = jdbc.sql("SELECT run_lease_until FROM connection WHERE id = ?").param(c)
                .query(Timestamp.class).single().toInstant();
        scheduler("one", 2, List.of());
        Eventually.until(WAIT, "the job met the lease", () -> jobStore.nextRun(c).filter(at -> at.isAfter(Instant.now())).isPresent());
        assertThat(jobStore.nextRun(c)).as("looks again when the lease runs out, not 10 s on").hasValue(leaseUntil);
        assertThat(runsOf(c)).isZero();
        Eventually.until(WAIT, "it ran once the lease ran out", () -> runsOf(c) == 1);
    }

    @Test
    void aRequestMadeWhileTheJobWasStillPickedAfterItsRunIsTakenUpOnceTheJobIsRescheduled() {
        long asked = connection();
        long quiet = connection();
        Instant later = Instant.now().plus(Duration.ofMinutes(4));
        for (long c : List.of(asked, quiet)) {
            // the run is over, the scheduler read the state (no request) and has not yet rescheduled: still picked
            jdbc.sql("UPDATE connection SET last_run_at = ?, run_requested = FALSE WHERE id = ?").params(Timestamp.from(Instant.now()), c).update();
            jdbc.sql("UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'this-node' WHERE task_name = 'sync-connection' AND task_instance = ?")
                    .param(Long.toString(c)).update();
        }
        connections.requestRun(asked); // an edit's fan-out: it leaves a picked job alone
        for (long c : List.of(asked, quiet)) {
            // the reschedule for the next pull, decided before the request
            jdbc.sql("UPDATE scheduled_tasks SET picked = FALSE, picked_by = NULL, execution_time = ?, priority = ? WHERE task_name = 'sync-connection' AND task_instance = ?")
                    .params(Timestamp.from(later), SyncJobStore.PULL, Long.toString(c)).update();
        }

        connections.takeUpRequestMadeWhilePicked(asked);
        connections.takeUpRequestMadeWhilePicked(quiet);

        assertThat(jobStore.nextRun(asked)).hasValueSatisfying(at -> assertThat(at).isBeforeOrEqualTo(Instant.now()));
        assertThat(priority(asked)).isEqualTo(SyncJobStore.ASKED);
        assertThat(jobStore.nextRun(quiet)).as("nothing asked: its pull stays").hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now().plusSeconds(60)));
    }

    @Test
    void aPausedConnectionNeverRunsAndRunsOnceResumed() {
        long c = connection();
        connections.setStatus(c, Connection.Status.PAUSED, "paused by test", Instant.now());
        scheduler("one", 2, List.of());
        Eventually.until(WAIT, "the job looked and moved on", () -> jobStore.nextRun(c)
                .filter(at -> at.isAfter(Instant.now().plus(Duration.ofMinutes(1)))).isPresent());
        connections.requestRun(c);
        assertThat(jobStore.nextRun(c)).as("a paused connection's job is not moved").hasValueSatisfying(
                at -> assertThat(at).isAfter(Instant.now()));
        assertThat(runsOf(c)).isZero();

        connections.setStatus(c, Connection.Status.ACTIVE, null, Instant.now()); // what Connections.resume does
        connections.requestRun(c);
        Eventually.until(WAIT, "runs once resumed", () -> runsOf(c) == 1);
    }

    @Test
    void deletingAConnectionRemovesItsJobAlsoDuringItsRun() throws Exception {
        long idle = connection();
        connections.delete(idle);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = ?").param(Long.toString(idle))
                .query(Integer.class).single()).isZero();

        long running = connection();
        var entered = new CountDownLatch(1);
        peers.of(running).duringListing = () -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        scheduler("one", 2, List.of());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        connections.delete(running);
        release.countDown();
        Eventually.until(WAIT, "the running job removed itself", () -> jdbc.sql(
                "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = ?").param(Long.toString(running))
                .query(Integer.class).single() == 0);
    }

    @Test
    void theOldestDueRunsFirstSoEachRunsBeforeAnyRunsTwice() {
        var ids = new ArrayList<Long>();
        for (int i = 0; i < 12; i++) ids.add(connection());
        for (long c : ids) {
            connections.requestRun(c); // all of one priority (asked): the order among equals is what is fair
            // each run asks for another at once: with one worker, only the order of the jobs keeps it fair
            peers.of(c).duringListing = () -> {
                if (runsOf(c) < 2) connections.requestRun(c);
            };
        }
        scheduler("one", 1, List.of());
        Eventually.until(WAIT, "every one ran twice", () -> ids.stream().allMatch(c -> runsOf(c) >= 2));
        List<Long> order = jdbc.sql("SELECT connection_id FROM sync_run WHERE connection_id IN (:ids) ORDER BY id")
                .param("ids", ids).query(Long.class).list();
        assertThat(new HashSet<>(order.subList(0, ids.size()))).as("each ran before any ran twice").hasSize(ids.size());
    }

    @Test
    void twoSchedulersShareTheConnectionsAndNeverRunOneTwiceAtOnce() {
        var ids = new ArrayList<Long>();
        for (int i = 0; i < 100; i++) ids.add(connection());
        Set<String> pickers = ConcurrentHashMap.newKeySet();
        for (long c : ids) {
            peers.of(c).duringListing = () -> {
                pickers.addAll(jdbc.sql("SELECT picked_by FROM scheduled_tasks WHERE task_instance = ? AND picked = TRUE")
                        .param(Long.toString(c)).query(String.class).list());
                if (runsOf(c) < 3) connections.requestRun(c);
            };
        }
        scheduler("node-a", 4, List.of());
        scheduler("node-b", 4, List.of());
        Eventually.until(WAIT.multipliedBy(3), "every connection ran three times", () -> ids.stream().allMatch(c -> runsOf(c) >= 3));
        started.forEach(Scheduler::stop); // lets the runs under way end
        started.clear();

        assertThat(pickers.stream().map(name -> name.substring(0, 6)).distinct()).as("both did work")
                .containsExactlyInAnyOrder("node-a", "node-b");
        for (long c : ids) {
            var runs = jdbc.sql("SELECT started_at, finished_at FROM sync_run WHERE connection_id = ? ORDER BY started_at")
                    .param(c).query((rs, row) -> new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()})
                    .list();
            for (int i = 1; i < runs.size(); i++) {
                assertThat(runs.get(i)[0]).as("run %d of connection %d starts after the one before ended", i, c)
                        .isAfterOrEqualTo(runs.get(i - 1)[1]);
            }
        }
    }

    @Test
    void aDeadSchedulersJobIsRunByAnotherAfterDeadDetection() {
        long c = connection();
        // What a node killed mid-run leaves (kill -9: no cleanup): its job picked with its heartbeats
        // stopped, and the connection's lease, which runs out a little later.
        Instant killedAt = Instant.now();
        jdbc.sql("""
                UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'killed-node', last_heartbeat = ?, execution_time = ?
                WHERE task_name = 'sync-connection' AND task_instance = ?""")
                .params(Timestamp.from(killedAt), Timestamp.from(killedAt), Long.toString(c)).update();
        connections.acquireLease(c, "killed-node", "its-boot", killedAt, killedAt.plusSeconds(3)).orElseThrow();

        scheduler("survivor", 2, List.of());
        Eventually.until(WAIT, "the survivor ran it, once dead detection and the lease let it", () -> runsOf(c) == 1
                && jdbc.sql("SELECT COUNT(*) FROM connection WHERE id = ? AND lease_node IS NULL").param(c)
                        .query(Integer.class).single() == 1);
        assertThat(jdbc.sql("SELECT lease_token FROM connection WHERE id = ?").param(c).query(Long.class).single())
                .as("the survivor ran it under a lease of its own").isEqualTo(2);
    }

    @Test
    void aRunThatDiedWithItsNodeIsRunAgainByAnotherAtOnceNotAtTheNextPull() {
        long c = connection();
        // It ran a minute ago, so its next pull is minutes away; the run killed with its node asked for nothing.
        Instant killedAt = Instant.now();
        jdbc.sql("UPDATE connection SET last_run_at = ?, run_requested = FALSE WHERE id = ?")
                .params(Timestamp.from(killedAt.minusSeconds(60)), c).update();
        jdbc.sql("""
                UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'killed-node', last_heartbeat = ?, execution_time = ?
                WHERE task_name = 'sync-connection' AND task_instance = ?""")
                .params(Timestamp.from(killedAt), Timestamp.from(killedAt), Long.toString(c)).update();
        connections.acquireLease(c, "killed-node", "its-boot", killedAt, killedAt.plusSeconds(3)).orElseThrow();

        scheduler("survivor", 2, List.of());
        Eventually.until(WAIT, "the survivor ran it once the lease ran out", () -> runsOf(c) == 1);
    }

    @Test
    void aClusterJobRunsOnOneSchedulerAtATime() {
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var runs = new AtomicInteger();
        String name = "test-cluster-job-" + System.nanoTime();
        ClusterJob job = new ClusterJob() {
            public String name() {
                return name;
            }

            public Duration every() {
                return Duration.ofMillis(20);
            }

            public void run() {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                    runs.incrementAndGet();
                }
            }
        };
        scheduler("node-a", 2, List.of(job));
        scheduler("node-b", 2, List.of(job));
        Eventually.until(WAIT, "it ran a number of times", () -> runs.get() >= 15);
        assertThat(most.get()).as("never on both at once").isEqualTo(1);
    }
}
