package org.koppel.security;

import java.util.Locale;

import org.koppel.store.EmployeeStore;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Looks up employees for password sign-in (UI form and HTTP Basic). */
@Service
public class EmployeeLogins implements UserDetailsService {

    private final EmployeeStore employees;

    public EmployeeLogins(EmployeeStore employees) {
        this.employees = employees;
    }

    @Override
    public KoppelUser loadUserByUsername(String login) {
        return employees.credentials(login.strip().toLowerCase(Locale.ROOT))
                .filter(c -> c.passwordHash() != null)
                .map(c -> new KoppelUser(c.employeeId(), c.login(), c.passwordHash(), c.role(), c.active(),
                        c.mustChangePassword(), null, c.securityStamp()))
                .orElseThrow(() -> new UsernameNotFoundException("no employee with that login"));
    }
}
