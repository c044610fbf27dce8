package org.koppel.security;

import java.security.SecureRandom;
import java.util.List;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.store.EmployeeStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On the first start (no employees yet) creates the employee {@code admin}, with
 * KOPPEL_ADMIN_PASSWORD or else a one-time password printed once to the console, which must be
 * changed at the first sign-in.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final EmployeeStore store;
    private final Employees employees;
    private final String configuredPassword;

    AdminBootstrap(EmployeeStore store, Employees employees, @Value("${koppel.admin-password:}") String configuredPassword) {
        this.store = store;
        this.employees = employees;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (store.count() > 0) return;
        boolean generated = configuredPassword.isBlank();
        String password = generated ? oneTimePassword() : configuredPassword;
        employees.create(new Employee(null, null, "admin", "Administrator", List.of(), EmployeeRole.ADMIN, true, null,
                null, null), password, generated, Origin.system());
        if (generated) {
            // Printed, not logged: log files are kept and shipped, the console of a first start is not.
            System.out.println("""

                    ================================================================
                     Koppel created the employee 'admin' with a one-time password:
                         %s
                     Sign in at the web UI and choose a new password.
                    ================================================================
                    """.formatted(password));
        }
    }

    private static String oneTimePassword() {
        var random = new SecureRandom();
        var password = new StringBuilder();
        for (int i = 0; i < 20; i++) password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return password.toString();
    }
}
