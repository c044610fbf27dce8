package org.koppel.testkit.google;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Tasks API v1 calls on a user's default task list ({@code @default}), each from its reference page:
 * <ul>
 *   <li>GET /tasks/v1/lists/{tasklist}/tasks: https://developers.google.com/tasks/reference/rest/v1/tasks/list</li>
 *   <li>POST .../tasks: https://developers.google.com/tasks/reference/rest/v1/tasks/insert</li>
 *   <li>GET, PUT, PATCH, DELETE .../tasks/{task}: tasks/get, tasks/update, tasks/patch, tasks/delete on the same site</li>
 * </ul>
 * The Task resource (https://developers.google.com/tasks/reference/rest/v1/tasks) and "Use Google Tasks Parameters"
 * (https://developers.google.com/tasks/params) give the fields and defaults. The Tasks API has no sync token:
 * changes are found with {@code updatedMin}, and deletions only with {@code showDeleted=true}.
 */
final class TasksRoutes {

    static final String TASKS = "https://www.googleapis.com/auth/tasks";
    static final String TASKS_READONLY = "https://www.googleapis.com/auth/tasks.readonly";
    static final String DEFAULT_LIST = "MDAwMDAwMDAwMDAwMDAwMDAwMDA6MDow";
    private static final Set<String> WRITABLE = Set.of("title", "notes", "status", "due", "completed", "deleted", "hidden", "parent");

    /** One user's tasks in the default list. */
    static final class TaskList {
        final Map<String, Task> tasks = new LinkedHashMap<>();
        long nextId = 1;
        long seq;
    }

    static final class Task {
        final String id;
        ObjectNode fields;
        long version;
        long changeSeq;
        Instant updated;

        Task(String id) {
            this.id = id;
        }

        String etag() {
            return "\"" + Math.abs((long) id.hashCode()) + "/" + version + "\"";
        }

        boolean flag(String name) {
            return fields.path(name).asBoolean(false);
        }
    }

    private record Listing(String user, String fingerprint, List<ObjectNode> items, int offset) {
    }

    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    static String kind(PeopleRoutes.Request r) {
        List<String> s = r.segments();
        if (s.size() < 3 || !s.get(0).equals("lists") || !s.get(2).equals("tasks")) return "unknown";
        if (s.size() == 3) return r.method().equals("POST") ? "tasks.insert" : "tasks.list";
        if (s.size() == 4) {
            return switch (r.method()) {
                case "GET" -> "tasks.get";
                case "PUT" -> "tasks.update";
                case "PATCH" -> "tasks.patch";
                case "DELETE" -> "tasks.delete";
                default -> "unknown";
            };
        }
        return "unknown";
    }

    GoogleResponse handle(PeopleRoutes.Request r, TaskList list, String ifMatch, Instant now) {
        String kind = kind(r);
        if (kind.equals("unknown")) return GoogleResponse.legacy(404, "global", "notFound", "Not Found");
        boolean write = !kind.equals("tasks.list") && !kind.equals("tasks.get");
        if (write ? !r.scopes().contains(TASKS) : !(r.scopes().contains(TASKS) || r.scopes().contains(TASKS_READONLY))) {
            return GoogleResponse.legacy(403, "global", "insufficientPermissions", "Request had insufficient authentication scopes.");
        }
        // Only the default list is modelled: "@default", or its id as tasklists.list would give it.
        String listId = r.segments().get(1);
        if (!listId.equals("@default") && !listId.equals(DEFAULT_LIST)) {
            return GoogleResponse.legacy(404, "global", "notFound", "Task list not found.");
        }
        return switch (kind) {
            case "tasks.list" -> list(r, list);
            case "tasks.insert" -> insert(r, list, now);
            case "tasks.get" -> {
                Task t = list.tasks.get(r.segments().get(3));
                yield t == null ? notFound() : GoogleResponse.json(200, representation(t));
            }
            case "tasks.update" -> write(r, list, ifMatch, now, false);
            case "tasks.patch" -> write(r, list, ifMatch, now, true);
            case "tasks.delete" -> delete(r, list, ifMatch, now);
            default -> notFound();
        };
    }

    private GoogleResponse list(PeopleRoutes.Request r, TaskList list) {
        // "maxResults: Maximum number of tasks returned on one page. Optional. The default is 20 (max allowed: 100)."
        int max;
        try {
            max = r.first("maxResults") == null ? 20 : Integer.parseInt(r.first("maxResults"));
        } catch (NumberFormatException e) {
            return invalid("Invalid value for maxResults");
        }
        if (max < 1) return invalid("Invalid value for maxResults");
        max = Math.min(max, 100);
        Listing listing;
        String pageToken = r.first("pageToken");
        if (pageToken != null && !pageToken.isEmpty()) {
            listing = listings.get(pageToken);
            if (listing == null || !listing.user().equals(r.user()) || !listing.fingerprint().equals(fingerprint(r))) {
                return invalid("Invalid page token value.");
            }
        } else {
            Instant updatedMin;
            try {
                updatedMin = r.first("updatedMin") == null ? null : OffsetDateTime.parse(r.first("updatedMin")).toInstant();
            } catch (DateTimeParseException e) {
                return invalid("Invalid value for updatedMin");
            }
            // Defaults: "showCompleted ... The default is True"; "showDeleted ... The default is False"; "showHidden ...
            // The default is False" (tasks.list). Hidden tasks: "showHidden must also be True to show tasks completed in
            // first party clients, such as the web UI and Google's mobile apps."
            boolean completed = !"false".equals(r.first("showCompleted"));
            boolean deleted = "true".equals(r.first("showDeleted"));
            boolean hidden = "true".equals(r.first("showHidden"));
            var items = new ArrayList<ObjectNode>();
            list.tasks.values().stream().sorted(Comparator.comparingLong(t -> t.changeSeq)).forEach(t -> {
                if (t.flag("deleted") && !deleted) return;
                if (t.flag("hidden") && !hidden) return;
                if ("completed".equals(t.fields.path("status").asString("")) && !completed) return;
                // "updatedMin: Lower bound for a task's last modification time (as a RFC 3339 timestamp) to filter by."
                if (updatedMin != null && t.updated.isBefore(updatedMin)) return;
                items.add(representation(t));
            });
            listing = new Listing(r.user(), fingerprint(r), items, 0);
        }
        int end = Math.min(listing.items().size(), listing.offset() + max);
        ObjectNode body = GoogleResponse.JSON.createObjectNode();
        body.put("kind", "tasks#tasks");
        body.put("etag", "\"" + list.seq + "\"");
        ArrayNode items = body.putArray("items");
        listing.items().subList(listing.offset(), end).forEach(items::add);
        if (end < listing.items().size()) {
            String next = "tp-" + UUID.randomUUID();
            listings.put(next, new Listing(listing.user(), listing.fingerprint(), listing.items(), end));
            body.put("nextPageToken", next);
        }
        return GoogleResponse.json(200, body);
    }

    private GoogleResponse insert(PeopleRoutes.Request r, TaskList list, Instant now) {
        if (r.body() == null || !r.body().isObject()) return invalid("Bad Request");
        Task t = new Task("t" + Long.toString(list.nextId++ * 104729 + 1_000_000, 36));
        t.fields = GoogleResponse.JSON.createObjectNode();
        GoogleResponse bad = apply(t, r.body(), false, now);
        if (bad != null) return bad;
        list.tasks.put(t.id, t);
        touch(list, t, now);
        return GoogleResponse.json(200, representation(t));
    }

    private GoogleResponse write(PeopleRoutes.Request r, TaskList list, String ifMatch, Instant now, boolean patch) {
        if (r.body() == null || !r.body().isObject()) return invalid("Bad Request");
        Task t = list.tasks.get(r.segments().get(3));
        if (t == null) return notFound();
        GoogleResponse stale = precondition(t, ifMatch);
        if (stale != null) return stale;
        ObjectNode before = t.fields.deepCopy();
        if (!patch) t.fields = GoogleResponse.JSON.createObjectNode();
        GoogleResponse bad = apply(t, r.body(), patch, now);
        if (bad != null) {
            t.fields = before;
            return bad;
        }
        touch(list, t, now);
        return GoogleResponse.json(200, representation(t));
    }

    private GoogleResponse delete(PeopleRoutes.Request r, TaskList list, String ifMatch, Instant now) {
        Task t = list.tasks.get(r.segments().get(3));
        if (t == null || t.flag("deleted")) return notFound();
        GoogleResponse stale = precondition(t, ifMatch);
        if (stale != null) return stale;
        // A deleted task stays, flagged: "deleted: Flag indicating whether the task has been deleted" (Task resource),
        // and listed only with showDeleted=true.
        t.fields.put("deleted", true);
        touch(list, t, now);
        return new GoogleResponse(204, new LinkedHashMap<>(), null);
    }

    /**
     * Copies the writable fields. "due: ... The due date only records date information; the time portion of the
     * timestamp is discarded when setting the due date" (Task resource). Status needsAction or completed; a
     * completed task without {@code completed} gets the time of the write, and "completed: Completion date of the
     * task ... This field is omitted if the task has not been completed."
     */
    private static GoogleResponse apply(Task t, JsonNode body, boolean patch, Instant now) {
        for (String f : WRITABLE) {
            JsonNode v = body.get(f);
            if (v == null) continue;
            if (v.isNull()) t.fields.remove(f);
            else t.fields.set(f, v.deepCopy());
        }
        String status = t.fields.path("status").asString("needsAction");
        if (!status.equals("needsAction") && !status.equals("completed")) return invalid("Invalid value for status");
        t.fields.put("status", status);
        if (t.fields.has("due")) {
            try {
                Instant due = OffsetDateTime.parse(t.fields.path("due").asString()).toInstant();
                t.fields.put("due", due.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toString()
                        .replace("Z", ".000Z"));
            } catch (DateTimeParseException e) {
                return invalid("Invalid value for due");
            }
        }
        if (status.equals("completed") && !t.fields.has("completed")) {
            t.fields.put("completed", now.truncatedTo(ChronoUnit.MILLIS).toString());
        }
        if (status.equals("needsAction")) {
            t.fields.remove("completed");
            t.fields.remove("hidden");
        }
        return null;
    }

    private static void touch(TaskList list, Task t, Instant now) {
        t.version++;
        t.changeSeq = ++list.seq;
        t.updated = now;
    }

    /**
     * The Tasks pages document no conditional write; the fake holds If-Match to the etag as Google's APIs do
     * elsewhere (Calendar's "Versions of resources"): 412 conditionNotMet when it differs. Marked as a choice in
     * docs/google.md.
     */
    private static GoogleResponse precondition(Task t, String ifMatch) {
        if (ifMatch == null || ifMatch.equals("*") || ifMatch.equals(t.etag())) return null;
        return GoogleResponse.legacy(412, "global", "conditionNotMet", "Precondition Failed");
    }

    static ObjectNode representation(Task t) {
        ObjectNode r = GoogleResponse.JSON.createObjectNode();
        r.put("kind", "tasks#task");
        r.put("id", t.id);
        r.put("etag", t.etag());
        r.put("title", t.fields.path("title").asString(""));
        r.put("updated", t.updated.truncatedTo(ChronoUnit.MILLIS).toString());
        r.put("selfLink", "https://www.googleapis.com/tasks/v1/lists/" + DEFAULT_LIST + "/tasks/" + t.id);
        r.put("position", String.format("%020d", t.changeSeq));
        t.fields.properties().forEach(f -> {
            if (!f.getKey().equals("title")) r.set(f.getKey(), f.getValue().deepCopy());
        });
        r.put("webViewLink", "https://tasks.google.com/task/" + t.id);
        return r;
    }

    private static GoogleResponse invalid(String message) {
        return GoogleResponse.legacy(400, "global", "invalid", message);
    }

    private static GoogleResponse notFound() {
        return GoogleResponse.legacy(404, "global", "notFound", "Not Found");
    }

    private static String fingerprint(PeopleRoutes.Request r) {
        StringBuilder b = new StringBuilder();
        r.query().entrySet().stream().sorted(Map.Entry.comparingByKey()).filter(e -> !e.getKey().equals("pageToken"))
                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append('&'));
        return Integer.toHexString(b.toString().hashCode());
    }
}
