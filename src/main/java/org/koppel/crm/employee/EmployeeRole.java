package org.koppel.crm.employee;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Admins change employees, settings and custom fields; users work with relations. */
public enum EmployeeRole {
    @JsonProperty("admin") ADMIN,
    @JsonProperty("user") USER
}
