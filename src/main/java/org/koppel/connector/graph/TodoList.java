package org.koppel.connector.graph;

import java.util.Locale;
import java.util.Map;

import org.koppel.connector.PeerException;

import tools.jackson.databind.JsonNode;

/**
 * The Microsoft To Do list a connection syncs tasks with (setting {@code taskList}), and the Graph
 * paths of its tasks. Lists: "todoTaskList resource type"
 * (https://learn.microsoft.com/graph/api/resources/todotasklist), "List todoTaskLists"
 * (https://learn.microsoft.com/graph/api/todo-list-lists), "Create todoTaskList"
 * (https://learn.microsoft.com/graph/api/todo-post-lists).
 *
 * <ul>
 * <li>{@code default}: the built-in Tasks list, the one whose {@code wellknownListName} is
 * {@code defaultList}; To Do's built-in lists "cannot be renamed or deleted".</li>
 * <li>{@code koppel}: a list of its own named "Koppel", found by name among the user's lists
 * ({@code wellknownListName} none) or created on first use, so Koppel's tasks stay apart from the
 * user's own, as the contact folder choice does ({@link ContactFolder}).</li>
 * </ul>
 */
final class TodoList {

    static final String DEFAULT = "default";
    static final String KOPPEL = "koppel";
    static final String KOPPEL_LIST_NAME = "Koppel";

    private final GraphClient client;
    private final String choice;

    TodoList(GraphClient client, String choice) {
        String c = choice == null ? "" : choice.strip().toLowerCase(Locale.ROOT);
        if (c.isEmpty()) {
            throw new PeerException.Configuration("the connection names no Microsoft To Do list to sync tasks with "
                    + "(settings.taskList: default or koppel)", null);
        }
        if (!c.equals(KOPPEL) && !c.equals(DEFAULT)) {
            throw new PeerException.Configuration("unknown task list choice '" + choice + "' (use 'default' or 'koppel')", null);
        }
        this.client = client;
        this.choice = c;
    }

    boolean isDefault() {
        return choice.equals(DEFAULT);
    }

    /** The list's id: found, or (Koppel's list) created. */
    String resolve() {
        String url = "/me/todo/lists";
        for (int page = 0; page < 1000 && !url.isEmpty(); page++) {
            GraphResponse r = client.get(url, Map.of());
            if (!r.ok()) throw GraphErrors.failure(r, "list the To Do task lists", client.clock());
            for (JsonNode list : r.body().path("value")) {
                String wellknown = list.path("wellknownListName").asString("");
                boolean found = isDefault() ? wellknown.equals("defaultList")
                        : KOPPEL_LIST_NAME.equals(list.path("displayName").asString("")) && !wellknown.equals("defaultList")
                        && !wellknown.equals("flaggedEmails");
                if (found) return list.path("id").asString();
            }
            url = r.body().path("@odata.nextLink").asString("");
        }
        if (isDefault()) {
            throw new PeerException.Configuration("Microsoft To Do shows no built-in Tasks list for this mailbox", null);
        }
        var body = client.json().createObjectNode().put("displayName", KOPPEL_LIST_NAME);
        GraphResponse created = client.send("POST", "/me/todo/lists", Map.of(), body);
        if (!created.ok()) throw GraphErrors.failure(created, "create the Koppel task list", client.clock());
        return created.body().path("id").asString();
    }

    String tasksPath(String listId) {
        return "/me/todo/lists/" + ContactFolder.segment(listId) + "/tasks";
    }

    String taskPath(String listId, String taskId) {
        return tasksPath(listId) + "/" + ContactFolder.segment(taskId);
    }

    /**
     * The first request of a delta round ("todoTask: delta" supports $select, $top and $expand): the
     * whole tasks with their linkedResources, which carry Koppel's stamp, so a round needs no reads.
     */
    String deltaStart(String listId) {
        return tasksPath(listId) + "/delta?$expand=linkedResources";
    }
}
