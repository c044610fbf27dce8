package org.koppel.runtime;

import org.koppel.store.ConnectionStore;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactions of one run: each first checks, with the connection's row locked, that the
 * connection still carries the run's fencing token, and commits the run's writes only then. A run
 * whose node stalled past its lease (a GC pause, a network stall) and was taken over therefore
 * stores no link, base, cursor, status, review or import-queue entry over the run that took over: its next write throws
 * {@link RunStopped} ({@code LEASE_LOST}) and rolls back. The row lock makes the check hold until the
 * commit: a run taking the lease meanwhile waits for it.
 */
final class FencedTransactions extends TransactionTemplate {

    private final ConnectionStore connections;
    private final long connectionId;
    private final long token;

    FencedTransactions(PlatformTransactionManager transactionManager, ConnectionStore connections, long connectionId,
                       long token) {
        super(transactionManager);
        this.connections = connections;
        this.connectionId = connectionId;
        this.token = token;
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) {
        return super.execute(status -> {
            if (!connections.holdsLease(connectionId, token)) {
                throw connections.find(connectionId).isPresent() ? RunStopped.leaseLost() : RunStopped.deleted();
            }
            return action.doInTransaction(status);
        });
    }
}
