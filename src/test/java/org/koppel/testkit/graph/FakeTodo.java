package org.koppel.testkit.graph;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.koppel.testkit.graph.FakeExchange.Response;

/**
 * Microsoft To Do in the Graph fake: task lists and tasks of each mailbox, written from the v1.0
 * reference pages (cited at each call) because the real service cannot run here.
 *
 * <ul>
 * <li>todoTaskList (https://learn.microsoft.com/graph/api/resources/todotasklist): every mailbox has
 * the built-in "Tasks" list ({@code wellknownListName: defaultList}), which "cannot be renamed or
 * deleted"; other lists are {@code none}. List ({@code GET /me/todo/lists}), create
 * ({@code POST /me/todo/lists}), get and delete.</li>
 * <li>todoTask (https://learn.microsoft.com/graph/api/resources/todotask): title, body
 * {content, contentType}, dueDateTime / completedDateTime / reminderDateTime as dateTimeTimeZone,
 * status (notStarted, inProgress, completed, waitingOnOthers, deferred), importance (low, normal,
 * high), isReminderOn, createdDateTime, lastModifiedDateTime and {@code @odata.etag}, and the
 * linkedResources relationship (https://learn.microsoft.com/graph/api/resources/linkedresource:
 * applicationName, displayName, externalId, webUrl), which "Create todoTask"
 * (https://learn.microsoft.com/graph/api/todotasklist-post-tasks) accepts inline and "List tasks"
 * (https://learn.microsoft.com/graph/api/todotasklist-list-tasks) shows inline.</li>
 * <li>No preconditions: "Update todoTask" (https://learn.microsoft.com/graph/api/todotask-update)
 * and "Delete todoTask" (https://learn.microsoft.com/graph/api/todotask-delete) document only the
 * Authorization and Content-Type headers, so this fake ignores If-Match, as a client must assume the
 * service may.</li>
 * <li>"todoTask: delta" (https://learn.microsoft.com/graph/api/todotask-delta): state tokens in
 * {@code @odata.nextLink} ($skiptoken) and {@code @odata.deltaLink} ($deltatoken), paging by
 * {@code Prefer: odata.maxpagesize}, $expand honoured (linkedResources), deleted tasks as
 * {@code {"id", "@removed": {"reason": "deleted"}}} and an expired token as 410 Gone
 * syncStateNotFound ("Use delta query", https://learn.microsoft.com/graph/delta-query-overview).</li>
 * </ul>
 * Test hooks play the user in the To Do app: {@link #userCreate}, {@link #userEdit},
 * {@link #userComplete}, {@link #userDelete}, {@link #userDeleteList}.
 */
public final class FakeTodo {

    static final String DEFAULT_LIST_NAME = "Tasks";

    private final String baseUrl;
    private final ToIntFunction<String> pageSize;
    private final Map<String, Box> boxes = new ConcurrentHashMap<>();

    FakeTodo(String baseUrl, ToIntFunction<String> pageSize) {
        this.baseUrl = baseUrl;
        this.pageSize = pageSize;
    }

    /** One mailbox's To Do: lists, tasks, a change counter for delta, and the generation of its tokens. */
    private static final class Box {
        final Map<String, TaskList> lists = new LinkedHashMap<>();
        long sequence;
        int generation;
    }

    private static final class TaskList {
        final String id = "AQMkAD" + UUID.randomUUID().toString().replace("-", "") + "AAA=";
        final String displayName;
        final String wellknown;
        final Map<String, Task> tasks = new LinkedHashMap<>();
        /** Deleted task ids with the sequence of their deletion, for delta's @removed. */
        final Map<String, Long> removed = new LinkedHashMap<>();

        TaskList(String displayName, String wellknown) {
            this.displayName = displayName;
            this.wellknown = wellknown;
        }
    }

    private static final class Task {
        final String id = "AAMkAG" + UUID.randomUUID().toString().replace("-", "") + "AAA=";
        final Instant created = Instant.now();
        ObjectNode fields = FakeExchange.JSON.createObjectNode();
        ArrayNode linked = FakeExchange.JSON.createArrayNode();
        Instant modified = created;
        String etag;
        long sequence;
    }

