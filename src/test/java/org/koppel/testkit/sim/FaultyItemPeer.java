package org.koppel.testkit.sim;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

/**
 * The {@link FaultProxy}'s faults for a peer without HTTP (an in-memory store): the same
 * {@link FaultPlan}, applied per call as the connector would report them. A fault before the call
 * never reaches the store; one after it lets the store act and loses the answer (a timeout, a reset,
 * a body cut off or broken): the engine sees a transient failure and cannot know whether the write
 * landed. A conditional write can meet a real version mismatch (the peer's user edits the item
 * first), a change listing an expired cursor.
 */
public final class FaultyItemPeer extends ForwardingItemPeer {

    private final FaultPlan plan;
    private final Consumer<String> racer;

    /** @param racer edits the item of the given id as the peer's user, directly in the store */
    public FaultyItemPeer(ItemPeer real, FaultPlan plan, Consumer<String> racer) {
        super(real);
        this.plan = plan;
        this.racer = racer;
    }

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        Fault fault = plan.next(false, cursor != null);
        if (fault == Fault.CURSOR_EXPIRED) {
            plan.count(fault);
            throw new PeerException.CursorExpired("the store forgot cursor " + cursor, null);
        }
        return call(fault, () -> real.changes(cursor, knownVersion));
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        return call(plan.next(false, false), () -> real.fullListing(knownVersion));
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        return call(plan.next(false, false), () -> real.fetch(peerIds));
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        return call(plan.next(false, false), () -> real.create(crmId, values));
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return call(raceOr(plan.next(true, false), current.peerId()), () -> real.update(current, values, crmId));
    }

    @Override
    public void delete(String peerId, String version) {
        call(raceOr(plan.next(version != null, false), peerId), () -> {
            real.delete(peerId, version);
            return null;
        });
    }

    /** One write per call, each with its own fault. */
    @Override
    public int batchSize() {
        return 1;
    }

    /** A race is the user's edit just before the write: the write then goes on and meets the store's own mismatch. */
    private Fault raceOr(Fault fault, String peerId) {
        if (fault != Fault.PRECONDITION_RACE) return fault;
        plan.count(fault);
        racer.accept(peerId);
        return null;
    }

    private <T> T call(Fault fault, Supplier<T> work) {
        if (fault == null) return work.get();
        plan.count(fault);
        switch (fault) {
            case SERVER_ERROR, TIMEOUT_BEFORE, RESET_BEFORE -> throw transientFailure(fault, null);
            case THROTTLED -> throw transientFailure(fault, Duration.ofSeconds(1));
            default -> {
                work.get();
                throw transientFailure(fault, null);
            }
        }
    }

    private static PeerException.Transient transientFailure(Fault fault, Duration retryAfter) {
        return new PeerException.Transient("injected: " + fault, retryAfter, null);
    }
}
