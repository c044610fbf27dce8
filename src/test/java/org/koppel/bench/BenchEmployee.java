package org.koppel.bench;

import java.util.List;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.security.KoppelUser;
import org.springframework.context.ApplicationContext;

/** The employee a benchmark syncs for: one per connection, so two connections never see each other's records. */
final class BenchEmployee {

    private BenchEmployee() {
    }

    /** @param login also names the e-mail address */
    static Employee create(ApplicationContext context, String login, String name) {
        return context.getBean(Employees.class).create(new Employee(null, null, login, name,
                List.of(login + "@koppel.example"), EmployeeRole.USER, true, null, null, null), null, false,
                Origin.system());
    }

    /** The employee as the owner of a connection. */
    static KoppelUser owner(Employee employee) {
        return new KoppelUser(employee.id(), employee.login(), null, employee.role(), true, false, null);
    }
}
