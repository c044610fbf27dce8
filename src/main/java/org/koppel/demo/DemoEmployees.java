package org.koppel.demo;

import java.util.List;

import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;

/**
 * The colleagues a demo shows: relation managers, owners and group owners. They all sign in with
 * the one documented password; a demo instance is for looking around, never for real data.
 */
final class DemoEmployees {

    static final String PASSWORD = "demo-password";

    static final List<Employee> ALL = List.of(
            employee("sanne", "Sanne de Boer"),
            employee("pieter", "Pieter van Dijk"),
            employee("emma", "Emma Clarke"),
            employee("joost", "Joost ter Horst"),
            employee("lotte", "Lotte in 't Veld"));

    private DemoEmployees() {
    }

    private static Employee employee(String login, String displayName) {
        return new Employee(null, null, login, displayName, List.of(login + "@koppel-demo.example"), EmployeeRole.USER,
                true, null, null, null);
    }
}
