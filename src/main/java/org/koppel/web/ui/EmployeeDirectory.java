package org.koppel.web.ui;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.springframework.stereotype.Component;

/** Employee names and choices for pages that show or pick relation managers and owners. */
@Component
class EmployeeDirectory {

    private final Employees employees;

    EmployeeDirectory(Employees employees) {
        this.employees = employees;
    }

    List<Employee> all() {
        return employees.all();
    }

    Map<Long, String> names() {
        return employees.all().stream().collect(Collectors.toMap(Employee::id, Employee::displayName));
    }

    /**
     * Active employees, plus the ones already chosen even when inactive: a form must show what
     * is stored, and the write path then explains why an inactive one cannot stay.
     */
    List<Employee> choices(Collection<Long> chosen) {
        return employees.all().stream().filter(e -> e.active() || chosen.contains(e.id())).toList();
    }
}
