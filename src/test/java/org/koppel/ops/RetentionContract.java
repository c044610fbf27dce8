package org.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.FieldValues;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.RetentionStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.DataType;
import org.koppel.sync.Merge.FieldConflict;
import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Status;
import org.koppel.sync.SyncCursor;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention (issue 16): old runs and changes go, in bounded batches; the last runs of a connection,
 * its latest failure, every change a sync still has to read, and history inside the setting stay.
 * Time is moved by passing instants: the rows are written long ago, retention runs "now".
 */
abstract class RetentionContract {

    static final Instant LONG_AGO = Instant.parse("2001-03-01T10:00:00Z");

    @Autowired RetentionStore store;
    @Autowired SyncRunStore runs;
    @Autowired ConnectionStore connections;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate transactions;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Integer> batches = new ArrayList<>();
    long owner;

    @BeforeEach
    void setUp() {
        owner = samples.employee("retention-" + System.nanoTime());
    }

    Retention retention(int runDays, int keepRuns, int historyDays, RetentionStore using) {
        return retention(runDays, keepRuns, historyDays, 0, using);
    }

    Retention retention(int runDays, int keepRuns, int historyDays, int quietRunHours, RetentionStore using) {
        return new Retention(using, new RetentionSettings(Duration.ofHours(1), runDays, keepRuns, historyDays, 3, quietRunHours),
                meters, java.time.Clock.systemUTC());
    }

    /** The real store, that notes the size of every delete batch. */
    RetentionStore counting() {
        return new RetentionStore(jdbc, transactions) {
            @Override
            public Deleted deleteRuns(List<Long> ids) {
                batches.add(ids.size());
                return super.deleteRuns(ids);
            }

            @Override
            public int[] deleteChanges(List<Long> seqs) {
                batches.add(seqs.size());
                return super.deleteChanges(seqs);
            }
        };
    }

    long connection() {
        return connections.insert("memory", "retention", owner, Map.of(), null, Instant.now());
    }

    long run(long connection, int minute, Status status) {
        Instant at = LONG_AGO.plus(Duration.ofMinutes(minute));
        long id = runs.start(connection, "pull", at);
        runs.finish(id, status, status == Status.SUCCEEDED ? null : "TRANSIENT", null, 3,
                Map.of(DataType.CONTACTS, new RunReport.Totals(1, 1, 0, 0, 0, 0, 0)),
                List.of(new RunReport.Item(DataType.CONTACTS, null, "peer-" + minute, RunReport.Outcome.values()[0], "why")),
                at.plusSeconds(5));
        return id;
    }

    List<Long> runsOf(long connection) {
        return jdbc.sql("SELECT id FROM sync_run WHERE connection_id = ? ORDER BY id").param(connection).query(Long.class).list();
    }

    long rows(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void oldRunsGoInBatchesButTheLastRunsAndTheLatestFailureOfEachConnectionStay() {
        long busy = connection();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) ids.add(run(busy, i, i == 2 || i == 4 ? Status.FAILED : Status.SUCCEEDED));
        long quiet = connection();
        List<Long> few = List.of(run(quiet, 0, Status.SUCCEEDED), run(quiet, 1, Status.SUCCEEDED));
        runs.conflict(busy, ids.get(0), DataType.CONTACTS, 1L, "peer-0",
                new FieldConflict("email", "a@x.nl", "b@x.nl", "c@x.nl", org.koppel.sync.Merge.Side.CRM), LONG_AGO);

        Retention.Pruned pruned = retention(7, 5, 400, counting()).prune(Instant.now());

        // the last 5 (ids 7..11) and the latest failure (4) stay; the older failure (2) goes
        List<Long> kept = new ArrayList<>(ids.subList(7, 12));
        kept.addFirst(ids.get(4));
        assertThat(runsOf(busy)).containsExactlyElementsOf(kept);
        assertThat(runsOf(quiet)).containsExactlyElementsOf(few);
        assertThat(rows("SELECT COUNT(*) FROM sync_run_item WHERE run_id IN (?, ?)", ids.get(0), ids.get(6))).isZero();
        assertThat(rows("SELECT COUNT(*) FROM sync_run_total WHERE run_id = ?", ids.get(3))).isZero();
        assertThat(rows("SELECT COUNT(*) FROM sync_run_item WHERE run_id = ?", ids.get(4))).isOne();
        // the conflict stays restorable, without its pruned run
        assertThat(runs.conflicts(busy)).singleElement().satisfies(c -> assertThat(c.runId()).isNull());
        assertThat(pruned.runs()).isGreaterThanOrEqualTo(6);
        assertThat(batches).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(3)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(meters.counter("koppel.retention.pruned", "table", "sync_run").count()).isEqualTo(pruned.runs());
        assertThat(meters.counter("koppel.retention.pruned", "table", "sync_run_item").count()).isEqualTo(pruned.runItems());
    }

    /** A run 2 days ago that found nothing to do, or one that made, changed, skipped or failed something. */
    long recentRun(long connection, Status status, RunReport.Totals totals, boolean withItem) {
        Instant at = Instant.now().minus(Duration.ofDays(2));
        long id = runs.start(connection, "pull", at);
        runs.finish(id, status, status == Status.SUCCEEDED ? null : "TRANSIENT", null, 1, Map.of(DataType.CONTACTS, totals),
                withItem ? List.of(new RunReport.Item(DataType.CONTACTS, null, "peer", RunReport.Outcome.values()[0], "why"))
                        : List.of(), at.plusSeconds(1));
        return id;
    }

