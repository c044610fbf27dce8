package org.koppel.testkit;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import org.koppel.sync.DataType;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerItem;
import org.koppel.connector.carddav.CardDavPeers;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.sync.Snapshot;
import org.springframework.stereotype.Component;

/**
 * Connections of type "carddav-crashing" are CardDAV connections whose run dies (as if the process
 * were killed) after a set number of peer calls: {@link #crashAfter}. Each call is one or more
 * HTTP requests, so a run can be cut before or after any write.
 */
@Component
public class FaultyPeers implements PeerFactory {

    private final CardDavPeers carddav;
    private volatile int callsLeft = Integer.MAX_VALUE;

    public FaultyPeers(CardDavPeers carddav) {
        this.carddav = carddav;
    }

    public void crashAfter(int calls) {
        callsLeft = calls;
    }

    @Override
    public String type() {
        return "carddav-crashing";
    }

    @Override
    public Map<String, String> setUp(Map<String, String> settings, String secret) {
        return carddav.setUp(settings, secret);
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        ItemPeer real = carddav.open(connection, secret, type);
        return new ItemPeer() {
            private void step() {
                if (callsLeft-- <= 0) {
                    callsLeft = Integer.MAX_VALUE;
                    throw new IllegalStateException("killed here, as if the process died");
                }
            }

            @Override
            public PeerDelta changes(String cursor, Function<String, String> known) {
                step();
                return real.changes(cursor, known);
            }

            @Override
            public PeerDelta fullListing(Function<String, String> known) {
                step();
                return real.fullListing(known);
            }

            @Override
            public Map<String, PeerItem> fetch(Collection<String> ids) {
                step();
                return real.fetch(ids);
            }

            @Override
            public Created create(long crmId, Snapshot values) {
                step();
                Created created = real.create(crmId, values);
                step(); // dies after the peer confirmed, before the link is stored
                return created;
            }

            @Override
            public PeerItem update(PeerItem current, Snapshot values, long crmId) {
                step();
                PeerItem updated = real.update(current, values, crmId);
                step();
                return updated;
            }

            @Override
            public void delete(String peerId, String version) {
                step();
                real.delete(peerId, version);
            }

            @Override
            public long requests() {
                return real.requests();
            }
        };
    }
}