    // ---- the user in the To Do app ------------------------------------------------------------

    /** The id of the mailbox's built-in Tasks list (wellknownListName defaultList). */
    public synchronized String defaultListId(String mailbox) {
        return box(mailbox).lists.values().stream().filter(l -> l.wellknown.equals("defaultList")).findFirst().orElseThrow().id;
    }

    public synchronized Optional<String> listNamed(String mailbox, String displayName) {
        return box(mailbox).lists.values().stream().filter(l -> l.displayName.equals(displayName)).map(l -> l.id).findFirst();
    }

    public synchronized String userCreateList(String mailbox, String displayName) {
        var list = new TaskList(displayName, "none");
        box(mailbox).lists.put(list.id, list);
        return list.id;
    }

    /** The user adds a task in To Do; {@code taskJson} holds todoTask properties. Returns its id. */
    public synchronized String userCreate(String mailbox, String listId, String taskJson) {
        Box box = box(mailbox);
        TaskList list = box.lists.get(listId);
        JsonNode body = FakeExchange.JSON.readTree(taskJson);
        String problem = problem(body);
        if (list == null || problem != null) throw new IllegalArgumentException(list == null ? "no list " + listId : problem);
        return create(box, list, body).id;
    }

    /** The user edits a task in To Do: PATCH semantics. */
    public synchronized void userEdit(String mailbox, String taskId, String changesJson) {
        Box box = box(mailbox);
        JsonNode body = FakeExchange.JSON.readTree(changesJson);
        String problem = problem(body);
        if (problem != null) throw new IllegalArgumentException(problem);
        patch(box, find(box, taskId).orElseThrow(() -> new IllegalArgumentException("no task " + taskId)), body);
    }

    /** The user ticks the task off: status completed, completedDateTime set by the service. */
    public void userComplete(String mailbox, String taskId) {
        userEdit(mailbox, taskId, "{\"status\":\"completed\"}");
    }

    public synchronized void userDelete(String mailbox, String taskId) {
        Box box = box(mailbox);
        for (TaskList list : box.lists.values()) {
            if (list.tasks.remove(taskId) != null) list.removed.put(taskId, ++box.sequence);
        }
    }

    /** The user deletes a list of their own (the built-in ones cannot be). */
    public synchronized void userDeleteList(String mailbox, String listId) {
        TaskList list = box(mailbox).lists.get(listId);
        if (list == null || !list.wellknown.equals("none")) throw new IllegalArgumentException("cannot delete list " + listId);
        box(mailbox).lists.remove(listId);
    }

    /** The task as Graph returns it, linkedResources inline; empty when gone. */
    public synchronized Optional<ObjectNode> task(String mailbox, String taskId) {
        return find(box(mailbox), taskId).map(t -> json(t, true));
    }

    public synchronized List<ObjectNode> tasks(String mailbox, String listId) {
        TaskList list = box(mailbox).lists.get(listId);
        return list == null ? List.of() : list.tasks.values().stream().map(t -> json(t, true)).toList();
    }

    /** Every delta token of the mailbox's To Do expires: the next delta with one is 410 syncStateNotFound. */
    public synchronized void expireDeltaTokens(String mailbox) {
        box(mailbox).generation++;
    }

    // ---- routes -------------------------------------------------------------------------------

    /** For the fake's counters: todo.list.*, todo.task.*. */
    static String kind(FakeExchange.Request r) {
        List<String> s = r.segments();
        String m = r.method();
        if (s.size() == 2) return m.equals("POST") ? "todo.list.create" : "todo.list.list";
        if (s.size() == 3) return m.equals("DELETE") ? "todo.list.delete" : "todo.list.get";
        if (s.size() == 4) return m.equals("POST") ? "todo.task.create" : "todo.task.list";
        if (s.size() == 5 && s.get(4).equals("delta")) return "todo.task.delta";
        if (s.size() == 5) return switch (m) {
            case "PATCH" -> "todo.task.update";
            case "DELETE" -> "todo.task.delete";
            default -> "todo.task.get";
        };
        return m + " todo?";
    }

