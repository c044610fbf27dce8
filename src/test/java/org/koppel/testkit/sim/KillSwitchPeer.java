package org.koppel.testkit.sim;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

/** A peer whose every call is a step of the {@link KillSwitch}, before and (for writes) after the peer confirmed. */
public final class KillSwitchPeer extends ForwardingItemPeer {

    private final KillSwitch kill;

    public KillSwitchPeer(ItemPeer real, KillSwitch kill) {
        super(real);
        this.kill = kill;
    }

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        kill.step();
        return real.changes(cursor, knownVersion);
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        kill.step();
        return real.fullListing(knownVersion);
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        kill.step();
        return real.fetch(peerIds);
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        kill.step();
        Created created = real.create(crmId, values);
        kill.step(); // dies after the peer confirmed, before the link is stored
        return created;
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        kill.step();
        PeerItem updated = real.update(current, values, crmId);
        kill.step();
        return updated;
    }

    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        if (batchSize() <= 1) return super.createAll(valuesByCrmId);
        kill.step();
        var written = real.createAll(valuesByCrmId);
        kill.step();
        return written;
    }

    @Override
    public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        if (batchSize() <= 1) return super.updateAll(updates);
        kill.step();
        var written = real.updateAll(updates);
        kill.step();
        return written;
    }

    @Override
    public void delete(String peerId, String version) {
        kill.step();
        real.delete(peerId, version);
        kill.step();
    }

    /** The sides close the connectors they opened when their schedule ends. */
    @Override
    public void close() {
    }
}
