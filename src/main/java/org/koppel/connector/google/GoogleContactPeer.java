package org.koppel.connector.google;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Google account's contacts ("myContacts") as the sync engine's contact peer, through the People API.
 *
 * <p>Changes come from people.connections.list with a sync token ({@link GoogleCursor}); the listing
 * carries whole contacts, so nothing is fetched after it, and contacts at the version the engine knows
 * (their etag) are passed over. Deleted contacts come as a person with {@code metadata.deleted}. An
 * expired token (410) is {@link PeerException.CursorExpired}: the engine lists everything and reconciles
 * against its links, which neither wipes nor imports anything twice.
 *
 * <p><b>Creation is not idempotent by id:</b> Google chooses the resource name. The CRM id is stamped into
 * the contact's client data ({@link KoppelData#ID}); a contact whose link was lost (a crash between create
 * and link, or a record that left the scope and came back, rule 7) is found by its stamp before creating:
 * after a full listing every stamped contact was handed to the engine already; otherwise the first create
 * of a run lists the contacts' client data once (1000 a request) and uses that index.
 *
 * <p>Writes are sent one at a time: "Mutate requests for the same user should be sent sequentially to
 * avoid increased latency and failures" (createContact, https://developers.google.com/people/api/rest/v1/people/createContact).
 */
public final class GoogleContactPeer implements ItemPeer {

    private final PeopleClient client;
    private final GoogleContacts contacts;
    private final ObjectMapper json;
    /** Stamped CRM id → resource name, once looked up in this run; null until then. */
    private Map<Long, String> stamps;
    private boolean listedAll;

    public GoogleContactPeer(PeopleClient client, ObjectMapper json) {
        this.client = client;
        this.contacts = new GoogleContacts(json);
        this.json = json;
    }