    /** {@code /me/todo/...}: segments start with "todo". */
    synchronized Response handle(FakeExchange.Request r) {
        List<String> s = r.segments();
        String m = r.method();
        Box box = box(r.mailbox());
        if (s.size() < 2 || !s.get(1).equals("lists")) return badRequest(s);
        if (s.size() == 2) {
            if (m.equals("GET")) return listLists(box);
            if (m.equals("POST")) return createList(box, r.body());
            return notAllowed();
        }
        TaskList list = box.lists.get(s.get(2));
        if (list == null) return notFound();
        if (s.size() == 3) {
            if (m.equals("GET")) return Response.json(200, listJson(list));
            if (m.equals("DELETE")) {
                if (!list.wellknown.equals("none")) return Response.error(400, "invalidRequest", "The built-in list cannot be deleted.");
                box.lists.remove(list.id);
                return Response.empty(204);
            }
            return notAllowed();
        }
        if (!s.get(3).equals("tasks")) return badRequest(s);
        if (s.size() == 4) {
            if (m.equals("GET")) return listTasks(r, list);
            if (m.equals("POST")) {
                String problem = problem(r.body());
                if (problem != null) return Response.error(400, "invalidRequest", problem);
                return Response.json(201, json(create(box, list, r.body()), true));
            }
            return notAllowed();
        }
        if (s.size() == 5 && s.get(4).equals("delta")) return m.equals("GET") ? delta(r, box, list) : notAllowed();
        if (s.size() != 5) return badRequest(s);
        Task task = list.tasks.get(s.get(4));
        if (task == null) return notFound();
        return switch (m) {
            case "GET" -> Response.json(200, json(task, true));
            case "PATCH" -> {
                String problem = problem(r.body());
                // the Update todoTask example answers without linkedResources
                yield problem != null ? Response.error(400, "invalidRequest", problem) : Response.json(200, json(patch(box, task, r.body()), false));
            }
            case "DELETE" -> {
                list.tasks.remove(task.id);
                list.removed.put(task.id, ++box.sequence);
                yield Response.empty(204);
            }
            default -> notAllowed();
        };
    }

    /** "List todoTaskLists" (https://learn.microsoft.com/graph/api/todo-list-lists): every list, one page. */
    private Response listLists(Box box) {
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        body.put("@odata.context", baseUrl + "/$metadata#users('me')/todo/lists");
        ArrayNode value = body.putArray("value");
        box.lists.values().forEach(l -> value.add(listJson(l)));
        return Response.json(200, body);
    }

    /** "Create todoTaskList" (https://learn.microsoft.com/graph/api/todo-post-lists): displayName required. */
    private Response createList(Box box, JsonNode body) {
        String name = body == null ? "" : body.path("displayName").asString("");
        if (name.isBlank()) return Response.error(400, "invalidRequest", "displayName is required");
        var list = new TaskList(name, "none");
        box.lists.put(list.id, list);
        return Response.json(201, listJson(list));
    }

    /** "List tasks": pages of the list's tasks ($top, default 10; nextLink with $skip), linkedResources inline. */
    private Response listTasks(FakeExchange.Request r, TaskList list) {
        int top = r.query().containsKey("$top") ? Integer.parseInt(r.query().get("$top")) : 10;
        int skip = r.query().containsKey("$skip") ? Integer.parseInt(r.query().get("$skip")) : 0;
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        list.tasks.values().stream().skip(skip).limit(top).forEach(t -> value.add(json(t, true)));
        if (skip + top < list.tasks.size()) {
            body.put("@odata.nextLink", baseUrl + r.path() + "?$top=" + top + "&$skip=" + (skip + top));
        }
        return Response.json(200, body);
    }

