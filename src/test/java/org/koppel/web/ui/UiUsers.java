package org.koppel.web.ui;

import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.security.KoppelUser;
import org.koppel.store.EmployeeStore;
import org.koppel.testkit.TestUsers;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.support.WebApplicationContextUtils;

/** Signs MockMvc requests in as a given employee, with the same principal form login produces. */
final class UiUsers {

    private UiUsers() {
    }

    /**
     * Signed in as the employee is stored when the request is made: with its current role and
     * security stamp, as a fresh sign-in would be (SessionGuard ends sessions with an older one).
     */
    static RequestPostProcessor as(Employee employee) {
        return request -> {
            var context = WebApplicationContextUtils.getRequiredWebApplicationContext(request.getServletContext());
            var access = context.getBean(EmployeeStore.class).access(employee.id()).orElseThrow();
            var principal = new KoppelUser(employee.id(), employee.login(), "{noop}unused", access.role(), access.active(),
                    false, null, access.securityStamp());
            return SecurityMockMvcRequestPostProcessors.user(principal).postProcessRequest(request);
        };
    }

    /** As {@link #as}, but with the role and stamp of the moment this is called: a session that was signed in then. */
    static RequestPostProcessor signedInNow(Employee employee, EmployeeStore store) {
        var access = store.access(employee.id()).orElseThrow();
        var principal = new KoppelUser(employee.id(), employee.login(), "{noop}unused", access.role(), access.active(),
                false, null, access.securityStamp());
        return SecurityMockMvcRequestPostProcessors.user(principal);
    }

    /** The employee as a signed-in user, for calling services directly. */
    static KoppelUser principal(Employee employee) {
        return new KoppelUser(employee.id(), employee.login(), "{noop}unused", employee.role(), true, false, null);
    }

    static Employee admin(Employees employees) {
        return employees.all().stream().filter(e -> e.login().equals(TestUsers.ADMIN)).findFirst().orElseThrow();
    }
}
