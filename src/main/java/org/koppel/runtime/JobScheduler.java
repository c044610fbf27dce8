package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.koppel.store.SyncJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/**
 * This node's db-scheduler (only with {@code koppel.sync.scheduler=true}): it runs the connections'
 * jobs ({@link SyncJobs}) and every {@link ClusterJob} on a bounded pool of workers, over Koppel's
 * database, shared with the other nodes. Started last at start-up (first every
 * connection lacking a job gets one); stopped on shutdown, waiting a little for runs under way.
 */
@Component
@ConditionalOnProperty(name = "koppel.sync.scheduler", havingValue = "true")
public class JobScheduler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    /** Runs still under way after this at shutdown are left to their lease; the next start takes their jobs back. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

    /**
     * @param workers          runs at once on this node
     * @param pollingInterval  how often the node looks for due jobs
     * @param heartbeatInterval how often it marks its running jobs alive
     * @param missedHeartbeats after how many missed beats another node takes a job over
     */
    public record Settings(int workers, Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeats) {
    }

    private final DataSource dataSource;
    private final SyncJobs syncJobs;
    private final SyncJobStore jobs;
    private final List<ClusterJob> clusterJobs;
    private final NodeIdentity node;
    private final Clock clock;
    private final Settings settings;
    private volatile Scheduler scheduler;

    public JobScheduler(DataSource dataSource, SyncJobs syncJobs, SyncJobStore jobs, List<ClusterJob> clusterJobs,
                        NodeIdentity node, Clock clock,
                        @Value("${koppel.sync.workers:40}") int workers,
                        @Value("${koppel.sync.job-polling-interval:PT1S}") Duration pollingInterval,
                        @Value("${koppel.sync.job-heartbeat-interval:PT5S}") Duration heartbeatInterval,
                        @Value("${koppel.sync.job-missed-heartbeats:6}") int missedHeartbeats) {
        this.dataSource = dataSource;
        this.syncJobs = syncJobs;
        this.jobs = jobs;
        this.clusterJobs = clusterJobs;
        this.node = node;
        this.clock = clock;
        this.settings = new Settings(workers, pollingInterval, heartbeatInterval, missedHeartbeats);
    }

    /**
     * A scheduler named {@code name} over {@code dataSource} (not started). Lock-and-fetch polling (one
     * statement, FOR UPDATE SKIP LOCKED) where the database has it (PostgreSQL); elsewhere (H2) fetch,
     * then lock each job as it starts.
     */
    public static Scheduler build(DataSource dataSource, String name, Settings settings, Clock clock, SyncJobs syncJobs,
                                  List<ClusterJob> clusterJobs) {
        List<Task<?>> tasks = new ArrayList<>();
        tasks.add(syncJobs.task());
        List<RecurringTask<Void>> recurring = clusterJobs.stream().map(JobScheduler::recurring).toList();
        JdbcCustomization database = new AutodetectJdbcCustomization(dataSource);
        var builder = Scheduler.create(dataSource, tasks)
                .startTasks(recurring)
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(settings.workers())
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .shutdownMaxWait(SHUTDOWN_WAIT)
                .enablePriority()
                .jdbcCustomization(database)
                .clock(clock::instant);
        boolean lockAndFetch = database.supportsSingleStatementLockAndFetch() || database.supportsGenericLockAndFetch();
        if (lockAndFetch) {
            builder.pollUsingLockAndFetch(0.5, 1.0);
        } else {
            builder.pollUsingFetchAndLockOnExecute(0.5, 3.0);
        }
        LOG.info("job scheduler {} on {}: polls by {}", name, database.getName(),
                lockAndFetch ? "lock-and-fetch (SELECT ... FOR UPDATE SKIP LOCKED)" : "fetch, then lock each job as it starts");
        return builder.build();
    }

    /**
     * A cluster job as a recurring task: one node at a time runs it, {@code every()} after its last run
     * ended. Afterwards this node looks for due jobs at once instead of at its next poll: the fan-out has
     * just made the connections of a CRM change due, and their runs start a poll interval sooner.
     */
    private static RecurringTask<Void> recurring(ClusterJob job) {
        return Tasks.recurring(job.name(), Schedules.fixedDelay(job.every())).execute((instance, context) -> {
            job.run();
            if (context.getSchedulerClient() instanceof Scheduler scheduler) scheduler.triggerCheckForDueExecutions();
        });
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) return;
        int released = jobs.releasePickedBy(node.nodeId(), clock.instant());
        int added = jobs.addMissing(clock.instant());
        LOG.info("job scheduler {}: {} workers; {} connection job(s) made, {} taken back from this node's earlier start",
                node.nodeId(), settings.workers(), added, released);
        scheduler = build(dataSource, node.nodeId(), settings, clock, syncJobs, clusterJobs);
        scheduler.start();
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) return;
        LOG.info("stopping job scheduler {}: runs under way get up to {} s to end", node.nodeId(), SHUTDOWN_WAIT.toSeconds());
        scheduler.stop();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /**
     * The last to start (after the web server: everything else is ready), the first to stop, so runs
     * under way end while the database and the rest are still there.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
