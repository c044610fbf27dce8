package org.koppel.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.koppel.connector.ItemPeer;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.sim.ForwardingItemPeer;

/**
 * A peer that tells what the engine asked it to create, with the values and the time, before the
 * call goes on: "nothing outside the window was pushed" and "a completed task is never created in
 * the peer" are checked against what was sent, whatever the store then made of it.
 */
final class WatchedPeer extends ForwardingItemPeer {

    /** One create the engine sent. */
    record Sent(long crmId, Snapshot values, Instant at) {
    }

    private final List<Sent> creates;

    WatchedPeer(ItemPeer real, List<Sent> creates) {
        super(real);
        this.creates = creates;
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        creates.add(new Sent(crmId, values, Instant.now()));
        return real.create(crmId, values);
    }

    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        if (batchSize() > 1) valuesByCrmId.forEach((id, values) -> creates.add(new Sent(id, values, Instant.now())));
        return super.createAll(valuesByCrmId);
    }
}
