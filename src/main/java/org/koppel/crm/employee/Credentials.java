package org.koppel.crm.employee;

/** What sign-in needs to know of an employee. */
public record Credentials(long employeeId, String login, String passwordHash, EmployeeRole role, boolean active,
                          boolean mustChangePassword) {
}
