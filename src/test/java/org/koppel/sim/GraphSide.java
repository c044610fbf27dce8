package org.koppel.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.connector.AccessTokens;
import org.koppel.connector.graph.GraphClient;
import org.koppel.connector.graph.GraphContactPeer;
import org.koppel.connector.graph.GraphContacts;
import org.koppel.connector.graph.MailboxGate;
import org.koppel.sync.ContactSlots;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.sim.FaultHooks;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.FaultProxy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** A mailbox of its own in a Graph fake of its own, behind a fault proxy; the user edits in "Outlook" through the fake's hooks. */
final class GraphSide implements PeerSide, FaultHooks {

    static final Duration HOLD = Duration.ofMillis(2500);
    private static final String FOLDER = "Koppel";

    private final FakeGraph graph = FakeGraph.start();
    private final String mailbox;
    private final String token;
    private final FaultPlan plan;
    private final FaultProxy proxy;
    private final ObjectMapper json;
    private final GraphContacts contacts;
    private volatile Consumer<String> racer = id -> { };

    GraphSide(long seed, double faultRate, ObjectMapper json) {
        this.mailbox = "sim-" + seed + "@koppel.test";
        this.token = graph.issueToken(mailbox);
        this.plan = new FaultPlan(seed, faultRate);
        this.proxy = new FaultProxy(graph.baseUrl(), plan, this, HOLD);
        this.json = json;
        this.contacts = new GraphContacts(json);
    }

    @Override
    public ItemPeer open() {
        AccessTokens tokens = new AccessTokens() {
            @Override
            public String current() {
                return token;
            }

            @Override
            public String renew(String rejected) {
                throw new PeerException.AuthExpired("the simulation's token does not renew", null);
            }
        };
        // Waits for Retry-After stay short, so a throttled run either waits a second or ends and is run again.
        var options = GraphClient.Options.defaults().withLongestWait(Duration.ofSeconds(3)).withReadTimeout(Duration.ofMillis(1500));
        var client = new GraphClient(proxy.via(graph.baseUrl()), tokens, MailboxGate.unshared(MailboxGate.OUTLOOK_CONCURRENCY),
                json, options);
        return new GraphContactPeer(client, "koppel", json);
    }

    @Override
    public FaultPlan plan() {
        return plan;
    }

    /** E-mail is left out: Outlook's e-mail layout is a mapping of its own (EmailLayout), not what this simulation is about. */
    @Override
    public List<String> editableSlots() {
        return List.of(ContactSlots.GIVEN_NAME, ContactSlots.TEL_HOME, ContactSlots.TEL_CELL);
    }

    @Override
    public void onRace(Consumer<String> racer) {
        this.racer = racer;
    }

    @Override
    public Optional<String> userCreates(String givenName, String familyName, String email) {
        return graph.folderNamed(mailbox, FOLDER).map(folder -> graph.outlookCreate(mailbox, folder, json.createObjectNode()
                .put("givenName", givenName).put("surname", familyName).toString()));
    }

    @Override
    public Optional<Edited> userEdits(String itemId, String slot, String value) {
        Optional<ObjectNode> before = graph.contact(mailbox, itemId);
        if (before.isEmpty()) return Optional.empty();
        ObjectNode change = json.createObjectNode();
        switch (slot) {
            case ContactSlots.GIVEN_NAME -> change.put("givenName", value);
            case ContactSlots.TEL_CELL -> change.put("mobilePhone", value);
            case ContactSlots.TEL_HOME -> {
                var phones = change.putArray("homePhones");
                if (value != null) phones.add(value);
            }
            default -> throw new IllegalArgumentException("not edited in Outlook here: " + slot);
        }
        graph.outlookEdit(mailbox, itemId, change.toString());
        ObjectNode after = graph.contact(mailbox, itemId).orElseThrow();
        return Optional.of(new Edited(contacts.stampedCrmId(after), contacts.read(after).get(slot)));
    }

    @Override
    public void userDeletes(String itemId) {
        graph.outlookDelete(mailbox, itemId);
    }

    @Override
    public Map<String, Item> items() {
        var items = new HashMap<String, Item>();
        graph.folderNamed(mailbox, FOLDER).ifPresent(folder -> {
            for (ObjectNode c : graph.contacts(mailbox, folder)) {
                String id = c.path("id").asString();
                items.put(id, new Item(id, contacts.stampedCrmId(c), contacts.read(c)));
            }
        });
        return items;
    }

    // ---- fault hooks: Graph's protocol --------------------------------------------------------

    @Override
    public boolean raceable(Call call) {
        return racedContact(call).isPresent();
    }

    @Override
    public void race(Call call) {
        racedContact(call).ifPresent(racer);
    }

    /** The contact of a PATCH with If-Match (in a JSON batch, the first such) or of a DELETE with If-Match. */
    private Optional<String> racedContact(Call call) {
        if (call.method().equals("DELETE") && call.header().apply("If-Match").isPresent()) return Optional.of(lastSegment(call.path()));
        if (!call.method().equals("POST") || !call.path().endsWith("/$batch")) return Optional.empty();
        String text = call.text();
        if (!text.contains("If-Match")) return Optional.empty();
        for (JsonNode r : json.readTree(text).path("requests")) {
            if (r.path("method").asString("").equals("PATCH") && r.path("headers").has("If-Match")) {
                String url = r.path("url").asString("");
                int q = url.indexOf('?');
                return Optional.of(lastSegment(q < 0 ? url : url.substring(0, q)));
            }
        }
        return Optional.empty();
    }

    private static String lastSegment(String path) {
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public boolean carriesCursor(Call call) {
        return call.method().equals("GET") && call.path().endsWith("/delta") && call.target().contains("deltatoken=");
    }

    /** The fake forgets the mailbox's delta tokens; the forwarded request then gets its 410 syncStateNotFound. */
    @Override
    public Optional<Answer> expireCursor(Call call) {
        graph.expireDeltaTokens(mailbox);
        return Optional.empty();
    }

    @Override
    public void close() {
        proxy.close();
        graph.close();
    }
}
