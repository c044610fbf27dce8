package org.koppel.runtime;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.PeerItem;
import org.koppel.crm.Origin;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncWindow;

/**
 * The CRM side of one data type as a sync run reads and writes it: contacts (persons), appointments
 * or tasks. The engine ({@link TypeRun}, {@link RunWrites}) is the same for every type; what differs
 * is here: which records belong in a peer, how a record reads as slots and takes slot values back,
 * what happens to a record that leaves scope, and what becomes of a peer item no link knows.
 *
 * @param <R> the record type
 */
interface SyncedRecords<R> {

    DataType type();

    /** What a person calls the records, in plural: "contacts", "appointments", "tasks". */
    String noun();

    long id(R record);

    long version(R record);

    Instant updatedAt(R record);

    /** Records by id, deleted ones included (a run must see a delete); unknown ids are left out. */
    Map<Long, R> load(Collection<Long> ids);

    /** The ids of the records that belong in the connection owner's peer now. */
    Set<Long> scope(Connection connection, SyncPolicy policy, SyncWindow window);

    /** The ids of this type's records that changed in the change log after {@code cursor}. */
    Set<Long> changedSince(long cursor);

    /**
     * Of the given records, those in {@link #scope} now: the scope query restricted to a few ids, so a
     * run with nothing to do ({@link NothingToDo}) checks its changes without reading the whole scope.
     */
    Set<Long> inScopeAmong(Connection connection, SyncPolicy policy, SyncWindow window, Collection<Long> ids);

    /**
     * Whether something since {@code cursor} can have moved records in or out of scope without a
     * change-log entry of their own (a group's members under the group rule): then the run is a full pass.
     */
    default boolean scopeMovedSince(long cursor, SyncPolicy policy) {
        return false;
    }

    /** Whether the scope follows the run's window (appointments, tasks): a window that moved means a full pass. */
    default boolean followsWindow() {
        return false;
    }

    /** The connection's settings this type reads besides the policy and field map (iCloud's addresses), as text. */
    default String settingsKey() {
        return "";
    }

    /** Reads in one go what the given records refer to, before they are projected (an organisation's name). */
    default void prepare(Collection<R> records) {
    }

    /** The field map this run follows: the stored one, or one the connection narrows (iCloud's addresses). */
    default FieldMap fieldMap(FieldMap stored) {
        return stored;
    }

    /** The field map rows that apply to this record. */
    List<FieldMap.Row> rows(FieldMap map, R record);

    Snapshot project(R record, FieldMap map);

    /** The values as a connector gets them: the projection plus hints a peer may need (a person's kind). */
    default Snapshot forPeer(Snapshot values, R record) {
        return values;
    }

    /** The record with {@code slots} taken from {@code merged}; the rest stays. */
    R apply(R record, Snapshot merged, Set<String> slots, FieldMap map);

    /** Writes a changed record through the CRM's write path, checked against the version read; returns it as stored. */
    R update(R current, R changed, Origin origin);

    /** Whether a record in scope that has no peer item gets one (a completed task does not). */
    default boolean creatable(R record) {
        return true;
    }

    /** What happens to a linked record that is no longer in the scope of this connection. */
    Leaving leaving(R record, Connection connection);

    /**
     * What happens to a linked record outside the scope:
     * <ul>
     * <li>{@code UNLINK}: the link goes; the peer keeps its copy, or loses it when the policy says so;</li>
     * <li>{@code KEEP}: nothing now, the link rests (an appointment past the window, a record handed
     * to a colleague), so a record that comes back merges with its item;</li>
     * <li>{@code FAREWELL}: {@code lastWords} are written into the peer item once, then the link rests
     * with them as its base (a deleted task is marked completed in the peer, never deleted).</li>
     * </ul>
     */
    record Leaving(Kind kind, String why, Snapshot lastWords) {

        enum Kind { UNLINK, KEEP, FAREWELL }

        static Leaving unlink(String why) {
            return new Leaving(Kind.UNLINK, why, null);
        }

        static Leaving keep() {
            return new Leaving(Kind.KEEP, null, null);
        }

        static Leaving farewell(String why, Snapshot lastWords) {
            return new Leaving(Kind.FAREWELL, why, lastWords);
        }
    }

    /**
     * The merge with slots that hold one peer value together: where the peer has one field for two
     * CRM fields (a source system's one mobile number for the work and the private mobile), a value
     * written to the peer through one slot is also written into the CRM field of the other, in the
     * same run. Most types have none.
     */
    default org.koppel.sync.Merge.Result coupled(org.koppel.sync.Merge.Result merge) {
        return merge;
    }

    /** What the run report says of a linked record whose peer item was deleted: the link goes, the record stays. */
    default String peerDeleted() {
        return "deleted in the peer; kept in Koppel, and put back in the peer after its next change in Koppel while "
                + "it is in scope";
    }

    /** How a person calls a slot, for run reports and the conflict log. */
    String label(String slot);

    /**
     * A peer item no link knows and no stamp points at (rule 6): created in Koppel, queued, or
     * skipped, by the policy, and reported either way.
     */
    void adopt(PeerItem item, TypeRun<R> run);

    /** Peer items the run must read although the peer did not report them (contacts imported from the queue). */
    default List<String> alsoRead(long connectionId) {
        return List.of();
    }

    /** After the run handed every new peer item to {@link #adopt}: finish what adoption left for a batch. */
    default void adopted(TypeRun<R> run) {
    }

    /**
     * Whether a peer's "removed" is checked by reading the item: a peer that lists by time reports
     * an item moved out of its window as removed, though it still exists.
     */
    default boolean confirmsRemovals() {
        return false;
    }

    /** Whether peer rewrites of a record's identity are held for review ({@code IdentityRewrite}: contacts). */
    default boolean reviewsRewrites() {
        return false;
    }
}