    @Override
    public long requests() {
        return client.requests();
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- reading --------------------------------------------------------------------------------

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        if (cursor == null) return fullListing(knownVersion);
        GoogleCursor from = GoogleCursor.read(cursor, GoogleContacts.PERSON_FIELDS, json);
        var changed = new ArrayList<PeerItem>();
        var removed = new ArrayList<String>();
        var rejected = new LinkedHashMap<String, String>();
        String pageToken = null;
        PeopleClient.Page page;
        do {
            page = client.list(GoogleContacts.PERSON_FIELDS, pageToken, from.syncToken(), true);
            for (JsonNode person : page.people()) {
                String name = person.path("resourceName").asString();
                if (person.path("metadata").path("deleted").asBoolean(false)) removed.add(name);
                else take(person, knownVersion, changed, rejected);
            }
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        return new PeerDelta(changed, removed, Set.of(), false, nextCursor(page, from.syncToken()), rejected);
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        var changed = new ArrayList<PeerItem>();
        var present = new LinkedHashSet<String>();
        var rejected = new LinkedHashMap<String, String>();
        var stamped = new HashMap<Long, String>();
        String pageToken = null;
        PeopleClient.Page page;
        do {
            page = client.list(GoogleContacts.PERSON_FIELDS, pageToken, null, true);
            for (JsonNode person : page.people()) {
                String name = person.path("resourceName").asString();
                present.add(name);
                Long crmId = contacts.stampedCrmId(person);
                if (crmId != null) stamped.putIfAbsent(crmId, name);
                take(person, knownVersion, changed, rejected);
            }
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        listedAll = true;
        stamps = stamped;
        return new PeerDelta(changed, List.of(), present, true, nextCursor(page, null), rejected);
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        var items = new LinkedHashMap<String, PeerItem>();
        client.batchGet(List.copyOf(peerIds), GoogleContacts.PERSON_FIELDS).forEach((name, person) -> items.put(name, item(person)));
        return items;
    }

    private void take(JsonNode person, Function<String, String> knownVersion, List<PeerItem> changed, Map<String, String> rejected) {
        String name = person.path("resourceName").asString();
        if (person.path("etag").asString("").equals(knownVersion.apply(name))) return;
        try {
            changed.add(item(person));
        } catch (RuntimeException unreadable) {
            rejected.put(name, "the Google contact cannot be read: " + unreadable.getMessage());
        }
    }

    private String nextCursor(PeopleClient.Page last, String previous) {
        String token = last.nextSyncToken() != null ? last.nextSyncToken() : previous;
        return token == null ? null : GoogleCursor.write(token, GoogleContacts.PERSON_FIELDS, json);
    }

    // ---- writing --------------------------------------------------------------------------------

    @Override
    public Created create(long crmId, Snapshot values) {
        String existing = stamped(crmId);
        if (existing != null) {
            PeerItem found = fetch(List.of(existing)).get(existing);
            if (found != null) return new Created(found, true);
        }
        GoogleContacts.Write write = contacts.write(json.createObjectNode(), values.values(), crmId);
        try {
            return new Created(item(client.create(write.person(), GoogleContacts.PERSON_FIELDS)), false);
        } catch (IllegalArgumentException unwritable) {
            throw new PeerException.ItemRejected(unwritable.getMessage(), unwritable);
        }
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        JsonNode person = current.raw() != null ? json.readTree(current.raw()) : null;
        if (person == null) {
            PeerItem read = fetch(List.of(current.peerId())).get(current.peerId());
            if (read == null) throw new PeerException.VersionMismatch("the Google contact was deleted meanwhile", null);
            if (current.version() != null && !current.version().equals(read.version())) {
                throw new PeerException.VersionMismatch("the Google contact changed since it was read", null);
            }
            person = json.readTree(read.raw());
        }
        GoogleContacts.Write write;
        try {
            write = contacts.write(person, values.values(), crmId);
        } catch (IllegalArgumentException unwritable) {
            throw new PeerException.ItemRejected(unwritable.getMessage(), unwritable);
        }
        if (write.empty()) return current;
        JsonNode updated = client.update(current.peerId(), write.person(), String.join(",", write.fields()), GoogleContacts.PERSON_FIELDS);
        return item(updated);
    }

    /**
     * deleteContact has no precondition, so the version is checked by reading the contact first: a
     * contact changed in Google since it was last synced is not deleted ({@link PeerException.VersionMismatch}).
     */
    @Override
    public void delete(String peerId, String version) {
        if (version != null) {
            JsonNode person = client.get(peerId, "metadata");
            if (person == null) return;
            if (!version.equals(person.path("etag").asString(""))) {
                throw new PeerException.VersionMismatch("the Google contact changed since it was last synced", null);
            }
        }
        client.delete(peerId);
        if (stamps != null) stamps.values().remove(peerId);
    }

    /** The contact stamped with this CRM id, if this run knows of one. */
    private String stamped(long crmId) {
        if (stamps == null) {
            var index = new HashMap<Long, String>();
            String pageToken = null;
            do {
                PeopleClient.Page page = client.list("clientData", pageToken, null, false);
                for (JsonNode person : page.people()) {
                    Long id = contacts.stampedCrmId(person);
                    if (id != null) index.putIfAbsent(id, person.path("resourceName").asString());
                }
                pageToken = page.nextPageToken();
            } while (pageToken != null);
            stamps = index;
        }
        // After a full listing the engine saw every stamped contact and linked it: one left is someone else's.
        return listedAll ? null : stamps.remove(crmId);
    }

    // ---- items ----------------------------------------------------------------------------------

    private PeerItem item(JsonNode person) {
        return new PeerItem(person.path("resourceName").asString(), person.path("etag").asString(null),
                contacts.stampedCrmId(person), Snapshot.of(contacts.read(person)), Set.of(), json.writeValueAsString(person),
                modifiedAt(person));
    }

    /** The contact source's updateTime (PersonMetadata.sources[type=CONTACT]), for the newest-wins rule. */
    private static Instant modifiedAt(JsonNode person) {
        for (JsonNode s : person.path("metadata").path("sources")) {
            if ("CONTACT".equals(s.path("type").asString("")) && s.path("updateTime").isString()) {
                try {
                    return Instant.parse(s.path("updateTime").asString());
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
