package org.koppel.web.ui;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Change;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.Origin;

/** One line of a relation's history: when, what and by whom, in words. */
public record ChangeEntry(Instant at, String when, Operation operation, List<String> fields, String by,
                          List<Shown> values) {

    /** One field's value before and after, in words ({@code null}: it had none); empty for older entries. */
    public record Shown(String field, String before, String after) {
    }

    static ChangeEntry of(Change change, Map<Long, String> employeeNames, Map<Long, String> connectionNames,
                          List<Shown> values) {
        return new ChangeEntry(change.changedAt(), Times.format(change.changedAt()), change.operation(), change.fields(),
                by(change.origin(), employeeNames, connectionNames), values);
    }

    private static String by(Origin origin, Map<Long, String> names, Map<Long, String> connections) {
        return switch (origin.type()) {
            case USER -> names.getOrDefault(origin.employeeId(), "employee " + origin.employeeId());
            case API_TOKEN -> names.getOrDefault(origin.employeeId(), "employee " + origin.employeeId())
                    + " (API token " + origin.id() + ")";
            case CONNECTION -> connections.containsKey(origin.id()) ? "sync with " + connections.get(origin.id())
                    : "sync connection " + origin.id() + " (since removed)";
            case SYSTEM -> "Koppel";
        };
    }
}
