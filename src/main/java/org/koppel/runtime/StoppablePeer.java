package org.koppel.runtime;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

/**
 * The peer as a run uses it: every call first checks that the run was not stopped (paused, deleted,
 * lease lost), and a call the stop interrupted ends the run as stopped rather than as the transient
 * failure the connector made of the interrupt.
 */
final class StoppablePeer implements ItemPeer {

    private final ItemPeer peer;
    private final LiveRun run;

    StoppablePeer(ItemPeer peer, LiveRun run) {
        this.peer = peer;
        this.run = run;
    }

    private <T> T call(Supplier<T> work) {
        return run.peerCall(work);
    }

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        return call(() -> peer.changes(cursor, knownVersion));
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        return call(() -> peer.fullListing(knownVersion));
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        return call(() -> peer.fetch(peerIds));
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        return call(() -> peer.create(crmId, values));
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return call(() -> peer.update(current, values, crmId));
    }

    @Override
    public int batchSize() {
        return peer.batchSize();
    }

    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        return call(() -> peer.createAll(valuesByCrmId));
    }

    @Override
    public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        return call(() -> peer.updateAll(updates));
    }

    @Override
    public void delete(String peerId, String version) {
        call(() -> {
            peer.delete(peerId, version);
            return null;
        });
    }

    @Override
    public boolean importsNewItems() {
        return peer.importsNewItems();
    }

    @Override
    public java.util.Set<String> unheldSlots() {
        return peer.unheldSlots();
    }

    /** Passed on: a peer that lists by time must get the run's window (a forgotten one listed everything). */
    @Override
    public void limitTo(org.koppel.sync.SyncWindow window) {
        peer.limitTo(window);
    }

    @Override
    public long requests() {
        return peer.requests();
    }
}
