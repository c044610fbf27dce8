package org.koppel.sync;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.sync.FieldMap.Row;

/** A task as {@link TaskSlots}, and slot values written back into a task, following the field map. */
public final class TaskProjection {

    private TaskProjection() {
    }

    public static Snapshot project(Task t, FieldMap map) {
        return FieldMap.project(map.rows(), field -> read(t, field));
    }

    /** The task with the given slots taken from {@code peer}; fields the map does not name stay as they are. */
    public static Task apply(Task t, Snapshot peer, Set<String> slots, FieldMap map) {
        Task result = t;
        for (Row row : map.rows()) {
            if (slots.contains(row.slot()) && row.peerToCrm()) result = write(result, row.crmField(), peer.get(row.slot()));
        }
        return result;
    }

    /** A new task from a peer item, for its responsible employee. */
    public static Task fromPeer(Snapshot peer, FieldMap map, long responsibleId, Long relationId) {
        var blank = new Task(null, null, "(no subject)", null, TaskStatus.OPEN, null, TaskPriority.NORMAL, null,
                responsibleId, relationId, null, null, null);
        return apply(blank, peer, peer.values().keySet(), map);
    }

    private static String read(Task t, String field) {
        return switch (field) {
            case "subject" -> t.subject();
            case "dueDate" -> t.dueDate() == null ? null : t.dueDate().toString();
            case "status" -> t.status() == TaskStatus.COMPLETED ? TaskSlots.COMPLETED : null;
            case "priority" -> switch (t.priority() == null ? TaskPriority.NORMAL : t.priority()) {
                case HIGH -> TaskSlots.HIGH;
                case LOW -> TaskSlots.LOW;
                case NORMAL -> null;
            };
            case "notes" -> t.notes();
            default -> throw new IllegalArgumentException("the field map names an unknown task field: " + field);
        };
    }

    private static Task write(Task t, String field, String v) {
        return switch (field) {
            case "subject" -> v == null ? t : copy(t, v, t.dueDate(), t.status(), t.priority(), t.notes());
            case "dueDate" -> copy(t, t.subject(), date(v), t.status(), t.priority(), t.notes());
            case "status" -> copy(t, t.subject(), t.dueDate(),
                    TaskSlots.COMPLETED.equals(v) ? TaskStatus.COMPLETED : TaskStatus.OPEN, t.priority(), t.notes());
            case "priority" -> copy(t, t.subject(), t.dueDate(), t.status(), TaskSlots.HIGH.equals(v) ? TaskPriority.HIGH
                    : TaskSlots.LOW.equals(v) ? TaskPriority.LOW : TaskPriority.NORMAL, t.notes());
            case "notes" -> copy(t, t.subject(), t.dueDate(), t.status(), t.priority(), v);
            default -> t;
        };
    }

    private static LocalDate date(String v) {
        if (v == null) return null;
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("dueDate", "'" + v + "' from the peer is not a date");
        }
    }

    private static Task copy(Task t, String subject, LocalDate due, TaskStatus status, TaskPriority priority, String notes) {
        return new Task(t.id(), t.version(), subject, due, status, t.completedAt(), priority, notes, t.responsibleId(),
                t.relationId(), t.createdAt(), t.updatedAt(), t.deletedAt());
    }
}
