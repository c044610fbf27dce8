package org.koppel.connector.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * One Microsoft 365 mailbox's To Do list as the sync engine's task peer; slots as {@link TodoTasks}
 * maps them, the list as {@link TodoList} chooses it.
 *
 * <p>Changes come from "todoTask: delta" (https://learn.microsoft.com/graph/api/todotask-delta) with
 * {@code $expand=linkedResources}: its pages carry whole tasks with Koppel's stamp, so, unlike the
 * contact peer, a round reads nothing more. The {@code @odata.deltaLink} is the cursor
 * ({@link GraphCursor}, the list id in its folder field); an expired one (410 syncStateNotFound) is
 * {@link PeerException.CursorExpired}.
 *
 * <p><b>No preconditions in To Do.</b> "Update todoTask" and "Delete todoTask" document no If-Match
 * (https://learn.microsoft.com/graph/api/todotask-update, .../todotask-delete): nothing says a stale
 * version is refused. So every write first reads the task (a JSON batch of 20 GETs) and compares its
 * {@code @odata.etag} with the version the engine holds: a task changed in To Do meanwhile is
 * {@link PeerException.VersionMismatch} and is not written. The write still carries If-Match, which
 * Graph may honour; the window between the read and the write (milliseconds) stays unguarded: a
 * change made in To Do inside it is overwritten in the mapped properties only (a PATCH sends only the
 * properties whose slot changed), and the next delta brings the result back.
 *
 * <p><b>Idempotent create.</b> To Do chooses task ids; the stamp (a linkedResource with Koppel's CRM
 * id) is created with the task. Before creating, a peer that has not listed the whole list this run
 * lists it once ("List tasks", linkedResources inline: https://learn.microsoft.com/graph/api/todotasklist-list-tasks)
 * and returns a stamped task it finds instead of creating another: filtering tasks by a linkedResource's
 * externalId is not documented.
 *
 * <p>A list that disappeared (the user deleted the "Koppel" list in To Do) answers the delta with 404:
 * the list is resolved again (Koppel's is created anew, empty) and listed in full; the engine then finds
 * none of its linked tasks present and handles them as deleted in the peer, which never deletes a CRM
 * task (DESIGN.md: a delete on either side never deletes the other), and pushes its open tasks again as
 * new ones. The built-in list cannot be deleted.
 */
public final class GraphTaskPeer implements ItemPeer {

    private final GraphClient client;
    private final TodoList list;
    private final TodoTasks tasks;
    private final ObjectMapper json;
    private String listId;
    /** Stamped tasks of the list by CRM id, once the whole list was read in this peer's life; null before. */
    private Map<Long, JsonNode> stamped;

    /** @param listChoice "default" (the built-in Tasks list) or "koppel" (a list named Koppel, found or created) */
    public GraphTaskPeer(GraphClient client, String listChoice, ObjectMapper json) {
        this.client = client;
        this.list = new TodoList(client, listChoice);
        this.tasks = new TodoTasks(json);
        this.json = json;
    }

    @Override
    public void close() {
        client.close();
    }

    /** The id of the list the last call worked on. */
    public String listId() {
        return listId;
    }

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        GraphCursor from = GraphCursor.read(cursor, json);
        if (from.deltaLink() == null || from.folderId() == null) return fullListing(knownVersion);
        listId = from.folderId();
        DeltaRound round;
        try {
            round = DeltaRound.read(client, from.deltaLink(), "", "task list", "tasks", DeltaRound.ITSELF);
        } catch (FolderGone gone) {
            listId = null;
            return fullListing(knownVersion);
        }
        Read read = items(round, round.changedNotAt(knownVersion));
        return new PeerDelta(read.items(), List.copyOf(round.removed()), Set.of(), false,
                GraphCursor.write(listId, round.deltaLink(), json), read.rejected());
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        DeltaRound round;
        try {
            round = DeltaRound.read(client, list.deltaStart(list()), "", "task list", "tasks", DeltaRound.ITSELF);
        } catch (FolderGone vanishedMeanwhile) {
            listId = null;
            round = DeltaRound.read(client, list.deltaStart(list()), "", "task list", "tasks", DeltaRound.ITSELF);
        }
        // The stamps of the whole list, unless the service left linkedResources out of the delta after all:
        // then creates look them up by "List tasks", which shows them inline.
        if (round.entries().values().stream().allMatch(task -> task.has("linkedResources"))) {
            var index = new HashMap<Long, JsonNode>();
            round.entries().values().forEach(task -> index(index, task));
            stamped = index;
        } else {
            stamped = null;
        }
        Read read = items(round, round.changedNotAt(knownVersion));
        return new PeerDelta(read.items(), List.of(), new LinkedHashSet<>(round.changed().keySet()), true,
                GraphCursor.write(listId, round.deltaLink(), json), read.rejected());
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        var result = new HashMap<String, PeerItem>();
        current(List.copyOf(peerIds)).forEach((id, task) -> {
            try {
                result.put(id, item(task));
            } catch (TodoTasks.Unreadable e) {
                throw new PeerException.ItemRejected(id + ": the To Do task cannot be read: " + e.getMessage(), null);
            }
        });
        return result;
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
     * Creates in JSON batches of 20 POSTs, each with its stamp; a CRM id already stamped on a task of
     * the list gets that task back (existed). Failures per item as the contact peer reports them.
     */
    @Override
    public Map<Long, Written<Created>> createAll(Map<Long, Snapshot> valuesByCrmId) {
        String listId = list();
        Map<Long, JsonNode> index = stampedTasks(listId);
        var result = new LinkedHashMap<Long, Written<Created>>();
        var toCreate = new ArrayList<Long>();
        for (long crmId : valuesByCrmId.keySet()) {
            JsonNode found = index.get(crmId);
            if (found == null) {
                toCreate.add(crmId);
                continue;
            }
            try {
                result.put(crmId, Written.ok(new Created(item(found), true)));
            } catch (TodoTasks.Unreadable e) {
                result.put(crmId, Written.failed(new PeerException.ItemRejected("the To Do task Koppel made before for record "
                        + crmId + " cannot be read: " + e.getMessage(), null)));
            }
        }
        var requests = toCreate.stream().map(crmId -> new GraphClient.BatchRequest("POST", list.tasksPath(listId), Map.of(),
                tasks.forCreate(valuesByCrmId.get(crmId), crmId))).toList();
        List<GraphResponse> answers = client.batchAll(requests);
        for (int i = 0; i < toCreate.size(); i++) {
            GraphResponse r = answers.get(i);
            long crmId = toCreate.get(i);
            if (r.ok()) {
                ObjectNode created = (ObjectNode) r.body().deepCopy();
                if (!created.has("linkedResources")) created.set("linkedResources", requests.get(i).body().get("linkedResources"));
                index.put(crmId, created);
                result.put(crmId, Written.ok(new Created(item(created), false)));
            } else {
                result.put(crmId, Written.failed(GraphErrors.failure(r, "create the task of record " + crmId, client.clock())));
            }
        }
        return result;
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return updateAll(List.of(new Update(current, values, crmId))).get(crmId).orThrow();
    }

    /** Reads the tasks (batches of 20), refuses those changed since the engine read them, PATCHes the rest. */
    @Override
    public Map<Long, Written<PeerItem>> updateAll(List<Update> updates) {
        String listId = list();
        var result = new LinkedHashMap<Long, Written<PeerItem>>();
        Map<String, JsonNode> fresh = current(updates.stream().map(u -> u.current().peerId()).toList());
        var toSend = new ArrayList<Update>();
        var patches = new ArrayList<ObjectNode>();
        for (Update u : updates) {
            JsonNode now = fresh.get(u.current().peerId());
            PeerException stale = stale(now, u.current().version());
            if (stale != null) {
                result.put(u.crmId(), Written.failed(stale));
                continue;
            }
            ObjectNode patch;
            try {
                patch = tasks.forUpdate(now, u.values());
            } catch (TodoTasks.Unreadable e) {
                result.put(u.crmId(), Written.failed(new PeerException.ItemRejected("the To Do task cannot be read: " + e.getMessage(), null)));
                continue;
            }
            if (patch.isEmpty()) {
                result.put(u.crmId(), Written.ok(item(now)));
            } else {
                toSend.add(u);
                patches.add(patch);
            }
        }
        List<GraphResponse> answers = GraphItems.patchAll(client, toSend, patches, peerId -> list.taskPath(listId, peerId));
        for (int i = 0; i < toSend.size(); i++) {
            Update u = toSend.get(i);
            GraphResponse r = answers.get(i);
            if (r.ok()) {
                ObjectNode updated = (ObjectNode) r.body().deepCopy();
                // the Update todoTask answer need not show linkedResources; the stamp did not change
                if (!updated.has("linkedResources")) {
                    updated.set("linkedResources", fresh.get(u.current().peerId()).path("linkedResources").deepCopy());
                }
                result.put(u.crmId(), Written.ok(item(updated)));
            } else if (r.status() == 404) {
                result.put(u.crmId(), Written.failed(deletedMeanwhile()));
            } else {
                result.put(u.crmId(), Written.failed(GraphErrors.failure(r, "update the task of record " + u.crmId(), client.clock())));
            }
        }
        return result;
    }

    /** Deletes the task if it is still at {@code version} (read first: no preconditions in To Do); gone already is fine. */
    @Override
    public void delete(String peerId, String version) {
        String listId = list();
        JsonNode now = current(List.of(peerId)).get(peerId);
        if (now == null) return;
        PeerException stale = version == null ? null : stale(now, version);
        if (stale != null) throw stale;
        GraphResponse r = client.send("DELETE", list.taskPath(listId, peerId),
                version == null ? Map.of() : Map.of("If-Match", GraphItems.etag(version)), null);
        if (r.ok() || r.status() == 404) return;
        throw GraphErrors.failure(r, "delete a task", client.clock());
    }

    /** Requests as Outlook counts them (each request in a batch on its own). */
    @Override
    public long requests() {
        return client.mailboxRequests();
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Items of the delta's entries with these ids; a task that cannot be mapped is rejected with the reason. */
    private Read items(DeltaRound round, List<String> ids) {
        var items = new ArrayList<PeerItem>();
        var rejected = new LinkedHashMap<String, String>();
        for (String id : ids) {
            try {
                items.add(item(round.entries().get(id)));
            } catch (TodoTasks.Unreadable e) {
                rejected.put(id, "the To Do task cannot be read: " + e.getMessage());
            }
        }
        return new Read(items, Set.of(), rejected);
    }

    /** The tasks with these ids as they are now, 20 GETs per JSON batch; ids that are gone are absent. */
    private Map<String, JsonNode> current(List<String> ids) {
        var found = new LinkedHashMap<String, JsonNode>();
        if (ids.isEmpty()) return found;
        String listId = list();
        List<GraphResponse> answers = client.batchAll(ids.stream().map(id -> GraphClient.BatchRequest.get(list.taskPath(listId, id))).toList());
        for (int i = 0; i < ids.size(); i++) {
            GraphResponse r = answers.get(i);
            if (r.ok()) found.put(ids.get(i), r.body());
            else if (r.status() != 404) throw GraphErrors.failure(r, "read tasks", client.clock());
        }
        return found;
    }

    /** Null when the task is at {@code version}; else why it may not be written. */
    private static PeerException stale(JsonNode now, String version) {
        if (now == null) return deletedMeanwhile();
        if (!Objects.equals(GraphItems.version(now), GraphItems.version(asEtag(version)))) {
            return new PeerException.VersionMismatch("the task changed in Microsoft To Do meanwhile", null);
        }
        return null;
    }

    /** The engine's version in the shape {@link GraphItems#version} reads, so W/"x" and x compare equal. */
    private static JsonNode asEtag(String version) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("@odata.etag", version);
    }

    private static PeerException deletedMeanwhile() {
        return new PeerException.VersionMismatch("the task was deleted in Microsoft To Do meanwhile", null);
    }

    /** Koppel's stamped tasks of the list: from this peer's full listing, else read now by "List tasks". */
    private Map<Long, JsonNode> stampedTasks(String listId) {
        if (stamped != null) return stamped;
        var index = new HashMap<Long, JsonNode>();
        String url = list.tasksPath(listId) + "?$top=" + client.options().pageSize();
        for (int page = 0; page < 100_000 && !url.isEmpty(); page++) {
            GraphResponse r = client.get(url, Map.of());
            if (!r.ok()) throw GraphErrors.failure(r, "look for tasks Koppel made before", client.clock());
            r.body().path("value").forEach(task -> index(index, task));
            url = r.body().path("@odata.nextLink").asString("");
        }
        stamped = index;
        return index;
    }

    private void index(Map<Long, JsonNode> index, JsonNode task) {
        Long crmId = tasks.stampedCrmId(task);
        if (crmId != null) index.putIfAbsent(crmId, task);
    }

    private PeerItem item(JsonNode task) {
        var categories = new LinkedHashSet<String>();
        task.path("categories").forEach(c -> {
            if (c.isString() && !c.stringValue().isBlank()) categories.add(c.stringValue().strip());
        });
        return new PeerItem(task.path("id").asString(), GraphItems.version(task), tasks.stampedCrmId(task),
                Snapshot.of(tasks.read(task)), categories, json.writeValueAsString(task), GraphItems.modifiedAt(task));
    }

    private String list() {
        if (listId == null) listId = list.resolve();
        return listId;
    }
}
