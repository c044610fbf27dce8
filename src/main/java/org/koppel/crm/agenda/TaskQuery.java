package org.koppel.crm.agenda;

import java.time.LocalDate;

/** A listing of tasks; {@code dueBefore} is exclusive and leaves out tasks without a due date. */
public record TaskQuery(Long responsibleId, TaskStatus status, LocalDate dueBefore, Long relationId, boolean deleted,
                        int page, int size) {
}
