package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.Peer;
import org.koppel.connector.mail.MailPeer;
import org.koppel.connector.PeerException;
import org.koppel.crm.ConflictException;
import org.koppel.crm.NotFoundException;
import org.koppel.security.SecretBox;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncCursor;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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
    private final ChangeLogStore changeLog;
    private final ItemSync items;
    private final MailRun mails;
    private final SyncSettings settings;
    private final SecretBox secrets;
    private final Map<String, PeerFactory> factories;
    private final NodeIdentity node;
    private final RunHeartbeat heartbeat;
    private final PlatformTransactionManager transactionManager;
    private final Clock clock;
    private final SyncMetrics metrics;

    public SyncRunner(ConnectionStore connections, SyncRunStore runs, ChangeLogStore changeLog, ItemSync items, MailRun mails,
                      SyncSettings settings, SecretBox secrets,
                      List<PeerFactory> factories, NodeIdentity node, RunHeartbeat heartbeat,
                      PlatformTransactionManager transactionManager, Clock clock, SyncMetrics metrics) {
        this.connections = connections;
        this.runs = runs;
        this.changeLog = changeLog;
        this.items = items;
        this.mails = mails;
        this.settings = settings;
        this.secrets = secrets;
        this.factories = PeerFactory.byType(factories);
        this.node = node;
        this.heartbeat = heartbeat;
        this.transactionManager = transactionManager;
        this.clock = clock;
        this.metrics = metrics;
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
        // Every log line of the run, on this thread, names it (docs/operations.md, "Logs").
        try (var c = MDC.putCloseable("connection", Long.toString(connectionId));
             var r = MDC.putCloseable("run", Long.toString(runId));
             var n = MDC.putCloseable("node", node.nodeId())) {
            // Read again under the lease: cursors and the mass-change confirmation of a run that just ended.
            var ran = new Ran();
            RunReport report = connections.find(connectionId).map(current -> execute(current, runId, live, ran))
                    .orElseGet(() -> deletedReport(runId, connectionId));
            metrics.finished(connection.type(), report, ran.requestsByType());
            return report;
        } finally {
            heartbeat.ended(live);
            connections.releaseLease(connectionId, token.getAsLong(), clock.instant());
        }
    }

    private RunReport execute(Connection connection, long runId, LiveRun live, Ran ran) {
        // Every write of the run that matters (links, bases, cursors, status, the report) commits only
        // while the run still holds its lease.
        var fenced = new FencedTransactions(transactionManager, connections, connection.id(), live.token);
        try {
            PeerFactory factory = factories.get(connection.type());
            if (factory == null) throw new PeerException.Configuration("no connector for type " + connection.type(), null);
            String secret = secrets.open(connections.sealedSecret(connection.id()));
            var failures = new java.util.ArrayList<RuntimeException>();
            String upkeep = null;
            for (DataType type : factory.dataTypes(connection)) {
                try {
                    String note = null;
                    if (type == DataType.EMAIL) {
                        MailPolicy policy = settings.mailPolicyFor(connection.ownerId(), connection.settings());
                        if (policy.on()) runMail(factory, connection, secret, policy, runId, live, fenced, ran);
                    } else {
                        SyncPolicy policy = items.policy(connection, type);
                        if (policy.direction() == SyncPolicy.Direction.OFF) continue;
                        note = runType(factory, connection, secret, type, policy, runId, live, fenced, ran);
                    }
                    if (upkeep == null) upkeep = note;
                } catch (RunStopped e) {
                    throw e;
                } catch (RuntimeException e) {
                    // One data type's failure leaves the others to run: a calendar that is gone does not stop the contacts.
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) throw mostSevere(failures);
            fenced.executeWithoutResult(tx -> {
                connections.ranThrough(connection.id(), clock.instant());
                if (connection.status() != Connection.Status.ACTIVE) setStatus(connection, Connection.Status.ACTIVE, null);
                connections.succeeded(connection.id());
            });
            String message = upkeep;
            fenced.executeWithoutResult(tx -> finishNow(runId, Status.SUCCEEDED, message == null ? null : "PUSH", message, ran));
        } catch (RunStopped e) {
            // Paused, deleted or taken over during the run: only its own report is written, unfenced.
            LOG.info("sync run {} of connection {} stopped: {}", runId, connection.id(), e.getMessage());
            finishNow(runId, Status.FAILED, e.kind().name(), e.getMessage(), ran);
        } catch (RuntimeException e) {
            failed(fenced, connection, runId, e, ran);
        } finally {
            ran.peers.values().forEach(peer -> close(peer, connection));
        }
        return runs.find(runId).orElseGet(() -> deletedReport(runId, connection.id()));
    }

    /**
     * One data type's part of the run: its peer opened, its cursor taken (stored at its first run),
     * the sync, the cursor saved. Returns the upkeep's note when the upkeep after it failed, else null.
     */
    private String runType(PeerFactory factory, Connection connection, String secret, DataType type, SyncPolicy policy,
                           long runId, LiveRun live, FencedTransactions fenced, Ran ran) {
        ReportBuilder report = new ReportBuilder(type, (done, expected) -> runs.progress(runId, done, expected));
        ran.reports.put(type, report);
        ItemPeer peer = factory.open(connection, secret, type);
        ran.opened(type, peer);
        // Read before the run reads anything: a CRM change committed while it runs is then seen next run.
        long seq = changeLog.lastSeq();
        SyncCursor cursor = fenced.execute(tx -> connections.startCursor(connection.id(), type, seq));
        ItemSync.Result result = items.run(connection, factory.provider(connection), type, policy, cursor, seq, new StoppablePeer(peer, live), runId,
                report, fenced);
        fenced.executeWithoutResult(tx -> connections.saveCursor(connection.id(), type,
                new SyncCursor(result.peerCursor(), result.crmCursor()), result.settled()));
        // Paused or deleted during the run: no new change subscription for a connection that stopped.
        return pausedOrGone(connection) ? null : afterRun(factory, connection, secret, peer);
    }

    /**
     * The e-mail part of a run: the mailbox's marked mails logged (MailRun), its cursor saved after
     * they were logged and marked; when more marked mails wait than one run takes, another run follows
     * right after this one instead of at the next pull.
     */
    private void runMail(PeerFactory factory, Connection connection, String secret, MailPolicy policy, long runId,
                         LiveRun live, FencedTransactions fenced, Ran ran) {
        ReportBuilder report = new ReportBuilder(DataType.EMAIL, (done, expected) -> runs.progress(runId, done, expected));
        ran.reports.put(DataType.EMAIL, report);
        MailPeer peer = factory.openMailbox(connection, secret);
        ran.opened(DataType.EMAIL, peer);
        SyncCursor cursor = fenced.execute(tx -> connections.startCursor(connection.id(), DataType.EMAIL, changeLog.lastSeq()));
        MailRun.Result result = mails.run(connection, policy, peer, cursor.peer(), report, live);
        fenced.executeWithoutResult(tx -> {
            connections.saveCursor(connection.id(), DataType.EMAIL, new SyncCursor(result.cursor(), cursor.crm()));
            if (result.more()) connections.requestRun(connection.id());
        });
    }

    /** What a run opened and counted, per data type, for its report and for closing. */
    private static final class Ran {
        final Map<DataType, ReportBuilder> reports = new EnumMap<>(DataType.class);
        /** The peer each data type opened (one each), to close after the run and count its requests. */
        final Map<DataType, Peer> peers = new EnumMap<>(DataType.class);

        void opened(DataType type, Peer peer) {
            peers.put(type, peer);
        }

        Map<DataType, Long> requestsByType() {
            Map<DataType, Long> requests = new EnumMap<>(DataType.class);
            peers.forEach((type, peer) -> requests.put(type, peer.requests()));
            return requests;
        }

        long requests() {
            return peers.values().stream().mapToLong(Peer::requests).sum();
        }

        Map<DataType, RunReport.Totals> totals() {
            Map<DataType, RunReport.Totals> totals = new EnumMap<>(DataType.class);
            reports.forEach((type, report) -> totals.put(type, report.totals()));
            return totals;
        }

        List<RunReport.Item> items() {
            return reports.values().stream().flatMap(r -> r.items().stream()).toList();
        }
    }

    /** The peer's HTTP client goes with the run; a failure to close it changes nothing of the run. */
    private static void close(Peer peer, Connection connection) {
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

    /**
     * Of several data types' failures, the one the connection's status must show: a mass change to
     * confirm, then a sign-in to renew, a permission or a setting to fix, a peer to wait for; the
     * others go with it (suppressed), so none is lost.
     */
    static RuntimeException mostSevere(List<RuntimeException> failures) {
        RuntimeException worst = failures.stream().min(java.util.Comparator.comparingInt(SyncRunner::severity)).orElseThrow();
        failures.stream().filter(f -> f != worst).forEach(worst::addSuppressed);
        return worst;
    }

    /** A failure's message, with those of other data types' failures in the same run. */
    private static String message(RuntimeException failure) {
        var others = java.util.Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage).toList();
        return others.isEmpty() ? failure.getMessage() : failure.getMessage() + " (also: " + String.join("; ", others) + ")";
    }

    private static int severity(RuntimeException failure) {
        return switch (failure) {
            case MassChangeException e -> 0;
            case PeerException.AuthExpired e -> 1;
            case PeerException.PermissionMissing e -> 2;
            case PeerException.Configuration e -> 3;
            case PeerException e -> 4;
            default -> 5;
        };
    }

    /** A failed run's verdict on its connection (rule 12): every failure ends up in the report. */
    private void failed(FencedTransactions fenced, Connection connection, long runId, RuntimeException failure, Ran ran) {
        try {
            fenced.executeWithoutResult(tx -> recordFailure(connection, runId, failure, ran));
        } catch (RunStopped e) {
            finishNow(runId, Status.FAILED, e.kind().name(), e.getMessage() + " (the run had failed: "
                    + failure.getMessage() + ")", ran);
        }
    }

    private void recordFailure(Connection connection, long runId, RuntimeException failure, Ran ran) {
        // A confirmed mass change is used up by the types that ran, also when another failed: kept, it
        // would let every later run skip the guard.
        connections.ranThrough(connection.id(), clock.instant());
        switch (failure) {
            case MassChangeException e -> {
                setStatus(connection, Connection.Status.NEEDS_CONFIRMATION, e.getMessage());
                finishNow(runId, Status.NEEDS_CONFIRMATION, "MASS_CHANGE", message(e), ran);
            }
            case PeerException.AuthExpired e when changedMeanwhile(connection) -> {
                // Signed in again (or paused) while this run used the old sign-in: that decision stands.
                connections.requestRun(connection.id());
                finishNow(runId, Status.FAILED, "AUTH_EXPIRED", e.getMessage() + " (the connection was changed during "
                        + "the run, so the next run uses its new sign-in)", ran);
            }
            case PeerException.AuthExpired e -> {
                setStatus(connection, Connection.Status.NEEDS_SIGN_IN,
                        "the peer no longer accepts the credentials; sign in again: " + e.getMessage());
                finishNow(runId, Status.FAILED, "AUTH_EXPIRED", message(e), ran);
            }
            case PeerException.PermissionMissing e -> {
                // The other data types synced in this run and go on syncing; only this one waits for a new sign-in.
                setStatus(connection, Connection.Status.FAILING, e.getMessage());
                finishNow(runId, Status.FAILED, "PERMISSION", message(e), ran);
            }
            case PeerException.Configuration e -> {
                setStatus(connection, Connection.Status.FAILING, e.getMessage());
                finishNow(runId, Status.REFUSED, "CONFIGURATION", message(e), ran);
            }
            case PeerException e -> {
                Instant retry = clock.instant().plus(backoff(connections.failed(connection.id()), e));
                connections.retryNotBefore(connection.id(), retry);
                // Asked for, so the run comes as soon as the wait is over, not at the next periodic pull.
                connections.requestRun(connection.id());
                setStatus(connection, Connection.Status.FAILING,
                        "the last run failed and is retried after " + retry + ": " + e.getMessage());
                finishNow(runId, Status.FAILED, "TRANSIENT", message(e), ran);
            }
            default -> {
                LOG.error("sync run {} of connection {} failed", runId, connection.id(), failure);
                setStatus(connection, Connection.Status.FAILING, "the last run failed unexpectedly: " + failure.getMessage());
                finishNow(runId, Status.FAILED, "INTERNAL", "Koppel hit an unexpected error (" + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + "); the run is retried later",
                        ran);
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

    private void finishNow(long runId, Status status, String kind, String message, Ran ran) {
        runs.finish(runId, status, kind, message, ran.requests(), ran.totals(), ran.items(), clock.instant());
    }
}
