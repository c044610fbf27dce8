package org.koppel.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerItem;
import org.koppel.connector.source.SourceClient;
import org.koppel.connector.source.SourcePeer;
import org.koppel.sync.RelationSlots;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.FaultProxy;
import org.koppel.testkit.source.SourceFaultHooks;
import org.koppel.testkit.source.SourceServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A practice-management system of its own (the reference {@link SourceServer}) behind a
 * {@link FaultProxy} with the source protocol's hooks. Koppel reaches it only through the proxy
 * ({@link #open}); the source's user works in it directly, without faults, in slot terms, with the
 * field names of docs/source-system.md. What the source holds is read back by the connector's own
 * reading ({@link #items}), directly.
 */
final class SourceSide implements AutoCloseable {

    static final String OFFICE = "4711";
    /** Longer than nothing, short enough that a schedule's timeouts cost little: the proxy then drops the exchange. */
    static final Duration HOLD = Duration.ofMillis(300);
    /** Small pages, so that faults hit the middle of a listing. */
    static final int PAGE = 5;
    /** Koppel's address types by the source's. */
    private static final Map<String, String> ADDRESS_TYPE = Map.of("visiting", "head_office", "postal", "postal",
            "private", "private");

    private final String key = "sim-" + UUID.randomUUID();
    final SourceServer server = SourceServer.start(OFFICE, key);
    private final SourceFaultHooks hooks = new SourceFaultHooks(server);
    private final FaultPlan plan;
    private final FaultProxy proxy;
    private final Koppel koppel;
    private final List<ItemPeer> opened = new ArrayList<>();

    SourceSide(long seed, double faultRate, Koppel koppel) {
        this.plan = new FaultPlan(seed, faultRate);
        this.proxy = new FaultProxy(server.baseUrl(), plan, hooks, HOLD);
        this.koppel = koppel;
    }

    /** The connector of one run, through the proxy. */
    synchronized ItemPeer open() {
        ItemPeer peer = peer(proxy.via(server.baseUrl()));
        opened.add(peer);
        return peer;
    }

    private ItemPeer peer(java.net.URI url) {
        return new SourcePeer(new SourceClient(url, OFFICE, key, koppel.outbound, koppel.json, Clock.systemUTC()), koppel.json,
                "one mapping", PAGE);
    }

    FaultPlan plan() {
        return plan;
    }

    void onRace(Consumer<String> racer) {
        hooks.onRace(racer);
    }

    /** Every relation that is not deleted, as the connector reads it, by source id. */
    Map<String, PeerItem> items() {
        try (ItemPeer direct = peer(server.baseUrl())) {
            var items = new HashMap<String, PeerItem>();
            direct.fullListing(id -> null).changed().forEach(i -> items.put(i.peerId(), i));
            return items;
        }
    }

    /** The relation as the source's API shows it (state included), or empty when never made. */
    Optional<JsonNode> raw(String id) {
        return server.relation(id);
    }

    /**
     * The source's user sets one slot of a relation; a shared slot (a contact person's mobile or e-mail)
     * is its one source field, an address slot the part of that address (made when the relation had none).
     */
    void userEdits(String id, String slot, String value) {
        server.edit(id, data -> {
            if (slot.startsWith("address.")) {
                String[] parts = slot.split("\\.");
                address(data, ADDRESS_TYPE.get(parts[1])).put(parts[2], value);
            } else {
                data.put(field(slot), value);
            }
        });
    }

    private static ObjectNode address(ObjectNode data, String type) {
        ArrayNode addresses = data.withArray("addresses");
        for (JsonNode a : addresses) {
            if (type.equals(a.path("type").asString(""))) return (ObjectNode) a;
        }
        return addresses.addObject().put("type", type);
    }

    /** The source field of a slot: the part after the kind ({@code contactPerson.mobile.business} is {@code mobile}). */
    static String field(String slot) {
        String[] parts = slot.split("\\.");
        return parts[1];
    }

    /** The slots one source field feeds: both of a shared pair, else the slot itself. */
    static List<String> fedBy(String slot) {
        for (RelationSlots.SharedField pair : RelationSlots.SHARED) {
            if (pair.slots().contains(slot)) return pair.slots();
        }
        return List.of(slot);
    }

    static ObjectNode fields(Map<String, String> values) {
        ObjectNode node = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        var addresses = new LinkedHashMap<String, ObjectNode>();
        values.forEach((slot, value) -> {
            if (slot.startsWith("address.")) {
                String[] parts = slot.split("\\.");
                addresses.computeIfAbsent(parts[1], t -> node.objectNode().put("type", ADDRESS_TYPE.get(t))).put(parts[2], value);
            } else {
                node.put(field(slot), value);
            }
        });
        ArrayNode list = node.putArray("addresses");
        addresses.values().forEach(list::add);
        return node;
    }

    @Override
    public synchronized void close() {
        opened.forEach(ItemPeer::close);
        proxy.close();
        server.close();
    }
}
