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

    /** {@code words}: a message key with its arguments in the reader's language (ids as text, never "1,234"). */
    static ChangeEntry of(Change change, Map<Long, String> employeeNames, Map<Long, String> connectionNames,
                          List<Shown> values, java.util.function.BiFunction<String, Object[], String> words, Dates dates) {
        return new ChangeEntry(change.changedAt(), dates.moment(change.changedAt()), change.operation(), change.fields(),
                by(change.origin(), employeeNames, connectionNames, words), values);
    }

    private static String by(Origin origin, Map<Long, String> names, Map<Long, String> connections,
                             java.util.function.BiFunction<String, Object[], String> words) {
        String employee = names.containsKey(origin.employeeId()) ? names.get(origin.employeeId())
                : words.apply("relations.detail.employee", new Object[] {String.valueOf(origin.employeeId())});
        return switch (origin.type()) {
            case USER -> employee;
            case API_TOKEN -> words.apply("relations.history.apiToken", new Object[] {employee, String.valueOf(origin.id())});
            case CONNECTION -> connections.containsKey(origin.id())
                    ? words.apply("relations.history.sync", new Object[] {connections.get(origin.id())})
                    : words.apply("relations.history.syncRemoved", new Object[] {String.valueOf(origin.id())});
            case SYSTEM -> "Koppel";
        };
    }
}
