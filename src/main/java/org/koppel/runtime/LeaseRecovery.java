package org.koppel.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncRunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start, a node frees the run leases its earlier process held (killed, crashed, or stopped mid-run):
 * that process is gone, so nothing needs to wait for them to run out. Its runs still marked RUNNING
 * are closed as interrupted, and each such connection is asked for a run: its job is due at once.
 */
@Component
public class LeaseRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRecovery.class);
    static final String RESTARTED = "interrupted: Koppel was restarted during the run; the next run goes on from where "
            + "the last finished one ended";

    private final ConnectionStore connections;
    private final SyncRunStore runs;
    private final NodeIdentity node;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public LeaseRecovery(ConnectionStore connections, SyncRunStore runs, NodeIdentity node,
                         TransactionTemplate transactions, Clock clock) {
        this.connections = connections;
        this.runs = runs;
        this.node = node;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        List<Long> freed = recover();
        if (!freed.isEmpty()) LOG.info("freed the run leases of connections {} held before this node restarted", freed);
    }

    /** @return the connections whose leases were freed */
    public List<Long> recover() {
        var freed = new ArrayList<Long>();
        for (long id : connections.leasedByEarlierBoots(node.nodeId(), node.bootId())) {
            // One transaction, the row locked by the update: no other node can start a run in between,
            // so only the dead process's runs are closed.
            boolean done = Boolean.TRUE.equals(transactions.execute(tx -> {
                if (!connections.freeLeaseOfEarlierBoot(id, node.nodeId(), node.bootId())) return false;
                runs.interrupted(id, RESTARTED, clock.instant());
                connections.requestRun(id); // its job to now
                return true;
            }));
            if (done) freed.add(id);
        }
        return freed;
    }
}
