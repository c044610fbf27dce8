package org.koppel.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.koppel.connector.ContactPeer;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.springframework.stereotype.Component;

/** Connections of type "memory" sync with a {@link MemoryContactPeer}, one per connection. */
@Component
public class MemoryPeers implements PeerFactory {

    private final Map<Long, MemoryContactPeer> peers = new ConcurrentHashMap<>();
    /** What {@link #afterRun} and {@link #detach} do; tests make them fail or count. */
    public volatile java.util.function.Consumer<Connection> afterRun = c -> { };
    public volatile java.util.function.Consumer<Connection> detach = c -> { };

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public ContactPeer open(Connection connection, String secret) {
        return of(connection.id());
    }

    @Override
    public void afterRun(Connection connection, String secret, ContactPeer peer) {
        afterRun.accept(connection);
    }

    @Override
    public void detach(Connection connection, String secret) {
        detach.accept(connection);
    }

    public MemoryContactPeer of(long connectionId) {
        return peers.computeIfAbsent(connectionId, id -> new MemoryContactPeer());
    }
}
