package org.koppel.web.ui;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.bulk.BulkAction;

/** The list page's bulk bar: an action and the one choice it needs (an employee or a group). */
final class BulkForm {

    private BulkForm() {
    }

    static BulkAction action(String action, Long employee, Long fromOwner, Long group) {
        if (action == null) throw new InvalidInputException("action", "missing");
        return switch (action) {
            case "reassign-manager" -> new BulkAction.ReassignManager(required("employee", employee));
            case "reassign-owner" -> new BulkAction.ReassignOwner(fromOwner, required("employee", employee));
            case "add-to-group" -> new BulkAction.AddToGroup(required("group", group));
            case "remove-from-group" -> new BulkAction.RemoveFromGroup(required("group", group));
            case "set-sync-flag" -> new BulkAction.SyncFlag(true);
            case "clear-sync-flag" -> new BulkAction.SyncFlag(false);
            case "delete" -> new BulkAction.Delete();
            default -> throw new InvalidInputException("action", "unknown");
        };
    }

    /** The message key that says what is missing, for the page's own words rather than the API's. */
    static String problemKey(InvalidInputException e) {
        String field = e.problems().isEmpty() ? "" : e.problems().getFirst().field();
        return switch (field) {
            case "employee", "managerId", "toOwnerId" -> "lists.bulk.problem.employee";
            case "group", "groupId" -> "lists.bulk.problem.groupMissing";
            case "selection", "selection.filter" -> "lists.bulk.problem.selection";
            default -> "lists.bulk.problem.action";
        };
    }

    private static long required(String field, Long value) {
        if (value == null) throw new InvalidInputException(field, "missing");
        return value;
    }
}
