package org.koppel.web.ui;

import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.security.KoppelUser;
import org.koppel.testkit.TestUsers;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Signs MockMvc requests in as a given employee, with the same principal form login produces. */
final class UiUsers {

    private UiUsers() {
    }

    static RequestPostProcessor as(Employee employee) {
        return SecurityMockMvcRequestPostProcessors.user(principal(employee));
    }

    /** The employee as a signed-in user, for calling services directly. */
    static KoppelUser principal(Employee employee) {
        return new KoppelUser(employee.id(), employee.login(), "{noop}unused", employee.role(), true, false, null);
    }

    static Employee admin(Employees employees) {
        return employees.all().stream().filter(e -> e.login().equals(TestUsers.ADMIN)).findFirst().orElseThrow();
    }
}
