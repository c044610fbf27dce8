package org.koppel.web.ui;

import java.time.LocalDate;

import org.koppel.crm.agenda.Task;

/** A task as lists show it; {@code overdue}: open and due before today. */
record TaskRow(long id, long version, String subject, LocalDate dueDate, String due, boolean overdue, boolean completed,
               String priority, String responsible, Long relationId) {

    /** {@code dates}: how the page's language writes the due date. */
    static TaskRow of(Task t, String responsible, LocalDate today, java.time.format.DateTimeFormatter dates) {
        boolean completed = t.status() == org.koppel.crm.agenda.TaskStatus.COMPLETED;
        return new TaskRow(t.id(), t.version(), t.subject(), t.dueDate(), t.dueDate() == null ? null : dates.format(t.dueDate()),
                !completed && t.dueDate() != null && t.dueDate().isBefore(today), completed, t.priority().name(),
                responsible, t.relationId());
    }
}
