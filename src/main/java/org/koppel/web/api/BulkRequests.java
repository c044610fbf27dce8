package org.koppel.web.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.bulk.BulkAction;
import org.koppel.crm.relation.RelationListFilter;

import tools.jackson.databind.JsonNode;

/**
 * Reads a bulk change's JSON body: {@code selection} ({@code ids} or {@code filter}), {@code action}
 * and the action's own fields. Every problem is named with its field, all at once.
 */
final class BulkRequests {

    static final List<String> ACTIONS = List.of("reassign-manager", "reassign-owner", "add-to-group",
            "remove-from-group", "set-sync-flag", "clear-sync-flag", "delete");

    /** Exactly one of {@code ids} and {@code filter} is set. */
    record Read(List<Long> ids, RelationListFilter filter, BulkAction action) {
    }

    private BulkRequests() {
    }

    static Read read(JsonNode body) {
        var checks = new Checks();
        if (body == null || !body.isObject()) {
            checks.problem("body", "must be a JSON object with selection and action");
            checks.throwIfAny();
        }
        List<Long> ids = null;
        RelationListFilter filter = null;
        JsonNode selection = body.get("selection");
        if (selection == null || !selection.isObject()) {
            checks.problem("selection", "is required: {\"ids\": [...]} or {\"filter\": {...}}");
        } else if (selection.has("ids") == selection.has("filter")) {
            checks.problem("selection", "must hold either ids or filter");
        } else if (selection.has("ids")) {
            ids = ids(selection.get("ids"), checks);
        } else {
            filter = filter(selection.get("filter"), checks);
        }
        BulkAction action = action(body, checks);
        checks.throwIfAny();
        return new Read(ids, filter, action);
    }

    private static List<Long> ids(JsonNode node, Checks checks) {
        if (!node.isArray()) {
            checks.problem("selection.ids", "must be a list of relation ids");
            return null;
        }
        var ids = new ArrayList<Long>();
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isIntegralNumber()) ids.add(node.get(i).longValue());
            else checks.problem("selection.ids[" + i + "]", "must be a relation id");
        }
        return ids;
    }

    private static RelationListFilter filter(JsonNode node, Checks checks) {
        if (!node.isObject()) {
            checks.problem("selection.filter", "must be an object such as {\"manager\": 7}");
            return null;
        }
        return RelationListFilter.strict(scalars(node, "selection.filter.", checks), checks, "selection.filter.");
    }

    /** An object's values as text, as a URL would give them: {@code {"manager": 7}} is {@code manager=7}. */
    static Map<String, String> scalars(JsonNode node, String prefix, Checks checks) {
        var params = new LinkedHashMap<String, String>();
        for (var entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (value.isNull()) continue;
            if (value.isValueNode()) params.put(entry.getKey(), value.asString());
            else checks.problem(prefix + entry.getKey(), "must be a single value");
        }
        return params;
    }

    private static BulkAction action(JsonNode body, Checks checks) {
        JsonNode node = body.get("action");
        String name = node == null || !node.isString() ? null : node.asString();
        if (name == null || !ACTIONS.contains(name)) {
            checks.problem("action", "must be one of " + String.join(", ", ACTIONS));
            return null;
        }
        return switch (name) {
            case "reassign-manager" -> {
                Long manager = id(body, "managerId", true, checks);
                yield manager == null ? null : new BulkAction.ReassignManager(manager);
            }
            case "reassign-owner" -> {
                Long from = id(body, "fromOwnerId", false, checks);
                Long to = id(body, "toOwnerId", true, checks);
                yield to == null ? null : new BulkAction.ReassignOwner(from, to);
            }
            case "add-to-group", "remove-from-group" -> {
                Long group = id(body, "groupId", true, checks);
                if (group == null) yield null;
                yield name.startsWith("add") ? new BulkAction.AddToGroup(group) : new BulkAction.RemoveFromGroup(group);
            }
            case "set-sync-flag" -> new BulkAction.SyncFlag(true);
            case "clear-sync-flag" -> new BulkAction.SyncFlag(false);
            default -> new BulkAction.Delete();
        };
    }

    private static Long id(JsonNode body, String field, boolean required, Checks checks) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) checks.problem(field, "is required for this action");
            return null;
        }
        if (!node.isIntegralNumber()) {
            checks.problem(field, "must be an employee or group id");
            return null;
        }
        return node.longValue();
    }
}
