package org.koppel.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.koppel.crm.Change;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.FanoutStore;
import org.koppel.store.SyncConfigStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The change fan-out: asks the connections that committed CRM changes concern to run soon, so an
 * edit reaches their peers within seconds instead of at the next pull. It reads the change log after
 * its stored position (V23) in batches; each batch's run requests and the position's move commit
 * together while the position row is locked, so two nodes never fan out the same batch and a crash
 * repeats a batch (a second request is harmless) rather than skipping one.
 */
@Component
public class ChangeFanout implements ClusterJob {

    /** Changes per transaction: bounds the ids one query carries and how long the position stays locked. */
    static final int BATCH = 1000;

    private final ChangeLogStore changeLog;
    private final FanoutStore fanout;
    private final ConnectionStore connections;
    private final ConcernedConnections concerned;
    private final TransactionTemplate transactions;
    private final Duration every;
    private final int batch;

    @Autowired
    public ChangeFanout(ChangeLogStore changeLog, FanoutStore fanout, ConnectionStore connections, SyncConfigStore config,
                        SyncSettings settings, List<PeerFactory> factories, PlatformTransactionManager transactions,
                        @Value("${koppel.sync.poll-interval:PT2S}") Duration every) {
        this(changeLog, fanout, connections, config, settings, factories, transactions, every, BATCH);
    }

    ChangeFanout(ChangeLogStore changeLog, FanoutStore fanout, ConnectionStore connections, SyncConfigStore config,
                 SyncSettings settings, List<PeerFactory> factories, PlatformTransactionManager transactions,
                 Duration every, int batch) {
        this.changeLog = changeLog;
        this.fanout = fanout;
        this.connections = connections;
        this.concerned = new ConcernedConnections(fanout, connections, config, settings, PeerFactory.byType(factories));
        this.transactions = new TransactionTemplate(transactions);
        this.every = every;
        this.batch = batch;
    }

    @Override
    public String name() {
        return "change-fanout";
    }

    @Override
    public Duration every() {
        return every;
    }

    @Override
    public void run() {
        fanOut();
    }

    /** Fans out every change up to the log's end, batch by batch; returns the connections asked to run. */
    public Set<Long> fanOut() {
        var requested = new TreeSet<Long>();
        Batch batch;
        do {
            batch = transactions.execute(status -> nextBatch());
            requested.addAll(batch.requested());
        } while (batch.full());
        return requested;
    }

    private record Batch(Set<Long> requested, boolean full) {
    }

    private Batch nextBatch() {
        long position = fanout.lockPosition();
        List<Change> changes = changeLog.after(position, batch);
        if (changes.isEmpty()) return new Batch(Set.of(), false);
        Set<Long> ids = concerned.of(changes);
        connections.requestRuns(ids);
        fanout.advance(changes.getLast().seq());
        return new Batch(ids, changes.size() == batch);
    }
}
