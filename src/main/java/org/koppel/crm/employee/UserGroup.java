package org.koppel.crm.employee;

import java.util.List;

/** A team of employees, so sync settings can differ per team (the field sales team syncs, say). */
public record UserGroup(Long id, String name, List<Long> memberIds) {
}
