package org.koppel.crm.employee;

import java.time.Instant;

/**
 * Published inside the transaction that deactivates an employee, so what belongs to them (their
 * sync connections) stops in the same commit. The crm layer knows nothing of those listeners.
 */
public record EmployeeDeactivated(long employeeId, Instant at) {
}
