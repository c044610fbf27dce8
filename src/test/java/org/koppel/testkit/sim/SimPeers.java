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

    private final Map<Long, Supplier<ItemPeer>> openers = new ConcurrentHashMap<>();

    public void register(long connectionId, Supplier<ItemPeer> opener) {
        openers.put(connectionId, opener);
    }

    public void forget(long connectionId) {
        openers.remove(connectionId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        Supplier<ItemPeer> opener = openers.get(connection.id());
        if (opener == null) throw new IllegalStateException("no simulation registered connection " + connection.id());
        return opener.get();
    }
}
