package org.koppel.crm.employee;

/**
 * What a signed-in session was granted, as stored now. {@code securityStamp} rises whenever a
 * grant ends (deactivated, role changed, password set), so a session made before that is over.
 */
public record EmployeeAccess(boolean active, EmployeeRole role, long securityStamp) {
}
