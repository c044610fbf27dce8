package org.koppel.web.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;

/** The form that adds an employee; e-mail addresses come as one line, separated by commas. */
public record EmployeeForm(String login, String displayName, String emails, EmployeeRole role, String password) {

    static final Set<String> INPUTS = Set.of("login", "displayName", "emails", "role", "password");

    static EmployeeForm blank() {
        return new EmployeeForm(null, null, null, EmployeeRole.USER, null);
    }

    Employee toEmployee() {
        List<String> addresses = emails == null ? List.of()
                : Arrays.stream(emails.split(",")).map(Checks::clean).filter(e -> e != null).toList();
        return new Employee(null, null, login, displayName, addresses, role, true, null, null, null);
    }

    /** Blank means "no password": the employee will sign in another way. */
    String passwordOrNull() {
        return password == null || password.isEmpty() ? null : password;
    }
}
