package org.koppel.testkit.sim;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

/**
 * A peer that hands every call to another; the simulation's wrappers (kill switch, faults, what was
 * sent) override the calls they act on. Writes the real peer does not batch go one by one through
 * this peer's own {@link #create} and {@link #update}, so a wrapper sees each of them.
 */
public abstract class ForwardingItemPeer implements ItemPeer {

    protected final ItemPeer real;

    protected ForwardingItemPeer(ItemPeer real) {
        this.real = real;
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
        return real.create(crmId, values);
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return real.update(current, values, crmId);
    }

    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        return batchSize() <= 1 ? ItemPeer.super.createAll(valuesByCrmId) : real.createAll(valuesByCrmId);
    }

    @Override
    public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        return batchSize() <= 1 ? ItemPeer.super.updateAll(updates) : real.updateAll(updates);
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
    public java.util.Set<String> unheldSlots() {
        return real.unheldSlots();
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
