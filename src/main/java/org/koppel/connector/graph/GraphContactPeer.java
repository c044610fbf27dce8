package org.koppel.connector.graph;

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
 * One Microsoft 365 mailbox's contact folder as the sync engine's contact peer.
 *
 * <p>Changes come from Graph delta ("contact: delta"), whose {@code @odata.deltaLink} is the cursor
 * ({@link GraphCursor}). Delta for contacts documents {@code $select} only, not {@code $expand}, so
 * it cannot carry Koppel's extended properties: it is asked for versions only ({@code changeKey}),
 * and contacts not at the version the engine knows are then read in JSON batches of 20 GETs with
 * the properties expanded. Writes carry {@code If-Match} with the version read, so a change made in
 * Outlook meanwhile is never overwritten blindly (412: {@link PeerException.VersionMismatch}).
 *
 * <p><b>Creation is not idempotent by id.</b> Graph chooses a contact's id; Koppel cannot create at an
 * id derived from the CRM id. It stamps the CRM id into the contact (extended property KoppelId): a
 * create whose link was lost in a crash shows up in the next delta with its stamp, and the engine
 * finds the record by it instead of importing or duplicating it. A contact that does not show up in
 * a delta is looked for by its stamp before creating (DESIGN.md rule 11, "the stamped CRM id found
 * before re-creating"): a record that left the scope keeps its contact in Outlook (rule 7), and
 * when it comes back that contact is linked again, as CardDAV finds its card at the card's address.
 *
 * <p>A folder that disappeared (the user deleted "Koppel") is listed again, recreated, as a full
 * listing: the engine reconciles it against the links, which never wipes a CRM record.
 */
public final class GraphContactPeer implements ItemPeer {

    private final GraphClient client;
    private final ContactFolder folder;
    private final GraphContacts contacts;
    private final ObjectMapper json;
    private String folderId;
    /**
     * This peer listed the whole folder: every stamped contact Koppel did not know was then handed
     * to the engine, which links it again, so creates need not look for one (an initial sync costs
     * no extra request).
     */
    private boolean listedAll;

    /**
     * @param folderChoice "koppel" (null or blank too: a folder named Koppel, found or created) or
     *                     "default" (the user's own Contacts folder)
     */
    public GraphContactPeer(GraphClient client, String folderChoice, ObjectMapper json) {
        this.client = client;
        this.folder = new ContactFolder(client, folderChoice);
        this.contacts = new GraphContacts(json);
        this.json = json;
    }

    /** The client this peer talks through: its tokens may have been refreshed during the run. */
    GraphClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        GraphCursor from = readCursor(cursor);
        if (from.deltaLink() == null || from.folderId() == null) return fullListing(knownVersion);
        folderId = from.folderId();
        DeltaRound round;
        try {
            round = DeltaRound.read(client, from.deltaLink());
        } catch (FolderGone gone) {
            folderId = null;
            return fullListing(knownVersion);
        }
        Read read = read(round.changedNotAt(knownVersion));
        var removed = new ArrayList<>(round.removed());
        removed.addAll(read.missing());
        return new PeerDelta(read.items(), removed, Set.of(), false, cursor(folderId, round.deltaLink()), read.rejected());
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        DeltaRound round;
        try {
            round = DeltaRound.read(client, folder.deltaStart(folder()));
        } catch (FolderGone vanishedMeanwhile) {
            folderId = null;
            round = DeltaRound.read(client, folder.deltaStart(folder()));
        } catch (NoFolderYet empty) {
            return new PeerDelta(List.of(), List.of(), Set.of(), true, cursor(null, null));
        }
        Read read = read(round.changedNotAt(knownVersion));
        Set<String> present = new LinkedHashSet<>(round.changed().keySet());
        present.removeAll(read.missing());
        listedAll = true;
        return new PeerDelta(read.items(), List.of(), present, true, cursor(folderId, round.deltaLink()), read.rejected());
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        return read(List.copyOf(peerIds)).fetched();
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        return createAll(Map.of(crmId, values)).get(crmId).orThrow();
    }

    @Override
    public int batchSize() {
        return GraphClient.BATCH_LIMIT;
    }

    /**
     * Creates in JSON batches of 20. A contact refused by Graph is returned as ItemRejected; one still
     * throttled when the waits allowed inside a run are used up is returned as Transient (with its
     * Retry-After) rather than thrown, so the contacts of the same batch that were created keep their
     * results and get their links.
     */
    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        String folderId = itemFolder();
        var result = new LinkedHashMap<Long, Written<Created>>();
        var ids = new ArrayList<>(valuesByCrmId.keySet());
        for (List<Long> all : GraphClient.chunks(ids)) {
            Map<Long, PeerItem> found = listedAll ? Map.of() : stamped(all, folderId);
            found.forEach((crmId, item) -> result.put(crmId, Written.ok(new Created(item, true))));
            List<Long> chunk = all.stream().filter(id -> !found.containsKey(id)).toList();
            if (chunk.isEmpty()) continue;
            var bodies = new ArrayList<ObjectNode>();
            var requests = new ArrayList<GraphClient.BatchRequest>();
            for (long crmId : chunk) {
                ObjectNode body = contacts.forCreate(valuesByCrmId.get(crmId).values(), crmId);
                bodies.add(body);
                requests.add(new GraphClient.BatchRequest("POST", folder.contactsPath(folderId), Map.of(), body));
            }
            List<GraphResponse> answers = client.batch(requests);
            for (int i = 0; i < chunk.size(); i++) {
                GraphResponse r = answers.get(i);
                if (r.ok()) {
                    ObjectNode created = (ObjectNode) r.body().deepCopy();
                    ExtendedProperties.merge(created, bodies.get(i).get("singleValueExtendedProperties"));
                    result.put(chunk.get(i), Written.ok(new Created(item(created), false)));
                } else {
                    result.put(chunk.get(i), Written.failed(GraphErrors.failure(r, "create the contact of record " + chunk.get(i), client.clock())));
                }
            }
        }
        return result;
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return updateAll(List.of(new Update(current, values, crmId))).get(crmId).orThrow();
    }

    /** PATCHes in JSON batches of 20, each with If-Match; per-item failures as in {@link #createAll}. */
    @Override
    public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        String folderId = itemFolder();
        var result = new LinkedHashMap<Long, Written<PeerItem>>();
        var currents = currentContacts(updates, result);
        var toSend = new ArrayList<Update>();
        var patches = new ArrayList<ObjectNode>();
        for (Update u : updates) {
            JsonNode current = currents.get(u.current().peerId());
            if (current == null) continue;
            ObjectNode patch = contacts.forUpdate(current, u.values().values(), u.crmId());
            if (patch.isEmpty()) {
                result.put(u.crmId(), Written.ok(u.current()));
            } else {
                toSend.add(u);
                patches.add(patch);
            }
        }
        List<GraphResponse> answers = GraphItems.patchAll(client, toSend, patches, peerId -> folder.contactPath(folderId, peerId));
        for (int i = 0; i < toSend.size(); i++) {
            Update u = toSend.get(i);
            GraphResponse r = answers.get(i);
            if (r.ok()) {
                ObjectNode updated = (ObjectNode) r.body().deepCopy();
                ExtendedProperties.merge(updated, currents.get(u.current().peerId()).get("singleValueExtendedProperties"));
                ExtendedProperties.merge(updated, patches.get(i).get("singleValueExtendedProperties"));
                result.put(u.crmId(), Written.ok(item(updated)));
            } else if (r.status() == 404) {
                result.put(u.crmId(), Written.failed(new PeerException.VersionMismatch(
                        "the contact was deleted in Outlook meanwhile", null)));
            } else {
                result.put(u.crmId(), Written.failed(GraphErrors.failure(r, "update the contact of record " + u.crmId(), client.clock())));
            }
        }
        return result;
    }

    @Override
    public void delete(String peerId, String version) {
        GraphResponse r = client.send("DELETE", folder.contactPath(itemFolder(), peerId),
                version == null ? Map.of() : Map.of("If-Match", GraphItems.etag(version)), null);
        if (r.ok() || r.status() == 404) return;
        throw GraphErrors.failure(r, "delete a contact", client.clock());
    }

    /** Requests as Outlook counts them (each request in a batch on its own): the mailbox's real cost. */
    @Override
    public long requests() {
        return client.mailboxRequests();
    }

    // ---- reading ------------------------------------------------------------------------------

    /** The contacts with these ids, expanded with Koppel's properties, 20 GETs per JSON batch. */
    private Read read(List<String> ids) {
        var items = new ArrayList<PeerItem>();
        var missing = new LinkedHashSet<String>();
        var rejected = new LinkedHashMap<String, String>();
        if (ids.isEmpty()) return new Read(items, missing, rejected);
        String folderId = itemFolder();
        for (List<String> chunk : GraphClient.chunks(ids)) {
            var requests = chunk.stream()
                    .map(id -> GraphClient.BatchRequest.get(folder.contactPath(folderId, id) + "?" + ExtendedProperties.expandQuery()))
                    .toList();
            List<GraphResponse> answers = client.batch(requests);
            for (int i = 0; i < chunk.size(); i++) {
                GraphResponse r = answers.get(i);
                if (r.ok()) items.add(item(r.body()));
                else if (r.status() == 404) missing.add(chunk.get(i));
                else if (r.throttled() || r.status() >= 500 || r.status() == 401 || r.status() == 403) {
                    throw GraphErrors.failure(r, "read contacts", client.clock());
                } else rejected.put(chunk.get(i), "the contact cannot be read: HTTP " + r.status() + " " + r.errorMessage());
            }
        }
        return new Read(items, missing, rejected);
    }

    /**
     * Contacts of the folder already stamped with these CRM ids, by "Get singleValueLegacyExtendedProperty"
     * ({@code $filter=singleValueExtendedProperties/Any(ep: ep/id eq '...' and ep/value eq '...')}),
     * one JSON batch of 20 lookups.
     */
    private Map<Long, PeerItem> stamped(List<Long> crmIds, String folderId) {
        var requests = crmIds.stream().map(id -> GraphClient.BatchRequest.get(folder.contactsPath(folderId) + "?"
                + ExtendedProperties.stampFilterQuery(id) + "&$top=1&" + ExtendedProperties.expandQuery())).toList();
        List<GraphResponse> answers = client.batch(requests);
        var found = new HashMap<Long, PeerItem>();
        for (int i = 0; i < crmIds.size(); i++) {
            GraphResponse r = answers.get(i);
            if (!r.ok()) throw GraphErrors.failure(r, "look for the contact of record " + crmIds.get(i), client.clock());
            JsonNode first = r.body().path("value").path(0);
            if (first.isObject()) found.put(crmIds.get(i), item(first));
        }
        return found;
    }

    /** The contacts the updates start from: their raw JSON, or read now when the engine has none. */
    private Map<String, JsonNode> currentContacts(List<Update> updates, Map<Long, Written<PeerItem>> result) {
        var currents = new HashMap<String, JsonNode>();
        var unread = new ArrayList<String>();
        for (Update u : updates) {
            if (u.current().raw() == null) unread.add(u.current().peerId());
            else currents.put(u.current().peerId(), parse(u.current().raw()));
        }
        if (!unread.isEmpty()) {
            Read read = read(unread);
            read.items().forEach(item -> currents.put(item.peerId(), parse(item.raw())));
        }
        for (Update u : updates) {
            if (!currents.containsKey(u.current().peerId())) {
                result.put(u.crmId(), Written.failed(new PeerException.VersionMismatch(
                        "the contact was deleted in Outlook meanwhile", null)));
            }
        }
        return currents;
    }

    private PeerItem item(JsonNode contact) {
        var categories = new LinkedHashSet<String>();
        contact.path("categories").forEach(c -> {
            if (c.isString() && !c.stringValue().isBlank()) categories.add(c.stringValue().strip());
        });
        return new PeerItem(contact.path("id").asString(), GraphItems.version(contact), contacts.stampedCrmId(contact),
                Snapshot.of(contacts.read(contact)), categories, json.writeValueAsString(contact), GraphItems.modifiedAt(contact));
    }

    // ---- folder and cursor --------------------------------------------------------------------

    /**
     * The id of the folder the last call worked on (known after a run), for its change subscription
     * ({@link GraphSubscriptions#ensure}); null while an empty default Contacts folder has none yet.
     */
    public String folderId() {
        return folderId;
    }

    /** The folder for item paths: the default folder's items need no folder id ("/me/contacts/{id}"). */
    private String itemFolder() {
        return folder.isDefault() ? folderId : folder();
    }

    private String folder() {
        if (folderId == null) {
            folderId = folder.resolve();
            if (folderId == null) throw new NoFolderYet();
        }
        return folderId;
    }

    private GraphCursor readCursor(String cursor) {
        return GraphCursor.read(cursor, json);
    }

    private String cursor(String folderId, String deltaLink) {
        return GraphCursor.write(folderId, deltaLink, json);
    }

    private JsonNode parse(String raw) {
        return json.readTree(raw);
    }


    /** The default Contacts folder could not be found: it is empty and has no subfolders. */
    static final class NoFolderYet extends RuntimeException {
        NoFolderYet() {
            super("no Contacts folder id yet", null, false, false);
        }
    }
}
