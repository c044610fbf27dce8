package org.koppel.connector;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import org.koppel.sync.Snapshot;

/**
 * One data type's store on the other side (an address book, a calendar, a task list), as the sync
 * engine uses it. Implementations speak the peer's protocol and map its items to the slots of their
 * data type ({@code ContactSlots}, {@code AppointmentSlots}, {@code TaskSlots}); the engine decides. Failures are typed
 * ({@link PeerException}) so the engine knows whether to retry, stop, or go on.
 */
public interface ItemPeer extends Peer {

    /**
     * The span of time this run covers, given once after opening and before any listing, for a dated
     * data type. A peer that lists by time (Graph's calendarView) lists only this span and keeps it in
     * its cursor; a cursor made for another span is expired ({@link PeerException.CursorExpired}), so
     * the engine lists afresh. Peers that list everything ignore it: the engine filters.
     */
    default void limitTo(org.koppel.sync.SyncWindow window) {
    }

    /**
     * Changes since {@code cursor} (null: everything). {@code knownVersion} gives the version of a
     * linked item as last synced, or null; items at their known version are not fetched.
     *
     * @throws PeerException.CursorExpired when the peer no longer accepts the cursor
     */
    PeerDelta changes(String cursor, Function<String, String> knownVersion);

    /** Every item, listed; only those not at their known version are fetched. */
    PeerDelta fullListing(Function<String, String> knownVersion);

    /** The current state of some items; ids that no longer exist are absent. */
    Map<String, PeerItem> fetch(Collection<String> peerIds);

    /**
     * Creates the item for a CRM record, stamped with its id, at an id derived from it, so a repeated
     * create (after a crash) finds the first one instead of making a duplicate: then the existing item
     * is returned unchanged and the engine merges with it.
     */
    Created create(long crmId, Snapshot values);

    record Created(PeerItem item, boolean existed) {
    }

    /**
     * Writes the given values into {@code current}, changing nothing else in it, only if the peer
     * still holds {@code current.version()}.
     *
     * @throws PeerException.VersionMismatch when the item changed meanwhile: refetch and merge again
     */
    PeerItem update(PeerItem current, Snapshot values, long crmId);

    /**
     * One item's write in a batch: what was written, or why this item failed (ItemRejected,
     * VersionMismatch, or Transient when the peer kept throttling it: the engine settles the batch's
     * other items first, then ends the run with it).
     */
    record Written<T>(T item, PeerException failure) {
        public static <T> Written<T> ok(T item) {
            return new Written<>(item, null);
        }

        public static <T> Written<T> failed(PeerException failure) {
            return new Written<>(null, failure);
        }

        /** The item written, or its failure thrown: a single write done as a batch of one. */
        public T orThrow() {
            if (failure != null) throw failure;
            return item;
        }
    }

    /** One update of a batch: {@link #update}'s arguments. */
    record Update(PeerItem current, Snapshot values, long crmId) {
    }

    /** How many writes the peer takes in one request ({@link #createAll}, {@link #updateAll}); 1 means none batched. */
    default int batchSize() {
        return 1;
    }

    /**
     * {@link #create} for several records at once, by CRM id. Failures of one item are returned with
     * it; failures of the peer as a whole (sign-in, throttling that does not end) are thrown.
     */
    default Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        var result = new java.util.LinkedHashMap<Long, Written<Created>>();
        valuesByCrmId.forEach((crmId, values) -> {
            try {
                result.put(crmId, Written.ok(create(crmId, values)));
            } catch (PeerException.ItemRejected | PeerException.VersionMismatch e) {
                result.put(crmId, Written.failed(e));
            }
        });
        return result;
    }

    /** {@link #update} for several items at once, by CRM id; failures as in {@link #createAll}. */
    default Map<Long, Written<PeerItem>> updateAll(java.util.List<Update> updates) {
        var result = new java.util.LinkedHashMap<Long, Written<PeerItem>>();
        for (Update u : updates) {
            try {
                result.put(u.crmId(), Written.ok(update(u.current(), u.values(), u.crmId())));
            } catch (PeerException.ItemRejected | PeerException.VersionMismatch e) {
                result.put(u.crmId(), Written.failed(e));
            }
        }
        return result;
    }

    /** Deletes an item if it is still at {@code version}; an item already gone is fine. */
    void delete(String peerId, String version);

    /**
     * Mapped slots this peer has no place for (Google Tasks keeps no priority): the engine takes the peer as
     * holding the CRM's value there, so the value is neither written to the peer again on every run nor read back
     * as removed there.
     */
    default java.util.Set<String> unheldSlots() {
        return java.util.Set.of();
    }

    /**
     * Whether items made in the peer may become CRM records (by the connection's creation policy).
     * False for a peer whose own items are none of Koppel's business whatever the policy says.
     * Microsoft 365 contacts follow the policy like every address book: its default NEVER keeps
     * Outlook's "only contacts that came from Koppel" (reference/tribe-ms365-contacts-nl.txt,
     * section 1), and QUEUE puts them in the import queue (issue 14).
     */
    default boolean importsNewItems() {
        return true;
    }
}
