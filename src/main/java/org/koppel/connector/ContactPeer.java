package org.koppel.connector;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import org.koppel.sync.Snapshot;

/**
 * A contact store on the other side, as the sync engine uses it. Implementations speak the peer's
 * protocol and map its items to contact slots; the engine decides. Failures are typed
 * ({@link PeerException}) so the engine knows whether to retry, stop, or go on.
 */
public interface ContactPeer {

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

    /** Deletes an item if it is still at {@code version}; an item already gone is fine. */
    void delete(String peerId, String version);

    /** HTTP requests made so far, for run reports and benchmarks. */
    long requests();
}
