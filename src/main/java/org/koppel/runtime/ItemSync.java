package org.koppel.runtime;

import java.time.Clock;

import org.koppel.connector.ItemPeer;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Tasks;
import org.koppel.crm.relation.Relations;
import org.koppel.store.AppointmentStore;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncRunStore;
import org.koppel.store.TaskStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncCursor;
import org.koppel.sync.SyncPolicy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One run of one data type of one connection: peer changes since the peer cursor and CRM changes
 * since the CRM cursor are reconciled against the links (DESIGN.md "How data flows"), then applied.
 * A peer write is confirmed before its link is stored; a CRM write and its link are stored in one
 * transaction; the cursors move only after everything is applied. A run killed anywhere therefore
 * repeats work on restart but neither duplicates nor loses it.
 * <p>
 * The engine is the same for contacts, appointments and tasks: a run reads and decides in
 * {@link TypeRun}, applies in {@link RunWrites}, shares its state in a {@link RunContext}, and asks the
 * type's {@link SyncedRecords} what differs.
 */
@Service
public class ItemSync {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ItemSync.class);

    private final Relations relations;
    private final RelationStore relationStore;
    private final Appointments appointments;
    private final AppointmentStore appointmentStore;
    private final Tasks tasks;
    private final TaskStore taskStore;
    private final ChangeLogStore changeLog;
    private final LinkStore links;
    private final SyncConfigStore config;
    private final SyncRunStore runs;
    private final SyncSettings settings;
    private final PeerImports imports;
    private final ContactReviewStore reviews;
    private final SourceImports sourceImports;
    private final org.koppel.store.CustomFieldStore customFields;
    private final Clock clock;
    private final NothingToDo nothingToDo;
    private final org.koppel.store.SettledStore settled;

    public ItemSync(Relations relations, RelationStore relationStore, Appointments appointments,
                    AppointmentStore appointmentStore, Tasks tasks, TaskStore taskStore, ChangeLogStore changeLog,
                    LinkStore links, SyncConfigStore config, SyncRunStore runs, SyncSettings settings,
                    PeerImports imports, ContactReviewStore reviews, SourceImports sourceImports,
                    org.koppel.store.CustomFieldStore customFields, Clock clock, NothingToDo nothingToDo,
                    org.koppel.store.SettledStore settled) {
        this.nothingToDo = nothingToDo;
        this.settled = settled;
        this.customFields = customFields;
        this.relations = relations;
        this.relationStore = relationStore;
        this.appointments = appointments;
        this.appointmentStore = appointmentStore;
        this.tasks = tasks;
        this.taskStore = taskStore;
        this.changeLog = changeLog;
        this.links = links;
        this.config = config;
        this.runs = runs;
        this.settings = settings;
        this.imports = imports;
        this.reviews = reviews;
        this.sourceImports = sourceImports;
        this.clock = clock;
    }

    /**
     * What a finished run hands back: the cursors to store, and the fingerprint of its inputs when it
     * settled (a full pass with no item left in error, or a run with nothing to do), else null.
     */
    public record Result(String peerCursor, long crmCursor, String settled) {

        public Result(String peerCursor, long crmCursor) {
            this(peerCursor, crmCursor, null);
        }
    }

    /** The policy of a data type for a connection: its owner's layered settings and the connection's own. */
    SyncPolicy policy(Connection connection, DataType type) {
        return settings.policyFor(connection.ownerId(), type, connection.settings());
    }

    /**
     * @param provider     who serves the connection's peer ({@link PeerFactory#provider}): iCloud's addresses need the admin's leave
     * @param policy       the data type's policy for this connection ({@link #policy}), read once by the runner
     * @param crmCursor    the change-log position read before the run began: what changes after it is seen next run
     * @param report       filled as the run goes, so a run that fails halfway still reports what it did
     * @param transactions the run's, which commit only while it holds its lease ({@link FencedTransactions})
     */
    Result run(Connection connection, String provider, DataType type, SyncPolicy policy, SyncCursor cursor, long crmCursor,
               ItemPeer peer, long runId, ReportBuilder report, TransactionTemplate transactions) {
        return switch (type) {
            case CONTACTS -> run(new ContactRecords(relationStore, relations, changeLog, config, imports, customFields,
                            settings.addressesFromPeer(connection.ownerId(), connection.settings(), provider),
                            settings.organisationsAndLeadsByScope(connection.ownerId(), connection.settings())), connection,
                    policy, cursor, crmCursor, peer, runId, report, transactions);
            case APPOINTMENTS -> run(new AppointmentRecords(appointmentStore, appointments, relationStore, changeLog),
                    connection, policy, cursor, crmCursor, peer, runId, report, transactions);
            case TASKS -> run(new TaskRecords(taskStore, tasks, changeLog), connection, policy, cursor, crmCursor, peer,
                    runId, report, transactions);
            case RELATIONS -> run(new RelationRecords(relationStore, relations, changeLog, links, sourceImports, connection),
                    connection, policy, cursor, crmCursor, peer, runId, report, transactions);
            case EMAIL -> throw new IllegalArgumentException("e-mail is logged, not synced item by item");
        };
    }

    private <R> Result run(SyncedRecords<R> records, Connection connection, SyncPolicy policy, SyncCursor cursor,
                           long crmCursor, ItemPeer peer, long runId, ReportBuilder report, TransactionTemplate transactions) {
        var held = new RunReviews(reviews, connection.id(), transactions, clock, records.reviewsRewrites());
        var context = new RunContext<>(connection, cursor, peer, records, runId, policy, policy.window(clock.instant()),
                records.fieldMap(config.fieldMap(records.type())), report, held, links, transactions, clock);
        var typeRun = new TypeRun<>(context, new RunWrites<>(context, runs));
        if (policy.direction() == SyncPolicy.Direction.OFF) return typeRun.execute(crmCursor, null);
        String fingerprint = NothingToDo.fingerprint(context);
        NothingToDo.Verdict verdict = nothingToDo.judge(context, settled.settled(connection.id(), records.type()), fingerprint);
        if (verdict.nothingToDo()) return new Result(verdict.delta().nextCursor(), crmCursor, fingerprint);
        LOG.debug("run {} of connection {}, {}: a full pass ({})", runId, connection.id(), records.type(), verdict.fullPass());
        Result result = typeRun.execute(crmCursor, verdict.delta());
        // A full pass that left an item in error settles nothing: the next run is a full pass and tries it again.
        return new Result(result.peerCursor(), result.crmCursor(), report.totals().errors() == 0 ? fingerprint : null);
    }
}
