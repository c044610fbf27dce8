package org.koppel.runtime;

import java.util.ArrayList;
import java.util.List;

import org.koppel.sync.DataType;
import org.koppel.sync.RunReport.Item;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.RunReport.Totals;

/** Counts what a run does to the items of one data type, with a reason per item that changed or failed. */
final class ReportBuilder {

    private final DataType type;
    private final List<Item> items = new ArrayList<>();
    private int total;
    private int created;
    private int updated;
    private int unchanged;
    private int skipped;
    private int conflicts;
    private int errors;
    private int expected;
    private final ProgressSink progress;
    private long lastFlush;

    /** Where a run's progress goes, at most every {@link #FLUSH_NANOS}: the run row, which the UI polls. */
    interface ProgressSink {
        void progress(int done, int expected);
    }

    private static final long FLUSH_NANOS = 1_000_000_000L;

    ReportBuilder(DataType type) {
        this(type, (done, expected) -> { });
    }

    ReportBuilder(DataType type, ProgressSink progress) {
        this.type = type;
        this.progress = progress;
    }

    /** The number of items the run expects to look at; progress is shown against it. */
    void expect(int items) {
        expected = items;
        progress.progress(total, expected);
        lastFlush = System.nanoTime();
    }

    private void counted() {
        if (System.nanoTime() - lastFlush >= FLUSH_NANOS) {
            progress.progress(total, Math.max(expected, total));
            lastFlush = System.nanoTime();
        }
    }

    void unchanged() {
        total++;
        unchanged++;
        counted();
    }

    void item(Long crmId, String peerId, Outcome outcome, String reason) {
        total++;
        switch (outcome) {
            case CREATED_IN_PEER, CREATED_IN_CRM -> created++;
            case UPDATED_PEER, UPDATED_CRM, UPDATED_BOTH, RELINKED, UNLINKED, DELETED_IN_PEER -> updated++;
            case SKIPPED, QUEUED, HELD_FOR_REVIEW -> skipped++;
            case ERROR -> errors++;
            case CONFLICT -> throw new IllegalArgumentException("conflicts are counted with conflict()");
        }
        items.add(new Item(type, crmId, peerId, outcome, reason));
        counted();
    }

    /** A conflict comes on top of the item's own outcome: it is not a separate item in the totals. */
    void conflict(Long crmId, String peerId, String reason) {
        conflicts++;
        items.add(new Item(type, crmId, peerId, Outcome.CONFLICT, reason));
    }

    Totals totals() {
        return new Totals(total, created, updated, unchanged, skipped, conflicts, errors);
    }

    List<Item> items() {
        return items;
    }
}
