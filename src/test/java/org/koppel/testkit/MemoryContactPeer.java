package org.koppel.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

/**
 * An address book in memory, with versions, a change cursor and deterministic ids for created
 * items, like a CardDAV server. {@link #failAfter} makes it throw after a number of calls, to kill
 * a run at a chosen step.
 */
public class MemoryContactPeer implements ItemPeer {

    private record Stored(String version, Long crmId, Snapshot values, Set<String> categories, long changedAt,
                          java.time.Instant modifiedAt) {
        Stored(String version, Long crmId, Snapshot values, Set<String> categories, long changedAt) {
            this(version, crmId, values, categories, changedAt, java.time.Instant.now());
        }
    }

    private final Map<String, Stored> items = new LinkedHashMap<>();
    private final Map<String, Long> deletedAt = new HashMap<>();
    private long clock;
    private int versions;
    private long requests;
    private int callsLeft = Integer.MAX_VALUE;
    private java.time.Duration throttle;
    public final AtomicInteger creates = new AtomicInteger();
    /** How often a run closed this peer; it is the same peer for every run of its connection, so it stays usable. */
    public final AtomicInteger closes = new AtomicInteger();
    private Runnable beforeNextUpdate;
    private int batchSize = 1;
    /** Sizes of the batches the engine handed over, in order. */
    public final List<Integer> createBatches = new ArrayList<>();
    public final List<Integer> updateBatches = new ArrayList<>();

    /** Takes writes in batches of this size, like Graph's $batch. */
    public void takeBatchesOf(int size) {
        batchSize = size;
    }

    /** Something the user does on the phone between the run reading an item and writing it (a 412 race). */
    public synchronized void beforeNextUpdate(Runnable edit) {
        beforeNextUpdate = edit;
    }

    /** The run dies (a crash) at the n-th call from now. */
    public void failAfter(int calls) {
        callsLeft = calls;
    }

    /** The next call answers like a throttled server: 429 with Retry-After. */
    public synchronized void throttleOnce(java.time.Duration retryAfter) {
        throttle = retryAfter;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    public void heal() {
        callsLeft = Integer.MAX_VALUE;
    }

    // ---- what a user does on the phone --------------------------------------------------------

    public synchronized String userCreates(Snapshot values, Set<String> categories) {
        String id = "user-" + (++clock);
        items.put(id, new Stored(nextVersion(), null, values, categories, clock));
        return id;
    }

    public synchronized void userEdits(String id, String slot, String value) {
        Stored s = items.get(id);
        var values = new java.util.TreeMap<>(s.values().values());
        if (value == null) values.remove(slot);
        else values.put(slot, value);
        items.put(id, new Stored(nextVersion(), s.crmId(), Snapshot.of(values), s.categories(), ++clock));
    }

    public synchronized void userDeletes(String id) {
        items.remove(id);
        deletedAt.put(id, ++clock);
    }

    public synchronized Map<String, Snapshot> contents() {
        var result = new LinkedHashMap<String, Snapshot>();
        items.forEach((id, s) -> result.put(id, s.values()));
        return result;
    }

    public synchronized Long stampOf(String id) {
        return items.get(id).crmId();
    }

    public synchronized long requestCount() {
        return requests;
    }

    // ---- ItemPeer ------------------------------------------------------------------------

    /** Runs while the run lists the peer's changes (before it writes anything): to lose a lease there, say. */
    public volatile Runnable duringListing = () -> { };
    /** The window the engine gave the last run, for tests of dated data types. */
    public volatile org.koppel.sync.SyncWindow window;

    @Override
    public void limitTo(org.koppel.sync.SyncWindow window) {
        this.window = window;
    }

    @Override
    public synchronized PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        call();
        duringListing.run();
        long since = Long.parseLong(cursor);
        var changed = new ArrayList<PeerItem>();
        items.forEach((id, s) -> {
            if (s.changedAt() > since && !s.version().equals(knownVersion.apply(id))) changed.add(item(id, s));
        });
        var removed = new ArrayList<String>();
        deletedAt.forEach((id, at) -> {
            if (at > since) removed.add(id);
        });
        return new PeerDelta(changed, removed, Set.of(), false, Long.toString(clock));
    }

    @Override
    public synchronized PeerDelta fullListing(Function<String, String> knownVersion) {
        call();
        duringListing.run();
        var changed = new ArrayList<PeerItem>();
        items.forEach((id, s) -> {
            if (!s.version().equals(knownVersion.apply(id))) changed.add(item(id, s));
        });
        return new PeerDelta(changed, List.of(), new HashSet<>(items.keySet()), true, Long.toString(clock));
    }

    @Override
    public synchronized Map<String, PeerItem> fetch(Collection<String> peerIds) {
        call();
        var result = new HashMap<String, PeerItem>();
        for (String id : peerIds) if (items.containsKey(id)) result.put(id, item(id, items.get(id)));
        return result;
    }

    @Override
    public synchronized Created create(long crmId, Snapshot values) {
        call();
        String id = "koppel-" + crmId;
        if (items.containsKey(id)) return new Created(item(id, items.get(id)), true);
        creates.incrementAndGet();
        // Made again at the address of one deleted earlier: a server reports a member as it is now, not also as removed.
        deletedAt.remove(id);
        Stored s = new Stored(nextVersion(), crmId, values, Set.of(), ++clock);
        items.put(id, s);
        return new Created(item(id, s), false);
    }

    @Override
    public synchronized PeerItem update(PeerItem current, Snapshot values, long crmId) {
        call();
        if (beforeNextUpdate != null) {
            Runnable edit = beforeNextUpdate;
            beforeNextUpdate = null;
            edit.run();
        }
        Stored s = items.get(current.peerId());
        if (s == null || !s.version().equals(current.version())) {
            throw new PeerException.VersionMismatch(current.peerId() + " changed meanwhile", null);
        }
        Stored updated = new Stored(nextVersion(), crmId, values, s.categories(), ++clock);
        items.put(current.peerId(), updated);
        return item(current.peerId(), updated);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /** Runs while the engine hands over a batch of creates: to look at a run from the inside. */
    public volatile Runnable duringCreateAll = () -> { };

    @Override
    public synchronized Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        createBatches.add(valuesByCrmId.size());
        duringCreateAll.run();
        return ItemPeer.super.createAll(valuesByCrmId);
    }

    @Override
    public synchronized Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        updateBatches.add(updates.size());
        return ItemPeer.super.updateAll(updates);
    }

    @Override
    public synchronized void delete(String peerId, String version) {
        call();
        Stored stored = items.get(peerId);
        if (stored == null) return;
        // conditional, like DELETE with If-Match on a CardDAV server or Graph
        if (version != null && !version.equals(stored.version())) {
            throw new PeerException.VersionMismatch(peerId + " changed since version " + version, null);
        }
        items.remove(peerId);
        deletedAt.put(peerId, ++clock);
    }

    @Override
    public synchronized long requests() {
        return requests;
    }

    private void call() {
        requests++;
        if (throttle != null) {
            var wait = throttle;
            throttle = null;
            throw new PeerException.Transient("429 Too Many Requests", wait, null);
        }
        if (--callsLeft < 0) {
            callsLeft = Integer.MAX_VALUE;
            throw new IllegalStateException("killed: the run stops here, as if the process died");
        }
    }

    private String nextVersion() {
        return "v" + (++versions);
    }

    private static PeerItem item(String id, Stored s) {
        return new PeerItem(id, s.version(), s.crmId(), s.values(), s.categories(), null, s.modifiedAt());
    }
}
