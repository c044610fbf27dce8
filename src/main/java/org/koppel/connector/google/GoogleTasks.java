package org.koppel.connector.google;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.koppel.sync.Snapshot;
import org.koppel.sync.TaskSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Google Tasks task (Task resource, https://developers.google.com/tasks/reference/rest/v1/tasks) in the slots of
 * {@link TaskSlots}, both ways:
 *
 * <ul>
 * <li>{@code title} ↔ subject; {@code notes} ↔ notes.</li>
 * <li>{@code due} ↔ due: "The due date only records date information; the time portion of the timestamp is
 * discarded when setting the due date. It isn't possible to read or write the time that a task is due via the
 * API." Read as the date of its UTC timestamp; written as that date's midnight UTC. Koppel's tasks are due on
 * a date too, so nothing is lost.</li>
 * <li>{@code status} completed ↔ status completed; needsAction is open. Completing writes {@code completed} (the
 * completion time) with it; reopening writes needsAction and clears {@code completed}, which Google would
 * otherwise keep.</li>
 * <li>Google Tasks has no priority: {@link TaskSlots#PRIORITY} is a slot it cannot hold
 * ({@link org.koppel.connector.ItemPeer#unheldSlots}), and no field for a partner's id, so a task carries no stamp.</li>
 * </ul>
 */
final class GoogleTasks {

    private GoogleTasks() {
    }

    static Map<String, String> read(JsonNode task) {
        var values = new LinkedHashMap<String, String>();
        put(values, TaskSlots.SUBJECT, task.path("title").asString(""));
        String due = task.path("due").asString("");
        if (!due.isBlank()) {
            try {
                values.put(TaskSlots.DUE, OffsetDateTime.parse(due).atZoneSameInstant(ZoneOffset.UTC).toLocalDate().toString());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("the due date '" + due + "' is not an RFC 3339 timestamp");
            }
        }
        if ("completed".equals(task.path("status").asString(""))) values.put(TaskSlots.STATUS, TaskSlots.COMPLETED);
        put(values, TaskSlots.NOTES, lineFeeds(task.path("notes").asString("")));
        return values;
    }

    static ObjectNode forCreate(Snapshot values, Clock clock) {
        ObjectNode task = JsonNodeFactory.instance.objectNode();
        task.put("title", Objects.requireNonNullElse(values.get(TaskSlots.SUBJECT), ""));
        if (values.get(TaskSlots.NOTES) != null) task.put("notes", lineFeeds(values.get(TaskSlots.NOTES)));
        if (values.get(TaskSlots.DUE) != null) task.put("due", due(values.get(TaskSlots.DUE)));
        status(task, TaskSlots.COMPLETED.equals(values.get(TaskSlots.STATUS)), clock);
        return task;
    }

    /** The fields of {@code current} whose slot differs from {@code values}; empty when none does. */
    static ObjectNode forUpdate(JsonNode current, Snapshot values, Clock clock) {
        Snapshot now = Snapshot.of(read(current));
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        if (!now.same(TaskSlots.SUBJECT, values)) patch.put("title", Objects.requireNonNullElse(values.get(TaskSlots.SUBJECT), ""));
        String notes = values.get(TaskSlots.NOTES) == null ? null : lineFeeds(values.get(TaskSlots.NOTES)).strip();
        if (!Objects.equals(now.get(TaskSlots.NOTES), notes)) patch.put("notes", Objects.requireNonNullElse(notes, ""));
        if (!now.same(TaskSlots.DUE, values)) {
            if (values.get(TaskSlots.DUE) == null) patch.putNull("due");
            else patch.put("due", due(values.get(TaskSlots.DUE)));
        }
        if (!now.same(TaskSlots.STATUS, values)) status(patch, TaskSlots.COMPLETED.equals(values.get(TaskSlots.STATUS)), clock);
        return patch;
    }

    private static void status(ObjectNode task, boolean completed, Clock clock) {
        task.put("status", completed ? "completed" : "needsAction");
        if (completed) task.put("completed", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        else task.putNull("completed");
    }

    /** RFC 3339 at midnight UTC: Google keeps the date only. */
    static String due(String isoDate) {
        return LocalDate.parse(isoDate).atStartOfDay(ZoneOffset.UTC).toInstant().toString().replace("Z", ".000Z");
    }

    static Instant updated(JsonNode task) {
        try {
            String u = task.path("updated").asString("");
            return u.isEmpty() ? null : OffsetDateTime.parse(u).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String lineFeeds(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static void put(Map<String, String> values, String slot, String value) {
        if (value != null && !value.isBlank()) values.put(slot, value.strip());
    }
}