    @Test
    void runsThatFoundNothingToDoGoAfterTheirHoursWhileRunsThatDidSomethingStayTheirDays() {
        long connection = connection();
        var nothing = new RunReport.Totals(3, 0, 0, 3, 0, 0, 0);
        long quietOld = recentRun(connection, Status.SUCCEEDED, nothing, false);
        long created = recentRun(connection, Status.SUCCEEDED, new RunReport.Totals(3, 1, 0, 2, 0, 0, 0), false);
        long withItem = recentRun(connection, Status.SUCCEEDED, nothing, true);
        long failed = recentRun(connection, Status.FAILED, nothing, false);
        long quietToo = recentRun(connection, Status.SUCCEEDED, nothing, false);
        long latest = recentRun(connection, Status.SUCCEEDED, nothing, false);

        retention(7, 2, 0, 0, counting()).prune(Instant.now());
        assertThat(runsOf(connection)).as("0 hours: quiet runs are kept like the others")
                .containsExactly(quietOld, created, withItem, failed, quietToo, latest);

        retention(7, 2, 0, 24, counting()).prune(Instant.now());
        // the last 2 runs stay whatever they did; the quiet one before them goes, the others stay their 7 days
        assertThat(runsOf(connection)).containsExactly(created, withItem, failed, quietToo, latest);
    }

    @Test
    void runsYoungerThanTheSettingStayAndZeroDaysKeepsEveryRun() {
        long connection = connection();
        long old = run(connection, 0, Status.SUCCEEDED);
        long recent = runs.start(connection, "pull", Instant.now().minus(Duration.ofDays(2)));
        runs.finish(recent, Status.SUCCEEDED, null, null, 0, Map.of(), List.of(), Instant.now());
        long latest = run(connection, 10, Status.SUCCEEDED); // a higher id than the recent one, though started long ago

        retention(0, 1, 0, counting()).prune(Instant.now());
        assertThat(runsOf(connection)).containsExactly(old, recent, latest);

        retention(7, 1, 0, counting()).prune(Instant.now());
        assertThat(runsOf(connection)).containsExactly(recent, latest);
    }

    long change(Instant at, String field) {
        return transactions.execute(tx -> changeLog.appendWithValues(RecordType.PERSON, 1L, Operation.UPDATE,
                List.of(new FieldValues(field, "before", "after")), Origin.system(), at));
    }

    /** The real store, with a fan-out/cursor position the test chooses (the shared test database has other cursors). */
    RetentionStore neededFrom(long seq) {
        return new RetentionStore(jdbc, transactions) {
            @Override
            public long lowestNeededSeq() {
                return seq;
            }

            @Override
            public int[] deleteChanges(List<Long> seqs) {
                batches.add(seqs.size());
                return super.deleteChanges(seqs);
            }
        };
    }

    boolean logged(long seq) {
        return rows("SELECT COUNT(*) FROM change_log WHERE seq = ?", seq) == 1;
    }

    @Test
    void oldChangesGoWithTheirValuesInBatchesButNotWhatASyncStillNeedsNorHistoryInsideTheSetting() {
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 7; i++) old.add(change(LONG_AGO.plusSeconds(i), "name" + i));
        long recent = change(Instant.now().minus(Duration.ofDays(30)), "recent");
        long stillNeeded = change(LONG_AGO, "unread");

        Retention.Pruned pruned = retention(7, 20, 400, neededFrom(stillNeeded)).prune(Instant.now());

        assertThat(old).noneMatch(this::logged);
        assertThat(rows("SELECT COUNT(*) FROM change_value WHERE seq IN (?, ?)", old.get(0), old.get(6))).isZero();
        assertThat(logged(recent)).as("inside the 400 days of history").isTrue();
        assertThat(logged(stillNeeded)).as("after the lowest cursor").isTrue();
        assertThat(changeLog.values(List.of(stillNeeded))).containsKey(stillNeeded);
        assertThat(pruned.changes()).isGreaterThanOrEqualTo(7);
        assertThat(batches).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(3)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(meters.counter("koppel.retention.pruned", "table", "change_log").count()).isEqualTo(pruned.changes());
    }

    @Test
    void historyDaysZeroKeepsTheChangeLogForever() {
        long old = change(LONG_AGO, "name");
        long next = change(LONG_AGO, "name");

        retention(7, 20, 0, neededFrom(next + 1)).prune(Instant.now());

        assertThat(logged(old)).isTrue();
    }

    @Test
    void theNeededPositionIsAtOrBelowEveryConnectionsCursorAndNeverPastTheNewestEntry() {
        long first = change(LONG_AGO, "name");
        change(LONG_AGO, "name");
        long connection = connection();
        connections.startCursor(connection, DataType.CONTACTS, first);

        assertThat(store.lowestNeededSeq()).isLessThanOrEqualTo(first + 1);

        connections.saveCursor(connection, DataType.CONTACTS, new SyncCursor(null, changeLog.lastSeq()));
        assertThat(store.lowestNeededSeq()).as("the newest entry stays: new cursors start from it")
                .isLessThanOrEqualTo(changeLog.lastSeq());
    }

    @Test
    void aFailingPruningIsCountedAndLeftForItsNextRun() {
        RetentionStore broken = new RetentionStore(jdbc, transactions) {
            @Override
            public java.util.OptionalLong newestRunBefore(Instant cutoff) {
                throw new IllegalStateException("database went away");
            }
        };

        retention(7, 20, 400, broken).run();

        assertThat(meters.counter("koppel.retention.failures").count()).isEqualTo(1.0);
    }
}
