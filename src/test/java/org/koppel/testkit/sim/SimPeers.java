package org.koppel.testkit.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.koppel.sync.DataType;
import org.koppel.connector.ItemPeer;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.springframework.stereotype.Component;

/**
 * Connections of type "sim": each opens the peer its simulation registered for it (a real CardDAV
 * or Graph connector pointed at a {@link FaultProxy}, behind a {@link KillSwitchPeer}). The
 * simulation builds the connector itself, with short timeouts, so injected timeouts cost seconds.
 */
@Component
public class SimPeers implements PeerFactory {

    public static final String TYPE = "sim";

    private final Map<Long, Map<DataType, Supplier<ItemPeer>>> openers = new ConcurrentHashMap<>();

    /** The connection's address book. */
    public void register(long connectionId, Supplier<ItemPeer> opener) {
        register(connectionId, DataType.CONTACTS, opener);
    }

    /** The connection's store of one data type: it has those registered, and only those ({@link #dataTypes}). */
    public void register(long connectionId, DataType type, Supplier<ItemPeer> opener) {
        openers.computeIfAbsent(connectionId, id -> new ConcurrentHashMap<>()).put(type, opener);
    }

    public void forget(long connectionId) {
        openers.remove(connectionId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public java.util.Set<DataType> dataTypes(Connection connection) {
        var types = java.util.EnumSet.noneOf(DataType.class);
        types.addAll(openers.getOrDefault(connection.id(), Map.of()).keySet());
        return types;
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        Supplier<ItemPeer> opener = openers.getOrDefault(connection.id(), Map.of()).get(type);
        if (opener == null) throw new IllegalStateException("no simulation registered connection " + connection.id() + " for " + type);
        return opener.get();
    }
}
