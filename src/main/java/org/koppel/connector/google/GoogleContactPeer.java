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
import tools.jackson.databind.node.ObjectNode;

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
 * <p>New contacts and updates go 200 a request (batchCreateContacts, batchUpdateContacts); deletes one at a time. Writes are
 * never sent in parallel: "Mutate requests for the same user should be sent sequentially to
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
        return createAll(Map.of(crmId, values)).get(crmId).orThrow();
    }

    @Override
    public int batchSize() {
        return PeopleClient.BATCH_CREATE_LIMIT;
    }

    /**
     * Creates with batchCreateContacts, up to 200 a request, after looking for stamped contacts. A batch Google
     * refuses as a whole (one contact it cannot take) is sent again one contact at a time, so only the refused
     * ones are ItemRejected; a failure of the account as a whole (sign-in, throttling that outlasts the run's
     * waits) is thrown, and a batch that may have landed shows up with its stamps in the next listing.
     */
    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        var result = new LinkedHashMap<Long, Written<Created>>();
        var toCreate = new LinkedHashMap<Long, ObjectNode>();
        for (var e : valuesByCrmId.entrySet()) {
            PeerItem found = foundByStamp(e.getKey());
            if (found != null) {
                result.put(e.getKey(), Written.ok(new Created(found, true)));
                continue;
            }
            try {
                toCreate.put(e.getKey(), contacts.write(json.createObjectNode(), e.getValue().values(), e.getKey()).person());
            } catch (IllegalArgumentException unwritable) {
                result.put(e.getKey(), Written.failed(new PeerException.ItemRejected(unwritable.getMessage(), unwritable)));
            }
        }
        var ids = List.copyOf(toCreate.keySet());
        for (int from = 0; from < ids.size(); from += PeopleClient.BATCH_CREATE_LIMIT) {
            List<Long> chunk = ids.subList(from, Math.min(from + PeopleClient.BATCH_CREATE_LIMIT, ids.size()));
            if (chunk.size() > 1) {
                try {
                    List<JsonNode> created = client.batchCreate(chunk.stream().map(toCreate::get).toList(), GoogleContacts.PERSON_FIELDS);
                    for (int i = 0; i < chunk.size(); i++) result.put(chunk.get(i), Written.ok(new Created(item(created.get(i)), false)));
                    continue;
                } catch (PeerException.ItemRejected oneOfThemRefused) {
                    // none was created: each on its own, so only the refused ones fail
                }
            }
            for (long crmId : chunk) {
                try {
                    result.put(crmId, Written.ok(new Created(item(client.create(toCreate.get(crmId), GoogleContacts.PERSON_FIELDS)), false)));
                } catch (PeerException.ItemRejected refused) {
                    result.put(crmId, Written.failed(refused));
                }
            }
        }
        return result;
    }

    private PeerItem foundByStamp(long crmId) {
        String existing = stamped(crmId);
        return existing == null ? null : fetch(List.of(existing)).get(existing);
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return updateAll(List.of(new Update(current, values, crmId))).get(crmId).orThrow();
    }

    /**
     * Updates with batchUpdateContacts, up to 200 a request, each person with the etag read; nothing is sent
     * for a contact that already holds the values. One mask serves the whole batch ("All specified fields will
     * be replaced, or cleared if left empty for each person"), so each person carries every field of it, the
     * fields it does not change as they are. A batch Google refuses as a whole (a contact changed meanwhile,
     * say) is sent again one contact at a time, so each gets its own VersionMismatch or ItemRejected.
     */
    @Override
    public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        var result = new LinkedHashMap<Long, Written<PeerItem>>();
        Map<String, JsonNode> currents = currentPersons(updates, result);
        var writes = new LinkedHashMap<Update, GoogleContacts.Write>();
        for (Update u : updates) {
            if (result.containsKey(u.crmId())) continue;
            try {
                GoogleContacts.Write w = contacts.write(currents.get(u.current().peerId()), u.values().values(), u.crmId());
                if (w.empty()) result.put(u.crmId(), Written.ok(u.current()));
                else writes.put(u, w);
            } catch (IllegalArgumentException unwritable) {
                result.put(u.crmId(), Written.failed(new PeerException.ItemRejected(unwritable.getMessage(), unwritable)));
            }
        }
        if (writes.size() > 1 && batchUpdated(writes, currents, result)) return result;
        writes.forEach((u, w) -> {
            try {
                JsonNode updated = client.update(u.current().peerId(), w.person(), String.join(",", w.fields()), GoogleContacts.PERSON_FIELDS);
                result.put(u.crmId(), Written.ok(item(updated)));
            } catch (PeerException.ItemRejected | PeerException.VersionMismatch failed) {
                result.put(u.crmId(), Written.failed(failed));
            }
        });
        return result;
    }

    /** The writes as one batchUpdateContacts; false when Google refused the batch as a whole. */
    private boolean batchUpdated(Map<Update, GoogleContacts.Write> writes, Map<String, JsonNode> currents,
                                 Map<Long, Written<PeerItem>> result) {
        var mask = new java.util.TreeSet<String>();
        writes.values().forEach(w -> mask.addAll(w.fields()));
        var persons = new LinkedHashMap<String, ObjectNode>();
        writes.forEach((u, w) -> {
            ObjectNode person = w.person().deepCopy();
            JsonNode current = currents.get(u.current().peerId());
            for (String field : mask) {
                if (!person.has(field) && current.has(field)) person.set(field, current.get(field).deepCopy());
            }
            persons.put(u.current().peerId(), person);
        });
        Map<String, JsonNode> updated;
        try {
            updated = client.batchUpdate(persons, String.join(",", mask), GoogleContacts.PERSON_FIELDS);
        } catch (PeerException.ItemRejected refusedAsAWhole) {
            return false;
        }
        writes.keySet().forEach(u -> result.put(u.crmId(), Written.ok(item(updated.get(u.current().peerId())))));
        return true;
    }

    /**
     * The contacts the updates start from: their raw JSON, or read now (one batchGet) when the engine has none;
     * one gone or changed since the engine read it is a VersionMismatch in {@code result}.
     */
    private Map<String, JsonNode> currentPersons(List<Update> updates, Map<Long, Written<PeerItem>> result) {
        var currents = new HashMap<String, JsonNode>();
        var unread = new ArrayList<String>();
        for (Update u : updates) {
            if (u.current().raw() != null) currents.put(u.current().peerId(), json.readTree(u.current().raw()));
            else unread.add(u.current().peerId());
        }
        Map<String, PeerItem> read = unread.isEmpty() ? Map.of() : fetch(unread);
        for (Update u : updates) {
            if (u.current().raw() != null) continue;
            PeerItem now = read.get(u.current().peerId());
            if (now == null) {
                result.put(u.crmId(), Written.failed(new PeerException.VersionMismatch("the Google contact was deleted meanwhile", null)));
            } else if (u.current().version() != null && !u.current().version().equals(now.version())) {
                result.put(u.crmId(), Written.failed(new PeerException.VersionMismatch("the Google contact changed since it was read", null)));
            } else {
                currents.put(u.current().peerId(), json.readTree(now.raw()));
            }
        }
        return currents;
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
