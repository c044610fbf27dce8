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
import org.koppel.connector.google.GoogleContactPeer;
import org.koppel.connector.google.GoogleContacts;
import org.koppel.connector.google.PeopleClient;
import org.koppel.sync.ContactSlots;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;
import org.koppel.testkit.sim.FaultHooks;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.FaultProxy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A Google account of its own in a Google fake of its own, behind a fault proxy; the user edits in "Google Contacts" through the fake's hooks. */
final class GoogleSide implements PeerSide, FaultHooks {

    static final Duration HOLD = Duration.ofMillis(2500);

    private final FakeGoogle google = FakeGoogle.start();
    private final FakeGoogleAccounts accounts = new FakeGoogleAccounts(google);
    private final String user;
    private final FaultPlan plan;
    private final FaultProxy proxy;
    private final ObjectMapper json;
    private final GoogleContacts contacts;
    private volatile Consumer<String> racer = id -> { };

    GoogleSide(long seed, double faultRate, ObjectMapper json) {
        this.user = "sim-" + seed + "@gmail.test";
        this.plan = new FaultPlan(seed, faultRate);
        this.proxy = new FaultProxy(google.peopleBaseUrl(), plan, this, HOLD);
        this.json = json;
        this.contacts = new GoogleContacts(json);
    }

    @Override
    public ItemPeer open() {
        // Waits for Retry-After stay short, so a throttled run either waits a second or ends and is run again.
        var options = PeopleClient.Options.defaults().withLongestWait(Duration.ofSeconds(3)).withReadTimeout(Duration.ofMillis(1500))
                .withPageSize(7);
        var client = new PeopleClient(proxy.via(google.peopleBaseUrl()), accounts.tokens(null, user), json, options);
        return new GoogleContactPeer(client, json);
    }

    @Override
    public FaultPlan plan() {
        return plan;
    }

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
        ObjectNode person = json.createObjectNode();
        person.putArray("names").addObject().put("givenName", givenName).put("familyName", familyName);
        if (email != null) person.putArray("emailAddresses").addObject().put("value", email).put("type", "home");
        return Optional.of(google.userCreates(user, person.toString()));
    }

    @Override
    public Optional<Edited> userEdits(String itemId, String slot, String value) {
        Optional<ObjectNode> before = google.contact(user, itemId);
        if (before.isEmpty()) return Optional.empty();
        ObjectNode change = json.createObjectNode();
        switch (slot) {
            case ContactSlots.GIVEN_NAME -> {
                ArrayNode names = copy(before.get(), "names");
                ObjectNode name = names.isEmpty() ? names.addObject() : (ObjectNode) names.get(0);
                if (value == null) name.remove("givenName");
                else name.put("givenName", value);
                change.set("names", names);
            }
            case ContactSlots.TEL_HOME -> change.set("phoneNumbers", phone(before.get(), "home", value));
            case ContactSlots.TEL_CELL -> change.set("phoneNumbers", phone(before.get(), "mobile", value));
            default -> throw new IllegalArgumentException("not edited in Google Contacts here: " + slot);
        }
        google.userEdits(user, itemId, change.toString());
        ObjectNode after = google.contact(user, itemId).orElseThrow();
        return Optional.of(new Edited(contacts.stampedCrmId(after), contacts.read(after).get(slot)));
    }

    /** The phone numbers with the first of {@code type} set to {@code value} (added, or removed for null); the others kept. */
    private ArrayNode phone(JsonNode person, String type, String value) {
        ArrayNode phones = copy(person, "phoneNumbers");
        for (int i = 0; i < phones.size(); i++) {
            if (type.equals(phones.get(i).path("type").asString(""))) {
                if (value == null) phones.remove(i);
                else ((ObjectNode) phones.get(i)).put("value", value);
                return phones;
            }
        }
        if (value != null) phones.addObject().put("value", value).put("type", type);
        return phones;
    }

    private ArrayNode copy(JsonNode person, String field) {
        return person.path(field).isArray() ? (ArrayNode) person.get(field).deepCopy() : json.createArrayNode();
    }

    @Override
    public void userDeletes(String itemId) {
        if (google.contact(user, itemId).isPresent()) google.userDeletes(user, itemId);
    }

    @Override
    public Map<String, Item> items() {
        var items = new HashMap<String, Item>();
        for (ObjectNode c : google.contacts(user)) {
            String id = c.path("resourceName").asString();
            items.put(id, new Item(id, contacts.stampedCrmId(c), contacts.read(c)));
        }
        return items;
    }

    // ---- fault hooks: the People API ----------------------------------------------------------

    /** updateContact carries the etag read: a precondition the race can break (400 failedPrecondition). */
    @Override
    public boolean raceable(Call call) {
        return call.method().equals("PATCH") && call.path().endsWith(":updateContact");
    }

    @Override
    public void race(Call call) {
        String path = call.path();
        String id = path.substring(path.indexOf("/people/") + 1, path.lastIndexOf(':'));
        racer.accept(URLDecoder.decode(id, StandardCharsets.UTF_8));
    }

    @Override
    public boolean carriesCursor(Call call) {
        return call.method().equals("GET") && call.path().endsWith("/people/me/connections") && call.target().contains("syncToken=");
    }

    /** The fake expires the account's sync tokens; the forwarded request then gets its 410 EXPIRED_SYNC_TOKEN. */
    @Override
    public Optional<Answer> expireCursor(Call call) {
        google.expireSyncTokens(user);
        return Optional.empty();
    }

    @Override
    public void close() {
        proxy.close();
        google.close();
    }
}
