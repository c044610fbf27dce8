package org.koppel.sim;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

/**
 * A peer that tells what the engine asked it to create, with the values and the time, before the
 * call goes on: "nothing outside the window was pushed" and "a completed task is never created in
 * the peer" are checked against what was sent, whatever the store then made of it.
 */
final class WatchedPeer implements ItemPeer {

    /** One create the engine sent. */
    record Sent(long crmId, Snapshot values, Instant at) {
    }

    private final ItemPeer real;
    private final List<Sent> creates;

    WatchedPeer(ItemPeer real, List<Sent> creates) {
        this.real = real;
        this.creates = creates;
    }

    @Override
    public void limitTo(org.koppel.sync.SyncWindow window) {
        real.limitTo(window);
    }

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        return real.changes(cursor, knownVersion);
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        return real.fullListing(knownVersion);
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        return real.fetch(peerIds);
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        creates.add(new Sent(crmId, values, Instant.now()));
        return real.create(crmId, values);
    }

    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        if (real.batchSize() <= 1) return ItemPeer.super.createAll(valuesByCrmId);
        valuesByCrmId.forEach((id, values) -> creates.add(new Sent(id, values, Instant.now())));
        return real.createAll(valuesByCrmId);
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return real.update(current, values, crmId);
    }

    @Override
    public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        if (real.batchSize() <= 1) return ItemPeer.super.updateAll(updates);
        return real.updateAll(updates);
    }

    @Override
    public int batchSize() {
        return real.batchSize();
    }

    @Override
    public void delete(String peerId, String version) {
        real.delete(peerId, version);
    }

    @Override
    public boolean importsNewItems() {
        return real.importsNewItems();
    }

    @Override
    public long requests() {
        return real.requests();
    }

    @Override
    public void close() {
        real.close();
    }
}
