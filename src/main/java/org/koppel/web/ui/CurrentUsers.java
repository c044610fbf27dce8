package org.koppel.web.ui;

import java.util.Optional;

import org.koppel.crm.NotFoundException;
import org.koppel.crm.employee.Employees;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The signed-in employee for templates. Read from the security context rather than a handler
 * argument, because Boot's error pages are rendered outside the UI controllers and need it too.
 */
@Component
class CurrentUsers {

    private final Employees employees;

    CurrentUsers(Employees employees) {
        this.employees = employees;
    }

    Optional<CurrentUser> signedIn() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof KoppelUser user)) {
            return Optional.empty();
        }
        return Optional.of(new CurrentUser(user.employeeId(), user.login(), displayName(user), user.admin()));
    }

    private String displayName(KoppelUser user) {
        try {
            return employees.find(user.employeeId()).displayName();
        } catch (NotFoundException e) {
            // the session outlived its employee; the login still tells who it is
            return user.login();
        }
    }
}
