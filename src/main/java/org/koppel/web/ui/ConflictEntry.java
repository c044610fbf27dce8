package org.koppel.web.ui;

import org.koppel.sync.SyncConflict;

/** A conflict-log row: the conflict with its moments as text. */
public record ConflictEntry(SyncConflict conflict, String when, String restoredWhen) {

    static ConflictEntry of(SyncConflict conflict, Dates dates) {
        return new ConflictEntry(conflict, dates.moment(conflict.createdAt()), dates.moment(conflict.restoredAt()));
    }

    public boolean koppelWon() {
        return "CRM".equals(conflict.winner());
    }
}
