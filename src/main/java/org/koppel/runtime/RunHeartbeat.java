package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.koppel.store.ConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the leases of this node's runs alive, and stops a run whose connection no longer wants it.
 * A lease is short ({@code koppel.sync.lease}, 45 s): a run renews it every
 * {@code koppel.sync.heartbeat-interval} (15 s) while it lives, so the connections of a node that
 * died are taken over by another node within 45 s, while a run of any length keeps its
 * connection. Each beat also stops runs whose connection was paused or deleted, or whose lease another
 * run took (this node stalled past it): see {@link LiveRun}.
 */
@Component
public class RunHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);

    private final ConnectionStore connections;
    private final Clock clock;
    private final Duration lease;
    private final Map<Long, LiveRun> live = new ConcurrentHashMap<>();

    public RunHeartbeat(ConnectionStore connections, Clock clock, @Value("${koppel.sync.lease:PT45S}") Duration lease) {
        this.connections = connections;
        this.clock = clock;
        this.lease = lease;
    }

    /** How long a lease lasts from its taking or its last beat. */
    Duration lease() {
        return lease;
    }

    LiveRun started(long connectionId, long token) {
        LiveRun run = new LiveRun(connectionId, token, Thread.currentThread());
        live.put(connectionId, run);
        return run;
    }

    /** Runs under way on this node (scheduled ones and people's "sync now"). */
    public int active() {
        return live.size();
    }

    void ended(LiveRun run) {
        live.remove(run.connectionId, run);
    }

    /**
     * Stops this node's run of the connection at once, if one is under way (a person paused or
     * deleted it here); runs on other nodes see it at their next beat.
     */
    void stop(long connectionId, RunStopped why) {
        LiveRun run = live.get(connectionId);
        if (run != null) run.stop(why);
    }

    @Scheduled(fixedDelayString = "${koppel.sync.heartbeat-interval:PT15S}")
    public void beat() {
        for (LiveRun run : live.values()) {
            try {
                beat(run);
            } catch (RuntimeException e) {
                // The database is unreachable, say: the lease runs out by itself, and the run's fenced writes stop it.
                LOG.warn("heartbeat of the run of connection {} failed; the next beat tries again", run.connectionId, e);
            }
        }
    }

    private void beat(LiveRun run) {
        var connection = connections.find(run.connectionId);
        if (connection.isEmpty()) {
            run.stop(RunStopped.deleted());
        } else if (connection.get().status() == Connection.Status.PAUSED) {
            run.stop(RunStopped.paused());
        } else if (!connections.renewLease(run.connectionId, run.token, clock.instant().plus(lease))) {
            run.stop(RunStopped.leaseLost());
        }
    }
}