    /**
     * "todoTask: delta". A round covers the changes with a sequence in (since, upTo], upTo fixed at its
     * first page, so a task changed while the client pages moves to the next round instead of being
     * lost. The first round lists the live tasks only.
     */
    private Response delta(FakeExchange.Request r, Box box, TaskList list) {
        long since;
        long upTo;
        int offset;
        boolean expand;
        String skip = r.query().get("$skiptoken");
        String deltaToken = r.query().get("$deltatoken");
        try {
            if (skip != null) {
                String[] p = decode(skip, box);
                since = Long.parseLong(p[1]);
                upTo = Long.parseLong(p[2]);
                offset = Integer.parseInt(p[3]);
                expand = p[4].equals("1");
            } else if (deltaToken != null && !deltaToken.isEmpty()) {
                // "Microsoft Graph automatically encodes any specified parameters into the token portion"
                String[] p = decode(deltaToken, box);
                since = Long.parseLong(p[1]);
                upTo = box.sequence;
                offset = 0;
                expand = p[4].equals("1");
            } else {
                since = -1;
                upTo = box.sequence;
                offset = 0;
                String ex = r.query().get("$expand");
                expand = ex != null && ex.contains("linkedResources");
            }
        } catch (TokenExpired expired) {
            return Response.error(410, "syncStateNotFound", "The sync state generation is not found. The delta token is expired "
                    + "and data must be synchronized again.");
        }
        var entries = new ArrayList<ObjectNode>();
        final long from = since;
        final long to = upTo;
        final boolean withLinks = expand;
        list.tasks.values().stream().filter(t -> t.sequence > from && t.sequence <= to)
                .sorted(Comparator.comparingLong(t -> t.sequence)).forEach(t -> entries.add(json(t, withLinks)));
        if (from >= 0) {
            list.removed.entrySet().stream().filter(e -> e.getValue() > from && e.getValue() <= to)
                    .sorted(Map.Entry.comparingByValue())
                    .forEach(e -> {
                        ObjectNode gone = FakeExchange.JSON.createObjectNode().put("id", e.getKey());
                        gone.putObject("@removed").put("reason", "deleted");
                        entries.add(gone);
                    });
        }
        int size = pageSize.applyAsInt(r.header("Prefer"));
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        body.put("@odata.context", baseUrl + "/$metadata#Collection(todoTask)");
        String link = baseUrl + r.path() + "?";
        int end = Math.min(entries.size(), offset + size);
        if (end < entries.size()) {
            body.put("@odata.nextLink", link + "$skiptoken=" + encode(box, since, upTo, end, expand));
        } else {
            body.put("@odata.deltaLink", link + "$deltatoken=" + encode(box, upTo, upTo, 0, expand));
        }
        ArrayNode value = body.putArray("value");
        entries.subList(Math.min(offset, entries.size()), end).forEach(value::add);
        return Response.json(200, body).header("Preference-Applied", "odata.maxpagesize=" + size);
    }

    // ---- state --------------------------------------------------------------------------------

    private Task create(Box box, TaskList list, JsonNode body) {
        var task = new Task();
        task.fields.put("title", "");
        task.fields.put("status", "notStarted");
        task.fields.put("importance", "normal");
        task.fields.put("isReminderOn", false);
        task.fields.putObject("body").put("content", "").put("contentType", "text");
        list.tasks.put(task.id, task);
        for (JsonNode link : body.path("linkedResources")) {
            ObjectNode l = ((ObjectNode) link).deepCopy();
            l.put("id", UUID.randomUUID().toString());
            task.linked.add(l);
        }
        return apply(box, task, body);
    }

    private Task patch(Box box, Task task, JsonNode body) {
        return apply(box, task, body);
    }

