package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
 * a run asked for (during the run, say) at once, before the periodic pulls that are due
 * ({@link SyncJobStore#ASKED}); a backoff at its end; else the connection's next moment in the pull
 * interval ({@link #nextPull}), so pulls spread evenly over the interval however many connections were
 * made or restarted at once. Paused connections, and those waiting for a person (a new sign-in, a
 * mass-change confirmation), do not run; their job looks again after a pull interval, and resuming asks
 * for a run at once.
 * <p>
 * The job decides when and where; the connection's lease (fencing token) still decides whether a
 * run may write: a scheduler may take over a job whose node only stalled (see docs/sync.md).
 */
@Component
public class SyncJobs {

    private static final Logger LOG = LoggerFactory.getLogger(SyncJobs.class);
    /** The fractional part of the golden ratio: ids 1, 2, 3, ... land as evenly over the interval as any sequence can. */
    private static final double GOLDEN = 0.6180339887498949;
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
                // scheduler revived: its work goes on at once (the job looks again when the dead lease
                // runs out), not at the next pull (bench/run scale: a killed node's runs came back after 286 s).
                if (state.runRequested() || state.lastRunAt() == null || state.leaseTaken()) yield Optional.of(now);
                yield Optional.of(nextPull(connectionId, state.lastRunAt()));
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
     * The connection's periodic pull after a run at {@code lastRun}: its own moment in every pull interval
     * (a phase from its id), the first one at least a tenth of the interval after the run. Connections made
     * at once (an upgrade, a firm switched on in one go) would otherwise pull in a wave every interval, and
     * a wave of 10,000 is a backlog; with a phase each the pulls are spread evenly, and the gap between two
     * runs of one connection stays between a tenth of the interval and the interval plus a tenth.
     */
    Instant nextPull(long connectionId, Instant lastRun) {
        long interval = pullInterval.toMillis();
        long phase = (long) ((connectionId * GOLDEN) % 1.0 * interval);
        long earliest = lastRun.toEpochMilli() + interval / 10;
        long slot = Math.floorDiv(earliest - phase + interval - 1, interval) * interval + phase;
        return Instant.ofEpochMilli(slot);
    }

    private CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        long id = Long.parseLong(instance.getId());
        Instant now = clock.instant();
        Optional<RunState> state = connections.runState(id);
        if (state.isEmpty()) return new CompletionHandler.OnCompleteRemove<>();
        Optional<Instant> due = dueAt(id, state.get(), now);
        if (due.isEmpty() || due.get().isAfter(now)) return at(due.orElse(now.plus(pullInterval)));
        // A request during the run is kept in run_requested, which makes the next job an asked one again.
        jobs.prioritise(id, SyncJobStore.PULL);
        try {
            runner.run(id, trigger(state.get()));
        } catch (NotFoundException deleted) {
            return new CompletionHandler.OnCompleteRemove<>();
        } catch (ConflictException busy) {
            // Running elsewhere (a person's "sync now", a node that stalled or died) or paused just now.
            LOG.debug("connection {} not run: {}", id, busy.getMessage());
            return at(lookAgain(id, now));
        }
        return next(id);
    }

    /**
     * When a job that found its connection busy looks again: in {@link #BUSY_RETRY}, or when the lease it met
     * runs out if that is sooner. A live run renews its lease to a full {@code koppel.sync.lease} every 15 s,
     * so only a lease nobody renews (its node died) runs out that soon: the dead run's work goes on then, not
     * up to 10 s later (bench/run scale: takeover 48.7 s with a 45 s lease).
     */
    private Instant lookAgain(long id, Instant now) {
        Instant retry = now.plus(BUSY_RETRY);
        return connections.runState(id).map(RunState::leaseUntil)
                .filter(until -> until.isAfter(now) && until.isBefore(retry)).orElse(retry);
    }

    /**
     * Why the job runs, for the run report: the connection's first sync, a run asked for (a change to send, a
     * peer's notification, a resume, the next page of a long first sync) or the periodic pull.
     */
    static String trigger(RunState state) {
        if (state.lastRunAt() == null) return "first";
        return state.runRequested() ? "requested" : "scheduled";
    }

    /** After a run: when its connection's state says (a request during the run: at once). */
    private CompletionHandler<Void> next(long id) {
        Instant now = clock.instant();
        Optional<RunState> state = connections.runState(id);
        if (state.isEmpty()) return new CompletionHandler.OnCompleteRemove<>();
        Instant due = dueAt(id, state.get(), now).orElse(now.plus(pullInterval));
        if (state.get().runRequested() && !due.isAfter(now)) jobs.prioritise(id, SyncJobStore.ASKED);
        if (!due.isAfter(now)) return at(now);
        return (complete, operations) -> {
            operations.reschedule(complete, due);
            connections.takeUpRequestMadeWhilePicked(id);
        };
    }

    private static CompletionHandler<Void> at(Instant next) {
        return (complete, operations) -> operations.reschedule(complete, next);
    }
}
