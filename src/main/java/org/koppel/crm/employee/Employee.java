package org.koppel.crm.employee;

import java.time.Instant;
import java.util.List;

/**
 * A person of our own organisation and a user of Koppel. {@code emails} are all the addresses the
 * employee works from (the first is the main one); {@code personId} optionally points at the
 * employee's own person record. Passwords are never part of this record.
 */
public record Employee(Long id, Long version, String login, String displayName, List<String> emails,
                       EmployeeRole role, boolean active, Long personId, Instant createdAt, Instant updatedAt) {
}
