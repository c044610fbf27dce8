package org.koppel.crm.agenda;

import java.time.Instant;
import java.time.LocalDate;

import org.koppel.crm.Checks;

/**
 * A task of one responsible employee, optionally about one relation (webCRM's "activity").
 * {@code completedAt} is set by the write path when the status becomes completed and cleared when
 * it is reopened; {@code id}, {@code version} and the timestamps are set by the store.
 */
public record Task(Long id, Long version, String subject, LocalDate dueDate, TaskStatus status, Instant completedAt,
                   TaskPriority priority, String notes, Long responsibleId, Long relationId,
                   Instant createdAt, Instant updatedAt, Instant deletedAt) {

    public Task cleaned() {
        return new Task(id, version, Checks.clean(subject), dueDate, status == null ? TaskStatus.OPEN : status,
                completedAt, priority == null ? TaskPriority.NORMAL : priority, Checks.clean(notes), responsibleId,
                relationId, createdAt, updatedAt, deletedAt);
    }

    public Task withCompletedAt(Instant at) {
        return new Task(id, version, subject, dueDate, status, at, priority, notes, responsibleId, relationId,
                createdAt, updatedAt, deletedAt);
    }

    void checkDetails(Checks checks) {
        checks.required("subject", subject).text("subject", subject, 500);
        checks.text("notes", notes, 10_000);
        checks.required("responsibleId", responsibleId);
        if (dueDate != null && (dueDate.getYear() < 1900 || dueDate.getYear() > 2200)) {
            checks.problem("dueDate", "lies outside the years 1900 to 2200");
        }
    }
}
