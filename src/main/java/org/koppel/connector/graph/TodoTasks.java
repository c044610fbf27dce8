package org.koppel.connector.graph;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.koppel.sync.Snapshot;
import org.koppel.sync.TaskSlots;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Microsoft To Do task ("todoTask resource type", https://learn.microsoft.com/graph/api/resources/todotask)
 * in the slots of {@link TaskSlots}, both ways:
 *
 * <ul>
 * <li>{@code title} ↔ subject.</li>
 * <li>{@code dueDateTime} (a dateTimeTimeZone: a local date-time in the zone it names) → its date, read
 * in that zone, i.e. the date part of its {@code dateTime} ↔ due; written as midnight UTC of the date,
 * as To Do keeps due dates without a time.</li>
 * <li>{@code status} completed ↔ status=completed; notStarted, inProgress, waitingOnOthers and deferred are
 * all open (absent). Writing completed sets status completed (To Do sets completedDateTime); reopening a
 * completed task sets notStarted; an open task the CRM keeps open keeps its own open status.</li>
 * <li>{@code importance} high / low ↔ priority high / low; normal is absent.</li>
 * <li>{@code body} ↔ notes: an HTML body (as the To Do app writes it) is read as plain text
 * ({@link HtmlText}); notes are written as a text body.</li>
 * </ul>
 * Koppel's stamp is a linkedResource ("linkedResource resource type",
 * https://learn.microsoft.com/graph/api/resources/linkedresource: "ID of the object that is associated
 * with this task on the third-party/partner system") with {@code applicationName} Koppel and the CRM id
 * as {@code externalId}, created with the task ("You can also create a linkedResource object while
 * creating a task", https://learn.microsoft.com/graph/api/todotask-post-linkedresources). todoTask
 * documents neither singleValueExtendedProperties nor a place meant for a partner's id other than this;
 * open extensions would need a second request to read.
 */
final class TodoTasks {

    static final String APPLICATION = "Koppel";

    private final ObjectMapper json;

    TodoTasks(ObjectMapper json) {
        this.json = json;
    }

    /** The slots; a task Koppel cannot read (a malformed date) is {@link Unreadable}. */
    Map<String, String> read(JsonNode task) {
        var values = new LinkedHashMap<String, String>();
        put(values, TaskSlots.SUBJECT, task.path("title").asString(""));
        JsonNode due = task.get("dueDateTime");
        if (due != null && !due.isNull()) put(values, TaskSlots.DUE, date(due).toString());
        if (task.path("status").asString("").equals("completed")) values.put(TaskSlots.STATUS, TaskSlots.COMPLETED);
        String importance = task.path("importance").asString("");
        if (importance.equals("high")) values.put(TaskSlots.PRIORITY, TaskSlots.HIGH);
        else if (importance.equals("low")) values.put(TaskSlots.PRIORITY, TaskSlots.LOW);
        put(values, TaskSlots.NOTES, notes(task.path("body")));
        return values;
    }

    /** The CRM id of Koppel's linkedResource, or null (none, or an externalId that is no CRM id). */
    Long stampedCrmId(JsonNode task) {
        for (JsonNode link : task.path("linkedResources")) {
            if (!APPLICATION.equals(link.path("applicationName").asString(""))) continue;
            try {
                return Long.parseLong(link.path("externalId").asString("").strip());
            } catch (NumberFormatException notOurs) {
                return null;
            }
        }
        return null;
    }

    ObjectNode forCreate(Snapshot given, long crmId) {
        Snapshot values = normalised(given);
        ObjectNode task = json.createObjectNode();
        task.put("title", Objects.requireNonNullElse(values.get(TaskSlots.SUBJECT), ""));
        if (values.get(TaskSlots.DUE) != null) task.set("dueDateTime", due(values.get(TaskSlots.DUE)));
        task.put("status", TaskSlots.COMPLETED.equals(values.get(TaskSlots.STATUS)) ? "completed" : "notStarted");
        task.put("importance", importance(values.get(TaskSlots.PRIORITY)));
        if (values.get(TaskSlots.NOTES) != null) task.set("body", body(values.get(TaskSlots.NOTES)));
        task.putArray("linkedResources").addObject()
                .put("applicationName", APPLICATION)
                .put("displayName", APPLICATION)
                .put("externalId", Long.toString(crmId));
        return task;
    }

    /** The properties of {@code current} whose slot differs from {@code values}; empty when none does. */
    ObjectNode forUpdate(JsonNode current, Snapshot given) {
        Snapshot values = normalised(given);
        Snapshot now = Snapshot.of(read(current));
        ObjectNode patch = json.createObjectNode();
        if (!now.same(TaskSlots.SUBJECT, values)) patch.put("title", Objects.requireNonNullElse(values.get(TaskSlots.SUBJECT), ""));
        if (!now.same(TaskSlots.DUE, values)) {
            if (values.get(TaskSlots.DUE) == null) patch.putNull("dueDateTime");
            else patch.set("dueDateTime", due(values.get(TaskSlots.DUE)));
        }
        if (!now.same(TaskSlots.STATUS, values)) {
            patch.put("status", TaskSlots.COMPLETED.equals(values.get(TaskSlots.STATUS)) ? "completed" : "notStarted");
        }
        if (!now.same(TaskSlots.PRIORITY, values)) patch.put("importance", importance(values.get(TaskSlots.PRIORITY)));
        if (!now.same(TaskSlots.NOTES, values)) {
            patch.set("body", body(Objects.requireNonNullElse(values.get(TaskSlots.NOTES), "")));
        }
        return patch;
    }

    /** A task Koppel cannot map; the reason goes into the run report. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private static LocalDate date(JsonNode dateTimeTimeZone) {
        String value = dateTimeTimeZone.path("dateTime").asString("");
        try {
            // "2020-08-25T04:00:00.0000000": a local date-time in the zone named beside it; its date is the due date there
            return value.length() == 10 ? LocalDate.parse(value) : LocalDateTime.parse(value).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new Unreadable("the due date '" + value + "' is not a date");
        }
    }

    private ObjectNode due(String isoDate) {
        return json.createObjectNode().put("dateTime", isoDate + "T00:00:00").put("timeZone", "UTC");
    }

    private ObjectNode body(String notes) {
        return json.createObjectNode().put("content", notes).put("contentType", "text");
    }

    private static String importance(String priority) {
        if (TaskSlots.HIGH.equals(priority)) return "high";
        if (TaskSlots.LOW.equals(priority)) return "low";
        return "normal";
    }

    private static String notes(JsonNode body) {
        String content = body.path("content").asString("");
        String text = body.path("contentType").asString("text").equalsIgnoreCase("html") ? HtmlText.toText(content) : content;
        return lineFeeds(text).strip();
    }

    /**
     * Notes with \n line ends, as they are read: a browser's text area sends \r\n, and a body written
     * with them would read back different from what was written, and be written again on every run.
     */
    private static Snapshot normalised(Snapshot values) {
        String notes = values.get(TaskSlots.NOTES);
        if (notes == null || notes.indexOf('\r') < 0) return values;
        var copy = new LinkedHashMap<>(values.values());
        copy.put(TaskSlots.NOTES, lineFeeds(notes));
        return Snapshot.of(copy);
    }

    private static String lineFeeds(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static void put(Map<String, String> values, String slot, String value) {
        if (value != null && !value.isBlank()) values.put(slot, value.strip());
    }
}
