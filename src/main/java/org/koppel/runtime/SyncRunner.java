package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.crm.ConflictException;
import org.koppel.crm.NotFoundException;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs a connection: takes its lease (never two runs at once, on any node), opens the peer, runs
 * the contact sync, stores the cursors and the run report, and turns typed failures into the
 * connection's status (DESIGN.md rule 12): every failure ends up in the report, none only in a log.
 */
@Service
public class SyncRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);

    private final ConnectionStore connections;
    private final SyncRunStore runs;
    private final org.koppel.store.ChangeLogStore changeLog;
    private final ContactSync contacts;
    private final SecretBox secrets;
    private final Map<String, PeerFactory> factories;
    private final NodeIdentity node;
    private final RunHeartbeat heartbeat;
    private final PlatformTransactionManager transactionManager;
    private final Clock clock;

    public SyncRunner(ConnectionStore connections, SyncRunStore runs, org.koppel.store.ChangeLogStore changeLog, ContactSync contacts, SecretBox secrets,
                      List<PeerFactory> factories, NodeIdentity node, RunHeartbeat heartbeat,
                      PlatformTransactionManager transactionManager, Clock clock) {
        this.connections = connections;
        this.runs = runs;
        this.changeLog = changeLog;
        this.contacts = contacts;
        this.secrets = secrets;
        this.factories = factories.stream().collect(Collectors.toMap(PeerFactory::type, Function.identity()));
        this.node = node;
        this.heartbeat = heartbeat;
        this.transactionManager = transactionManager;
        this.clock = clock;
    }

    /** Runs now and returns the report; 409 when a run of this connection is under way already. */
    public RunReport run(long connectionId, String trigger) {
        Connection connection = connections.find(connectionId).orElseThrow(() -> new NotFoundException("connection", connectionId));
        if (connection.status() == Connection.Status.PAUSED) {
            throw new ConflictException("connection " + connectionId + " is paused; resume it to sync");
        }
        Instant now = clock.instant();
        OptionalLong token = connections.acquireLease(connectionId, node.nodeId(), node.bootId(), now,
                now.plus(heartbeat.lease()));
        if (token.isEmpty()) {
            connections.requestRun(connectionId);
            throw new ConflictException("connection " + connectionId + " is syncing right now; another run follows it");
        }
        // A run that died with its node (rule 11) still says RUNNING: under the lease it is known to be over.
        runs.interrupted(connectionId, now);
        long runId = runs.start(connectionId, trigger, now);
        LiveRun live = heartbeat.started(connectionId, token.getAsLong());
        try {
            // Read again under the lease: cursors and the mass-change confirmation of a run that just ended.
            return connections.find(connectionId).map(current -> execute(current, runId, live))
                    .orElseGet(() -> deletedReport(runId, connectionId));
        } finally {
            heartbeat.ended(live);
            connections.releaseLease(connectionId, token.getAsLong(), clock.instant());
        }
    }

    private RunReport execute(Connection connection, long runId, LiveRun live) {
        // Every write of the run that matters (links, bases, cursors, status, the report) commits only
        // while the run still holds its lease.
        var fenced = new FencedTransactions(transactionManager, connections, connection.id(), live.token);
        ReportBuilder report = new ReportBuilder(DataType.CONTACTS, (done, expected) -> runs.progress(runId, done, expected));
        ItemPeer opened = null;
        try {
            PeerFactory factory = factories.get(connection.type());
            if (factory == null) throw new PeerException.Configuration("no connector for type " + connection.type(), null);
            String secret = secrets.open(connections.sealedSecret(connection.id()));
            opened = factory.open(connection, secret, DataType.CONTACTS);
            long seq = changeLog.lastSeq();
            var cursor = fenced.execute(tx -> connections.startCursor(connection.id(), DataType.CONTACTS, seq));
            ContactSync.Result result = contacts.run(connection, cursor, new StoppablePeer(opened, live), runId, report, fenced);
            fenced.executeWithoutResult(tx -> {
                connections.saveCursor(connection.id(), DataType.CONTACTS,
                        new org.koppel.sync.SyncCursor(result.peerCursor(), result.crmCursor()));
                connections.ranThrough(connection.id(), clock.instant());
                if (connection.status() != Connection.Status.ACTIVE) setStatus(connection, Connection.Status.ACTIVE, null);
                connections.succeeded(connection.id());
            });
            // Paused or deleted during the run: no new change subscription for a connection that stopped.
            String upkeep = pausedOrGone(connection) ? null : afterRun(factory, connection, secret, opened);
            ItemPeer peer = opened;
            fenced.executeWithoutResult(tx -> finishNow(runId, Status.SUCCEEDED, upkeep == null ? null : "PUSH", upkeep,
                    peer, report));
        } catch (RunStopped e) {
            // Paused, deleted or taken over during the run: only its own report is written, unfenced.
            LOG.info("sync run {} of connection {} stopped: {}", runId, connection.id(), e.getMessage());
            finishNow(runId, Status.FAILED, e.kind().name(), e.getMessage(), opened, report);
        } catch (RuntimeException e) {
            failed(fenced, connection, runId, e, opened, report);
        } finally {
            close(opened, connection);
        }
        return runs.find(runId).orElseGet(() -> deletedReport(runId, connection.id()));
    }

    /** The peer's HTTP client goes with the run; a failure to close it changes nothing of the run. */
    private static void close(ItemPeer peer, Connection connection) {
        if (peer == null) return;
        try {
            peer.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the peer of connection {} failed", connection.id(), e);
        }
    }

    /** The report of a run whose connection was deleted during it (its reports went with it). */
    private RunReport deletedReport(long runId, long connectionId) {
        RunStopped why = RunStopped.deleted();
        return new RunReport(runId, connectionId, "deleted", Status.FAILED, why.kind().name(), why.getMessage(), 0,
                clock.instant(), clock.instant(), Map.of(), List.of());
    }

    /** A failed run's verdict on its connection (rule 12): every failure ends up in the report. */
    private void failed(FencedTransactions fenced, Connection connection, long runId, RuntimeException failure,
                        ItemPeer peer, ReportBuilder report) {
        try {
            fenced.executeWithoutResult(tx -> recordFailure(connection, runId, failure, peer, report));
        } catch (RunStopped e) {
            finishNow(runId, Status.FAILED, e.kind().name(), e.getMessage() + " (the run had failed: "
                    + failure.getMessage() + ")", peer, report);
        }
    }

    private void recordFailure(Connection connection, long runId, RuntimeException failure, ItemPeer peer,
                               ReportBuilder report) {
        switch (failure) {
            case MassChangeException e -> {
                setStatus(connection, Connection.Status.NEEDS_CONFIRMATION, e.getMessage());
                finishNow(runId, Status.NEEDS_CONFIRMATION, "MASS_CHANGE", e.getMessage(), peer, report);
            }
            case PeerException.AuthExpired e when changedMeanwhile(connection) -> {
                // Signed in again (or paused) while this run used the old sign-in: that decision stands.
                connections.requestRun(connection.id());
                finishNow(runId, Status.FAILED, "AUTH_EXPIRED", e.getMessage() + " (the connection was changed during "
                        + "the run, so the next run uses its new sign-in)", peer, report);
            }
            case PeerException.AuthExpired e -> {
                setStatus(connection, Connection.Status.NEEDS_SIGN_IN,
                        "the peer no longer accepts the credentials; sign in again: " + e.getMessage());
                finishNow(runId, Status.FAILED, "AUTH_EXPIRED", e.getMessage(), peer, report);
            }
            case PeerException.Configuration e -> {
                setStatus(connection, Connection.Status.FAILING, e.getMessage());
                finishNow(runId, Status.REFUSED, "CONFIGURATION", e.getMessage(), peer, report);
            }
            case PeerException e -> {
                Instant retry = clock.instant().plus(backoff(connections.failed(connection.id()), e));
                connections.retryNotBefore(connection.id(), retry);
                // Asked for, so the run comes as soon as the wait is over, not at the next periodic pull.
                connections.requestRun(connection.id());
                setStatus(connection, Connection.Status.FAILING,
                        "the last run failed and is retried after " + retry + ": " + e.getMessage());
                finishNow(runId, Status.FAILED, "TRANSIENT", e.getMessage(), peer, report);
            }
            default -> {
                LOG.error("sync run {} of connection {} failed", runId, connection.id(), failure);
                setStatus(connection, Connection.Status.FAILING, "the last run failed unexpectedly: " + failure.getMessage());
                finishNow(runId, Status.FAILED, "INTERNAL", "Koppel hit an unexpected error (" + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + "); the run is retried later",
                        peer, report);
            }
        }
    }

    /**
     * The factory's upkeep after a successful run. Its failure must not undo the run (the cursors are
     * saved), so it is returned as the message of the run report instead of thrown; null when fine.
     */
    private String afterRun(PeerFactory factory, Connection connection, String secret, ItemPeer peer) {
        try {
            factory.afterRun(connection, secret, peer);
            return null;
        } catch (RuntimeException e) {
            LOG.debug("upkeep after the run of connection {} failed", connection.id(), e);
            return "The sync succeeded, but change notifications could not be set up, so changes in the peer arrive "
                    + "by the periodic pull; the next run tries again (" + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
    }

    /**
     * The run's verdict on the connection's status, unless a person paused it during the run (that
     * stands until they resume it) or deleted it.
     */
    private void setStatus(Connection atStart, Connection.Status status, String reason) {
        if (!pausedOrGone(atStart)) connections.setStatus(atStart.id(), status, reason, clock.instant());
    }

    private boolean pausedOrGone(Connection atStart) {
        return connections.find(atStart.id()).map(now -> now.status() == Connection.Status.PAUSED).orElse(true);
    }

    private boolean changedMeanwhile(Connection atStart) {
        return connections.find(atStart.id()).map(now -> now.version() != atStart.version()).orElse(true);
    }

    /**
     * How long to wait after the n-th transient failure in a row: exactly what the peer asked for
     * (Retry-After), kept within a second and a day; else 30 s doubling up to an hour, so a failing
     * peer gets no retry storm.
     */
    static Duration backoff(int failures, PeerException e) {
        if (e instanceof PeerException.Transient t && t.retryAfter() != null) {
            Duration asked = t.retryAfter();
            if (asked.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
            return asked.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : asked;
        }
        Duration exponential = Duration.ofSeconds(30).multipliedBy(1L << Math.min(failures - 1, 7));
        return exponential.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : exponential;
    }

    private void finishNow(long runId, Status status, String kind, String message, ItemPeer peer, ReportBuilder report) {
        Map<DataType, RunReport.Totals> totals = new EnumMap<>(DataType.class);
        totals.put(DataType.CONTACTS, report.totals());
        runs.finish(runId, status, kind, message, peer == null ? 0 : peer.requests(), totals, report.items(), clock.instant());
    }
}
