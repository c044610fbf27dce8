package org.koppel.sim;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavResource;
import org.koppel.connector.dav.DavSettings;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.carddav.CardDavContactPeer;
import org.koppel.connector.carddav.VCardContacts;
import org.koppel.sync.ContactSlots;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.sim.FaultHooks;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.FaultProxy;
import org.koppel.testkit.Loopback;

import tools.jackson.databind.ObjectMapper;

/** An address book of its own in a real Radicale, behind a fault proxy. */
final class RadicaleSide implements PeerSide, FaultHooks {

    /** Longer than the connector's request timeout below, so a held exchange is a timeout to it. */
    static final Duration HOLD = Duration.ofMillis(2500);
    private static final DavSettings SHORT = Loopback.davSettings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(1500));
    private static final Pattern SYNC_TOKEN = Pattern.compile("sync-token>[^<\\s]+<");
    private static final String INVALID_TOKEN = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:error xmlns:D="DAV:"><D:valid-sync-token/></D:error>""";

    private final URI book;
    private final DavCredentials credentials;
    private final DavCollectionClient direct;
    private final FaultPlan plan;
    private final FaultProxy proxy;
    private final ObjectMapper json;
    private final VCardContacts cards = new VCardContacts();
    private final List<CardDavContactPeer> opened = new ArrayList<>();
    private volatile Consumer<String> racer = id -> { };
    /** The phone's clock: the time now, but at least a second on per edit, as no person edits a card twice in a second. */
    private final java.util.concurrent.atomic.AtomicLong phoneSeconds = new java.util.concurrent.atomic.AtomicLong();
    private static final Pattern REV_LINE = Pattern.compile("(?m)^REV[:;].*\r?\n");
    private static final java.time.format.DateTimeFormatter REV_FORMAT =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    RadicaleSide(Radicale radicale, long seed, double faultRate, ObjectMapper json) {
        this.book = radicale.createAddressBook(Radicale.ALICE, "sim-" + seed + "-" + UUID.randomUUID(), "Simulation");
        this.credentials = new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE));
        this.direct = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book, credentials, Loopback.davSettings());
        this.plan = new FaultPlan(seed, faultRate);
        this.proxy = new FaultProxy(radicale.baseUri(), plan, this, HOLD);
        this.json = json;
    }

    @Override
    public ItemPeer open() {
        var peer = new CardDavContactPeer(DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, proxy.via(book), credentials, SHORT), true, json);
        synchronized (opened) {
            opened.add(peer);
        }
        return peer;
    }

    @Override
    public FaultPlan plan() {
        return plan;
    }

    @Override
    public List<String> editableSlots() {
        return List.of(ContactSlots.GIVEN_NAME, ContactSlots.TEL_HOME, ContactSlots.TEL_CELL, ContactSlots.EMAIL_HOME);
    }

    @Override
    public void onRace(Consumer<String> racer) {
        this.racer = racer;
    }

    @Override
    public Optional<String> userCreates(String givenName, String familyName, String email) {
        String uid = "phone-" + UUID.randomUUID();
        String href = direct.hrefForUid(uid);
        direct.create(href, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + givenName + " " + familyName
                + "\r\nN:" + familyName + ";" + givenName + ";;;\r\nEMAIL;TYPE=HOME:" + email + "\r\nEND:VCARD\r\n");
        return Optional.of(direct.normalize(href));
    }

    @Override
    public Optional<Edited> userEdits(String itemId, String slot, String value) {
        Optional<DavResource> card = direct.get(itemId);
        if (card.isEmpty()) return Optional.empty();
        String vcard = card.get().data();
        Long stamp = cards.stampedCrmId(vcard);
        if (stamp == null) throw new IllegalArgumentException("the simulation edits stamped cards only: " + itemId);
        var values = new HashMap<>(cards.read(vcard));
        if (value == null) values.remove(slot);
        else values.put(slot, value);
        // The phone keeps everything else of the card: only the one slot changes, and REV says when
        // (RFC 6350 §6.7.4), as phones do. So a card a person puts back is not byte for byte the card
        // of before: Radicale's ETag is a hash of the content, and the same ETag means the same card.
        String edited = phoneRevision(cards.write(vcard, values, cards.uid(vcard), stamp));
        direct.update(itemId, card.get().etag(), edited);
        return Optional.of(new Edited(stamp, cards.read(edited).get(slot)));
    }

    private String phoneRevision(String vcard) {
        String rev = "REV:" + REV_FORMAT.format(java.time.Instant.ofEpochSecond(
                phoneSeconds.updateAndGet(last -> Math.max(last + 1, java.time.Instant.now().getEpochSecond())))) + "\r\n";
        String without = REV_LINE.matcher(vcard).replaceAll("");
        int end = without.lastIndexOf("END:VCARD");
        return without.substring(0, end) + rev + without.substring(end);
    }

    @Override
    public void userDeletes(String itemId) {
        direct.get(itemId).ifPresent(card -> direct.delete(itemId, card.etag()));
    }

    @Override
    public Map<String, Item> items() {
        var hrefs = direct.listEtags().stream().map(MemberEtag::href).toList();
        var items = new HashMap<String, Item>();
        if (hrefs.isEmpty()) return items;
        for (DavResource r : direct.multiget(hrefs).found().values()) {
            String id = direct.normalize(r.href());
            items.put(id, new Item(id, cards.stampedCrmId(r.data()), cards.read(r.data())));
        }
        return items;
    }

    // ---- fault hooks: Radicale's protocol ------------------------------------------------------

    @Override
    public boolean raceable(Call call) {
        return (call.method().equals("PUT") || call.method().equals("DELETE")) && call.header().apply("If-Match").isPresent();
    }

    @Override
    public void race(Call call) {
        racer.accept(direct.normalize(call.path()));
    }

    @Override
    public boolean carriesCursor(Call call) {
        return call.method().equals("REPORT") && SYNC_TOKEN.matcher(call.text()).find();
    }

    /** RFC 6578 §3.2: an unknown token fails the DAV:valid-sync-token precondition. */
    @Override
    public Optional<Answer> expireCursor(Call call) {
        return Optional.of(new Answer(403, "application/xml; charset=utf-8", INVALID_TOKEN));
    }

    @Override
    public void close() {
        proxy.close();
        direct.close();
        synchronized (opened) {
            opened.forEach(CardDavContactPeer::close);
        }
    }
}
