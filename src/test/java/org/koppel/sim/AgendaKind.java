package org.koppel.sim;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncWindow;

/**
 * One agenda data type as a schedule drives it: how Koppel's user makes, edits and deletes its records
 * (through the CRM's write path, field by field as the web UI would, not through the sync's
 * projection), what the peer's user makes and edits (in slot values), and what the engine's rules
 * say of it (scope, what may be created in the peer). The moves and the checks are the same for
 * appointments and tasks ({@link AgendaMoves}, {@link AgendaInvariants}).
 *
 * @param <R> the record type
 */
abstract class AgendaKind<R> {

    abstract DataType type();

    /** What a person calls one record, for the trace and the violations. */
    abstract String noun();

    /** The slots both sides edit: each is logged and checked for lost edits. */
    abstract List<String> editedSlots();

    /** A record Koppel's user makes; {@code n} makes its texts new. */
    abstract R create(long organiser, Random random, int n);

    abstract R find(long id);

    abstract long id(R record);

    abstract long version(R record);

    abstract boolean deleted(R record);

    /** The employee whose agenda the record is in (organiser, responsible). */
    abstract long owner(R record);

    /** The record with the slot changes made in Koppel, as stored. */
    abstract R update(R current, Map<String, String> changes);

    abstract void delete(R record);

    /** The record handed to another employee (out of the user's scope), as stored. */
    abstract R handTo(R record, long employee);

    /** The record in slot values, as the engine projects it. */
    abstract Snapshot project(R record);

    /** The ids of the records in the user's peer now, by the engine's rule. */
    abstract Set<Long> scope(long user, SyncWindow window);

    /**
     * The slot changes of one edit of {@code slot}, given the item's or record's values now (a move
     * changes start and end together); null when the edit does not apply to it.
     */
    abstract Map<String, String> change(String slot, Map<String, String> now, Random random, String label, int n);

    /** Edits only the peer's user makes, to slots the field map does not sync (an occurrence edited on its own); may be empty. */
    List<String> peerOnlySlots() {
        return List.of();
    }

    /** An item the peer's user makes. */
    abstract Map<String, String> peerMade(Random random, int n);

    /** Whether the engine takes a peer-made item into Koppel (not an appointment that ended before the window, not a completed task). */
    abstract boolean importable(Map<String, String> slots, SyncWindow window);

    /** Why Koppel must not have asked the peer to create these values, or null. */
    abstract String refusedCreate(Snapshot sent, SyncWindow window);

    /** Whether the record's peer item must now say "completed" (a task completed or deleted in Koppel). */
    boolean mustShowCompleted(R record, long user) {
        return false;
    }

    /** Whether the item says "completed". */
    boolean showsCompleted(Map<String, String> slots) {
        return false;
    }
}
