package org.koppel.connector.google;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
import org.koppel.sync.TaskSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The default task list of a Google account ({@code @default}) as the sync engine's task peer, through the Tasks
 * API v1 ({@link GoogleTasks} maps the tasks).
 *
 * <p><b>Changes</b>: the Tasks API offers no sync token. tasks.list
 * (https://developers.google.com/tasks/reference/rest/v1/tasks/list) filters by {@code updatedMin} ("Lower bound
 * for a task's last modification time"), so the cursor is the newest {@code updated} Google showed, and each run
 * asks from {@link #OVERLAP} before it: a task written while the last listing ran is read again rather than
 * missed (items at their known version are passed over). {@code showDeleted=true} makes deleted tasks come as
 * {@code deleted: true} ("showDeleted: Flag indicating whether deleted tasks are returned in the result"), which
 * are the removals; {@code showHidden=true} is needed for tasks completed in Google's own apps ("showHidden must
 * also be True to show tasks completed in first party clients, such as the web UI and Google's mobile apps").
 *
 * <p><b>Writes</b> are patches of the changed fields with {@code If-Match} the task's etag; 412 is a
 * {@link PeerException.VersionMismatch}. The Tasks pages document no conditional write, so Koppel also compares
 * the etag of the task it read with the version it merged before patching ({@link #update}).
 *
 * <p><b>No stamp</b>: a Google task has no field for a partner's id, so a create repeated after a crash (the
 * task made, the link not yet stored) makes a second task; it is then imported back as a task of the owner.
 */
public final class GoogleTaskPeer implements ItemPeer {

    static final String COLLECTION = "/lists/@default/tasks";
    /** How far before the last seen change a listing starts: Google's writes may become visible to listings late. */
    static final Duration OVERLAP = Duration.ofMinutes(10);
    /** "maxResults: ... The default is 20 (max allowed: 100)." */
    static final int PAGE = 100;

    private final GoogleItemsClient client;
    private final ObjectMapper json;
    private final Clock clock;

    GoogleTaskPeer(GoogleItemsClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
        this.clock = client.options().clock();
    }

    @Override
    public long requests() {
        return client.requests();
    }

    @Override
    public void close() {
        client.close();
    }

    /** Google Tasks has no priority. */
    @Override
    public Set<String> unheldSlots() {
        return Set.of(TaskSlots.PRIORITY);
    }

    // ---- listing ------------------------------------------------------------------------------

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        if (cursor == null) return fullListing(knownVersion);
        Instant since = TasksCursor.read(cursor, json);
        var params = params();
        params.put("updatedMin", since.minus(OVERLAP).toString());
        List<JsonNode> tasks = client.listAll(params).items();
        var changed = new ArrayList<PeerItem>();
        var removed = new ArrayList<String>();
        var rejected = new LinkedHashMap<String, String>();
        for (JsonNode t : tasks) {
            if (t.path("deleted").asBoolean(false)) removed.add(t.path("id").asString());
            else take(t, knownVersion, changed, rejected);
        }
        return new PeerDelta(changed, removed, Set.of(), false, TasksCursor.write(newest(tasks, since), json), rejected);
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        Instant started = clock.instant();
        List<JsonNode> tasks = client.listAll(params()).items();
        var changed = new ArrayList<PeerItem>();
        var present = new LinkedHashSet<String>();
        var rejected = new LinkedHashMap<String, String>();
        for (JsonNode t : tasks) {
            if (t.path("deleted").asBoolean(false)) continue;
            present.add(t.path("id").asString());
            take(t, knownVersion, changed, rejected);
        }
        // An empty list shows no Google time: Koppel's clock, less the overlap, stands in.
        Instant next = newest(tasks, null);
        return new PeerDelta(changed, List.of(), present, true, TasksCursor.write(next == null ? started.minus(OVERLAP) : next, json),
                rejected);
    }

    private Map<String, String> params() {
        var p = new LinkedHashMap<String, String>();
        p.put("showCompleted", "true");
        p.put("showHidden", "true");
        p.put("showDeleted", "true");
        p.put("maxResults", Integer.toString(Math.min(PAGE, client.options().pageSize())));
        return p;
    }

    private static Instant newest(List<JsonNode> tasks, Instant since) {
        Instant newest = since;
        for (JsonNode t : tasks) {
            Instant u = GoogleTasks.updated(t);
            if (u != null && (newest == null || u.isAfter(newest))) newest = u;
        }
        return newest;
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        var found = new LinkedHashMap<String, PeerItem>();
        for (String id : peerIds) {
            JsonNode t = client.get(id);
            if (t == null || t.path("deleted").asBoolean(false)) continue;
            try {
                found.put(id, item(t));
            } catch (IllegalArgumentException e) {
                throw new PeerException.ItemRejected(e.getMessage(), null);
            }
        }
        return found;
    }

    private void take(JsonNode task, Function<String, String> knownVersion, List<PeerItem> changed, Map<String, String> rejected) {
        String id = task.path("id").asString();
        if (task.path("etag").asString("").equals(knownVersion.apply(id))) return;
        try {
            changed.add(item(task));
        } catch (IllegalArgumentException e) {
            rejected.put(id, "the Google task cannot be read: " + e.getMessage());
        }
    }

    private PeerItem item(JsonNode task) {
        return new PeerItem(task.path("id").asString(), task.path("etag").asString(""), null, Snapshot.of(GoogleTasks.read(task)),
                Set.of(), json.writeValueAsString(task), GoogleTasks.updated(task));
    }

    // ---- writing ------------------------------------------------------------------------------

    @Override
    public Created create(long crmId, Snapshot values) {
        return new Created(item(client.insert(GoogleTasks.forCreate(values, clock))), false);
    }

    /**
     * Reads the task first: one changed in Google since it was merged is a {@link PeerException.VersionMismatch}
     * (read again, merge again) even should Google not hold the If-Match the patch carries.
     */
    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        JsonNode now = client.get(current.peerId());
        if (now == null || now.path("deleted").asBoolean(false)) {
            throw new PeerException.VersionMismatch("the task was deleted in Google Tasks meanwhile", null);
        }
        if (!Objects.equals(now.path("etag").asString(""), current.version())) {
            throw new PeerException.VersionMismatch("the task changed in Google Tasks meanwhile", null);
        }
        ObjectNode patch = GoogleTasks.forUpdate(now, values, clock);
        if (patch.isEmpty()) return item(now);
        return item(client.patch(current.peerId(), patch, current.version()));
    }

    @Override
    public void delete(String peerId, String version) {
        client.delete(peerId, version);
    }
}
