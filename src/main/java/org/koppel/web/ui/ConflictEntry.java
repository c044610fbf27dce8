package org.koppel.web.ui;

import org.koppel.sync.SyncConflict;

/** A conflict-log row: the conflict with its moments as text. */
public record ConflictEntry(SyncConflict conflict, String when, String restoredWhen) {

    static ConflictEntry of(SyncConflict conflict) {
        return new ConflictEntry(conflict, Times.format(conflict.createdAt()), Times.format(conflict.restoredAt()));
    }

    public boolean koppelWon() {
        return "CRM".equals(conflict.winner());
    }
}
