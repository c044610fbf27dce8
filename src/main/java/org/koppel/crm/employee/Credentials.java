package org.koppel.crm.employee;

/** What sign-in needs to know of an employee; the session keeps {@code securityStamp} to notice later changes. */
public record Credentials(long employeeId, String login, String passwordHash, EmployeeRole role, boolean active,
                          boolean mustChangePassword, long securityStamp) {
}
