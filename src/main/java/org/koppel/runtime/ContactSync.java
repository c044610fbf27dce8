package org.koppel.runtime;

import java.time.Clock;

import org.koppel.connector.ItemPeer;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One contacts run of one connection: peer changes since the peer cursor and CRM changes since the
 * CRM cursor are reconciled against the links (DESIGN.md "How data flows"), then applied. A peer
 * write is confirmed before its link is stored; a CRM write and its link are stored in one
 * transaction; the cursors move only after everything is applied. A run killed anywhere therefore
 * repeats work on restart but neither duplicates nor loses it.
 * <p>
 * The entry point: a run reads and decides in {@link ContactRun}, applies in {@link RunWrites}, and
 * the two share the run's state in a {@link RunContext}.
 */
@Service
public class ContactSync {

    private final Relations relations;
    private final RelationStore relationStore;
    private final ChangeLogStore changeLog;
    private final LinkStore links;
    private final SyncConfigStore config;
    private final SyncRunStore runs;
    private final SyncSettings settings;
    private final PeerImports imports;
    private final ContactReviewStore reviews;
    private final Clock clock;

    public ContactSync(Relations relations, RelationStore relationStore, ChangeLogStore changeLog, LinkStore links,
                       SyncConfigStore config, SyncRunStore runs, SyncSettings settings, PeerImports imports,
                       ContactReviewStore reviews, Clock clock) {
        this.relations = relations;
        this.relationStore = relationStore;
        this.changeLog = changeLog;
        this.links = links;
        this.config = config;
        this.runs = runs;
        this.settings = settings;
        this.imports = imports;
        this.reviews = reviews;
        this.clock = clock;
    }

    /** What a finished run hands back: the cursors to store. */
    public record Result(String peerCursor, long crmCursor) {
    }

    /**
     * @param report       filled as the run goes, so a run that fails halfway still reports what it did
     * @param transactions the run's, which commit only while it holds its lease ({@link FencedTransactions})
     */
    Result run(Connection connection, org.koppel.sync.SyncCursor cursor, ItemPeer peer, long runId, ReportBuilder report, TransactionTemplate transactions) {
        SyncPolicy policy = settings.policyFor(connection.ownerId(), DataType.CONTACTS, connection.settings());
        var context = new RunContext(connection, cursor, peer, runId, policy, config.fieldMap(DataType.CONTACTS), report,
                new RunReviews(reviews, connection.id(), transactions, clock), relationStore, links, transactions, clock);
        var writes = new RunWrites(context, relations, runs);
        return new ContactRun(context, writes, changeLog, config, imports).execute();
    }
}
