package org.koppel.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.koppel.connector.ItemPeer;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.MemoryContactPeer;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.FaultyItemPeer;

/**
 * A calendar or task list in memory ({@link MemoryContactPeer} holds plain slot values: the engine's
 * view of any store), with the fault plan applied per call ({@link FaultyItemPeer}).
 */
final class MemoryStoreSide implements StoreSide {

    private final DataType type;
    private final MemoryContactPeer store = new MemoryContactPeer();
    private final FaultPlan plan;
    private volatile Consumer<String> racer = id -> { };

    MemoryStoreSide(DataType type, long seed, double faultRate) {
        this.type = type;
        this.plan = new FaultPlan(seed, faultRate);
    }

    @Override
    public DataType type() {
        return type;
    }

    @Override
    public ItemPeer open() {
        return new FaultyItemPeer(store, plan, id -> racer.accept(id));
    }

    @Override
    public FaultPlan plan() {
        return plan;
    }

    @Override
    public void onRace(Consumer<String> racer) {
        this.racer = racer;
    }

    @Override
    public String userCreates(Map<String, String> slots) {
        return store.userCreates(Snapshot.of(slots), Set.of());
    }

    @Override
    public Optional<Item> userEdits(String itemId, Map<String, String> changes) {
        synchronized (store) {
            if (!store.contents().containsKey(itemId)) return Optional.empty();
            changes.forEach((slot, value) -> store.userEdits(itemId, slot, value));
            return Optional.ofNullable(items().get(itemId));
        }
    }

    @Override
    public void userDeletes(String itemId) {
        store.userDeletes(itemId);
    }

    @Override
    public Map<String, Item> items() {
        synchronized (store) {
            var items = new HashMap<String, Item>();
            store.contents().forEach((id, values) -> items.put(id, new Item(id, store.stampOf(id), new TreeMap<>(values.values()))));
            return items;
        }
    }

    @Override
    public void close() {
    }
}
