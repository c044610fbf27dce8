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

    ReportBuilder(DataType type) {
        this.type = type;
    }

    void unchanged() {
        total++;
        unchanged++;
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
