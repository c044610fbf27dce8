package org.koppel.web.ui;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.koppel.crm.FieldProblem;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;

/** The edit form of a task; the due date and relation id stay text so an unreadable one comes back as typed. */
public record TaskForm(Long version, String subject, String dueDate, TaskStatus status, TaskPriority priority,
                       String notes, Long responsibleId, String relationId) {

    static final Set<String> INPUTS = Set.of("subject", "dueDate", "status", "priority", "notes", "responsibleId",
            "relationId");

    static TaskForm blank(long responsibleId, Long relationId) {
        return new TaskForm(null, null, null, TaskStatus.OPEN, TaskPriority.NORMAL, null, responsibleId,
                relationId == null ? null : relationId.toString());
    }

    static TaskForm of(Task t) {
        return new TaskForm(t.version(), t.subject(), t.dueDate() == null ? null : t.dueDate().toString(), t.status(),
                t.priority(), t.notes(), t.responsibleId(), t.relationId() == null ? null : t.relationId().toString());
    }

    Task toTask(Task current, List<FieldProblem> unreadable) {
        return new Task(current == null ? null : current.id(), version, subject, due(unreadable), status, null,
                priority, notes, responsibleId, relation(unreadable), null, null, null);
    }

    private LocalDate due(List<FieldProblem> unreadable) {
        return FormValues.read("dueDate", dueDate, LocalDate::parse, FormValues.DATE, unreadable);
    }

    private Long relation(List<FieldProblem> unreadable) {
        return FormValues.read("relationId", relationId, Long::valueOf, "is not a relation id", unreadable);
    }
}
