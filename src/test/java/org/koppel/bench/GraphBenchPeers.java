package org.koppel.bench;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.koppel.sync.DataType;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerItem;
import org.koppel.connector.AccessTokens;
import org.koppel.connector.graph.GraphClient;
import org.koppel.connector.graph.GraphContactPeer;
import org.koppel.connector.graph.GraphEventPeer;
import org.koppel.connector.graph.GraphPeers;
import org.koppel.connector.graph.GraphTaskPeer;
import org.koppel.connector.PeerException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.json.JsonMapper;

/**
 * Connections of the Graph benchmarks: the real {@link GraphContactPeer}, {@link GraphEventPeer} (setting
 * {@code calendar}), {@link GraphTaskPeer} (setting {@code taskList}) and {@link GraphClient}, aimed at the Graph fake with a token the fake issued (the connection's secret) for the mailbox in
 * setting {@code mailbox}. Registered in the benchmark's own Spring context only (not a component,
 * so no test context sees it); the production factory with the Microsoft sign-in is not needed for it.
 *
 * <p>Two types: {@link #BATCHED} is the connector as it is (writes in JSON batches of 20), and
 * {@link #UNBATCHED} the same peer with {@code batchSize() = 1}, so the engine hands it one write at a
 * time: the one-request-per-contact way, as the alternative in the same run.
 */
final class GraphBenchPeers implements PeerFactory {

    static final String BATCHED = "graph-bench";
    static final String UNBATCHED = "graph-bench-single";

    private final String type;
    private final URI graphBase;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Every client opened for each connection, for their own counts. */
    private final Map<Long, List<GraphClient>> clients = new ConcurrentHashMap<>();

    GraphBenchPeers(String type, URI graphBase) {
        if (!type.equals(BATCHED) && !type.equals(UNBATCHED)) throw new IllegalArgumentException(type);
        this.type = type;
        this.graphBase = graphBase;
    }

    @Override
    public String type() {
        return type;
    }

    /**
     * Contacts; appointments when the connection names the calendar ({@code calendar} = default) and
     * tasks when it names a To Do list ({@code taskList}), as in production.
     */
    @Override
    public Set<DataType> dataTypes(Connection connection) {
        var types = EnumSet.of(DataType.CONTACTS);
        if (GraphPeers.CALENDAR_DEFAULT.equals(connection.settings().get(GraphPeers.CALENDAR))) types.add(DataType.APPOINTMENTS);
        if (connection.settings().get(GraphPeers.TASK_LIST) != null) types.add(DataType.TASKS);
        if ("on".equals(connection.settings().get("mail"))) types.add(DataType.EMAIL);
        return types;
    }

    /** The mailbox's marked mails ({@code mail} = on): the real {@link GraphMailPeer} on Inbox and Sent Items. */
    @Override
    public org.koppel.connector.mail.MailPeer openMailbox(Connection connection, String secret) {
        return new org.koppel.connector.graph.GraphMailPeer(client(connection, secret), List.of(), json);
    }

    private GraphClient client(Connection connection, String secret) {
        var client = new GraphClient(graphBase, new FixedToken(secret), connection.settings().get("mailbox"));
        clients.computeIfAbsent(connection.id(), id -> new CopyOnWriteArrayList<>()).add(client);
        return client;
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType dataType) {
        var client = client(connection, secret);
        ItemPeer peer = switch (dataType) {
            case CONTACTS -> new GraphContactPeer(client, "koppel", json);
            case APPOINTMENTS -> new GraphEventPeer(client, json);
            case TASKS -> new GraphTaskPeer(client, connection.settings().get(GraphPeers.TASK_LIST), json);
            default -> throw new PeerException.Configuration("the Graph bench does not sync " + dataType, null);
        };
        return type.equals(BATCHED) ? peer : new OneAtATime(peer);
    }

    /** HTTP requests of every client opened for the connection so far, as they count them. */
    long httpRequests(long connectionId) {
        return clients.getOrDefault(connectionId, List.of()).stream().mapToLong(GraphClient::httpRequests).sum();
    }

    /** A token that does not expire during the benchmark: the fake's tokens never do. */
    record FixedToken(String token) implements AccessTokens {
        @Override
        public String current() {
            return token;
        }

        @Override
        public String renew(String rejected) {
            throw new PeerException.AuthExpired("the benchmark's token was refused", null);
        }
    }

    /**
     * A Graph peer with no write batching: {@code batchSize() = 1}, so the engine sends one item
     * per write. The connector has no plain-request write path, so each write goes out as a JSON batch
     * of one: one HTTP round trip and one mailbox request, as a plain POST or PATCH would be.
     * Reading is the connector's own (delta, then 20 GETs per batch) in both variants.
     */
    static final class OneAtATime extends org.koppel.testkit.sim.ForwardingItemPeer {

        OneAtATime(ItemPeer peer) {
            super(peer);
        }

        @Override
        public int batchSize() {
            return 1;
        }

        /** Still the connector's own batch path, with one write in it: the connector has no other. */
        @Override
        public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
            return real.createAll(valuesByCrmId);
        }

        @Override
        public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
            return real.updateAll(updates);
        }
    }
}
