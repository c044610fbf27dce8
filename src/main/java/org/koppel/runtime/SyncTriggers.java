package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.koppel.crm.ConflictException;
import org.koppel.store.ConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * When connections run: within seconds of a CRM change in their scope (the {@link ChangeFanout}),
 * every {@code koppel.sync.pull-interval} to pull peer changes, and on "sync now". Runs go to a
 * pool of virtual threads; the lease in the connection row keeps each connection to one run at a
 * time across all nodes, so every node may poll.
 */
@Component
public class SyncTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTriggers.class);

    private final ChangeFanout fanout;
    private final ConnectionStore connections;
    private final SyncRunner runner;
    private final Clock clock;
    private final boolean enabled;
    private final Duration pullInterval;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    public SyncTriggers(ChangeFanout fanout, ConnectionStore connections, SyncRunner runner, Clock clock,
                        @Value("${koppel.sync.scheduler:true}") boolean enabled,
                        @Value("${koppel.sync.pull-interval:PT5M}") Duration pullInterval) {
        this.fanout = fanout;
        this.connections = connections;
        this.runner = runner;
        this.clock = clock;
        this.enabled = enabled;
        this.pullInterval = pullInterval;
    }

    @Scheduled(fixedDelayString = "${koppel.sync.poll-interval:PT2S}")
    void scheduled() {
        if (enabled) pool.submit(this::runDue);
    }

    void runDue() {
        try {
            fanout.fanOut();
            for (long id : connections.due(clock.instant().minus(pullInterval), clock.instant())) {
                try {
                    runner.run(id, "scheduled");
                } catch (ConflictException busy) {
                    // another node or thread is running it; it is marked to run again
                }
            }
        } catch (RuntimeException e) {
            LOG.error("sync trigger round failed; the next round tries again", e);
        }
    }
}