    /** Writable properties replace; null clears; completing sets completedDateTime, reopening clears it (as To Do does). */
    private Task apply(Box box, Task task, JsonNode body) {
        for (String name : WRITABLE) {
            if (!body.has(name)) continue;
            JsonNode v = body.get(name);
            if (v.isNull()) task.fields.remove(name);
            else task.fields.set(name, v.deepCopy());
        }
        if (body.has("status")) {
            if (body.path("status").asString("").equals("completed")) {
                if (!body.has("completedDateTime")) {
                    task.fields.putObject("completedDateTime")
                            .put("dateTime", Instant.now().truncatedTo(ChronoUnit.DAYS).toString().replace("Z", "") + ".0000000")
                            .put("timeZone", "UTC");
                }
            } else {
                task.fields.remove("completedDateTime");
            }
        }
        // lastModifiedDateTime moves on at every change; To Do gives it to 100 ns, this fake to the microsecond.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        task.modified = now.isAfter(task.modified) ? now : task.modified.plus(1, ChronoUnit.MICROS);
        task.etag = "W/\"" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)).substring(0, 28) + "\"";
        task.sequence = ++box.sequence;
        return task;
    }

    private static final Set<String> WRITABLE = Set.of("title", "body", "categories", "completedDateTime", "dueDateTime",
            "importance", "isReminderOn", "recurrence", "reminderDateTime", "startDateTime", "status");

    /** What To Do refuses: unknown enum values and malformed dateTimeTimeZone or body values. */
    static String problem(JsonNode body) {
        if (body == null || !body.isObject()) return "a JSON object is required";
        String status = body.path("status").asString(null);
        if (body.has("status") && !Set.of("notStarted", "inProgress", "completed", "waitingOnOthers", "deferred").contains(status)) {
            return "Invalid value for status: " + body.get("status");
        }
        if (body.has("importance") && !Set.of("low", "normal", "high").contains(body.path("importance").asString(""))) {
            return "Invalid value for importance: " + body.get("importance");
        }
        for (String name : List.of("dueDateTime", "completedDateTime", "reminderDateTime", "startDateTime")) {
            JsonNode v = body.get(name);
            if (v != null && !v.isNull() && (!v.path("dateTime").isString() || !v.path("timeZone").isString())) {
                return name + " needs dateTime and timeZone";
            }
        }
        JsonNode b = body.get("body");
        if (b != null && !b.isNull() && !Set.of("text", "html").contains(b.path("contentType").asString("text").toLowerCase())) {
            return "Invalid body contentType";
        }
        return null;
    }

    private ObjectNode json(Task t, boolean withLinks) {
        ObjectNode json = FakeExchange.JSON.createObjectNode();
        json.put("@odata.etag", t.etag);
        json.setAll(t.fields.deepCopy());
        json.put("createdDateTime", t.created.toString());
        json.put("lastModifiedDateTime", t.modified.toString());
        json.put("id", t.id);
        if (withLinks) json.set("linkedResources", t.linked.deepCopy());
        return json;
    }

    private static ObjectNode listJson(TaskList l) {
        return FakeExchange.JSON.createObjectNode().put("@odata.etag", "W/\"" + l.id.hashCode() + "\"").put("displayName", l.displayName)
                .put("isOwner", true).put("isShared", false).put("wellknownListName", l.wellknown).put("id", l.id);
    }

    private Optional<Task> find(Box box, String taskId) {
        return box.lists.values().stream().map(l -> l.tasks.get(taskId)).filter(java.util.Objects::nonNull).findFirst();
    }

    private Box box(String mailbox) {
        return boxes.computeIfAbsent(mailbox, m -> {
            var box = new Box();
            var tasks = new TaskList(DEFAULT_LIST_NAME, "defaultList");
            box.lists.put(tasks.id, tasks);
            var flagged = new TaskList("Flagged email", "flaggedEmails");
            box.lists.put(flagged.id, flagged);
            return box;
        });
    }

    private static final class TokenExpired extends RuntimeException {
        TokenExpired() {
            super(null, null, false, false);
        }
    }

    private static String encode(Box box, long since, long upTo, int offset, boolean expand) {
        String raw = box.generation + ":" + since + ":" + upTo + ":" + offset + ":" + (expand ? 1 : 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** [generation, since, upTo, offset, expand]; a token of an older generation, or garbage, has expired. */
    private static String[] decode(String token, Box box) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (p.length != 5 || Integer.parseInt(p[0]) != box.generation) throw new TokenExpired();
            return p;
        } catch (IllegalArgumentException garbage) {
            throw new TokenExpired();
        }
    }

    private static Response notFound() {
        return Response.error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }

    private static Response notAllowed() {
        return Response.error(405, "ErrorInvalidRequest", "The OData request is not supported.");
    }

    static Response badRequest(List<String> s) {
        return Response.error(400, "BadRequest", "Resource not found for the segment '" + String.join("/", s) + "' (not in the fake)");
    }
}
