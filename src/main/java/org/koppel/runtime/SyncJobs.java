package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import org.koppel.crm.ConflictException;
import org.koppel.crm.NotFoundException;
import org.koppel.store.ConnectionStore;
import org.koppel.store.ConnectionStore.RunState;
import org.koppel.store.SyncJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * The job of each connection (task {@value SyncJobStore#TASK}, instance = its id): when it is due, the
 * connection runs ({@link SyncRunner#run}), and the next due time comes from the connection's state:
 * a run asked for (during the run, say) at once; a backoff at its end; else the last run plus the pull
 * interval, give or take {@value #JITTER_PERCENT} %, so connections made at once spread out. Paused
 * connections, and those waiting for a person (a new sign-in, a mass-change confirmation), do not
 * run; their job looks again after a pull interval, and resuming asks for a run at once.
 * <p>
 * The job decides when and where; the connection's lease (fencing token) still decides whether a
 * run may write: a scheduler may take over a job whose node only stalled (see docs/sync.md).
 */
@Component
public class SyncJobs {

    private static final Logger LOG = LoggerFactory.getLogger(SyncJobs.class);
    static final int JITTER_PERCENT = 10;
    /** When the connection is running already (a person's "sync now"): look again after this, no busy loop. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(10);
    /** When a run failed in a way the run itself could not record (the database away, say). */
    static final Duration FAILURE_RETRY = Duration.ofMinutes(1);

    private final ConnectionStore connections;
    private final SyncJobStore jobs;
    private final SyncRunner runner;
    private final Clock clock;
    private final Duration pullInterval;

    public SyncJobs(ConnectionStore connections, SyncJobStore jobs, SyncRunner runner, Clock clock,
                    @Value("${koppel.sync.pull-interval:PT5M}") Duration pullInterval) {
        this.connections = connections;
        this.jobs = jobs;
        this.runner = runner;
        this.clock = clock;
        this.pullInterval = pullInterval;
    }

    /** The task for db-scheduler. */
    public CustomTask<Void> task() {
        return Tasks.custom(SyncJobStore.TASK, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(FAILURE_RETRY))
                .onDeadExecutionRevive()
                .execute(this::execute);
    }

    /**
     * When the connection should run next, given its state; empty when it should not run (paused, or
     * waiting for a person).
     */
    public Optional<Instant> dueAt(long connectionId, RunState state, Instant now) {
        return switch (state.status()) {
            case PAUSED, NEEDS_SIGN_IN, NEEDS_CONFIRMATION -> Optional.empty();
            case ACTIVE, FAILING -> {
                if (state.retryNotBefore() != null && state.retryNotBefore().isAfter(now)) yield Optional.of(state.retryNotBefore());
                // A lease never let go is a run under way or one that died with its node, whose job a
                // scheduler revived: its work goes on at once (SyncRunner waits out the lease), not at
                // the next pull (bench/run scale: a killed node's runs came back after 286 s).
                if (state.runRequested() || state.lastRunAt() == null || state.leaseTaken()) yield Optional.of(now);
                yield Optional.of(state.lastRunAt().plus(jittered(connectionId, state.lastRunAt())));
            }
        };
    }

    /** {@link #dueAt(long, RunState, Instant)} of the connection as it is now; empty also when it is gone. */
    public Optional<Instant> dueAt(long connectionId) {
        Instant now = clock.instant();
        return connections.runState(connectionId).flatMap(state -> dueAt(connectionId, state, now));
    }

    /** Whether the connection, as it is now, is due to run by {@code moment}. */
    public boolean dueBy(long connectionId, Instant moment) {
        return connections.runState(connectionId).flatMap(state -> dueAt(connectionId, state, moment))
                .map(due -> !due.isAfter(moment)).orElse(false);
    }

    /**
     * The pull interval, give or take up to {@value #JITTER_PERCENT} %: the same for one connection and
     * last run (a job woken early computes the same time again), different across connections.
     */
    Duration jittered(long connectionId, Instant lastRun) {
        double factor = 1 + new SplittableRandom(connectionId * 1_000_003L ^ lastRun.toEpochMilli())
                .nextDouble(-JITTER_PERCENT, JITTER_PERCENT) / 100;
        return Duration.ofMillis(Math.round(pullInterval.toMillis() * factor));
    }

    private CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        long id = Long.parseLong(instance.getId());
        Instant now = clock.instant();
        Optional<RunState> state = connections.runState(id);
        if (state.isEmpty()) return new CompletionHandler.OnCompleteRemove<>();
        Optional<Instant> due = dueAt(id, state.get(), now);
        if (due.isEmpty() || due.get().isAfter(now)) return at(due.orElse(now.plus(pullInterval)));
        if (state.get().runRequested()) jobs.requestServed(id);
        try {
            runner.run(id, "scheduled");
        } catch (NotFoundException deleted) {
            return new CompletionHandler.OnCompleteRemove<>();
        } catch (ConflictException busy) {
            // Running elsewhere (a person's "sync now", a node that stalled) or paused just now: look again shortly.
            LOG.debug("connection {} not run: {}", id, busy.getMessage());
            return at(now.plus(BUSY_RETRY));
        }
        return next(id);
    }

    /** After a run: when its connection's state says (a request during the run: at once). */
    private CompletionHandler<Void> next(long id) {
        Instant now = clock.instant();
        Optional<RunState> state = connections.runState(id);
        if (state.isEmpty()) return new CompletionHandler.OnCompleteRemove<>();
        Instant due = dueAt(id, state.get(), now).orElse(now.plus(pullInterval));
        return at(due.isBefore(now) ? now : due);
    }

    private static CompletionHandler<Void> at(Instant next) {
        return (complete, operations) -> operations.reschedule(complete, next);
    }
}
