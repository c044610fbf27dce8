package org.koppel.security;

import java.util.Collection;
import java.util.List;

import org.koppel.crm.Origin;
import org.koppel.crm.employee.EmployeeRole;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A signed-in employee. {@code tokenId} is set when the request came with a personal API token,
 * so changes are logged with the token as their origin. {@code securityStamp} is the employee's
 * stamp at sign-in: a session whose stamp is no longer the stored one has ended (SessionGuard).
 */
public record KoppelUser(long employeeId, String login, String passwordHash, EmployeeRole role, boolean active,
                         boolean mustChangePassword, Long tokenId, long securityStamp) implements UserDetails {

    /** A principal for an employee whose stamp was never raised (a fresh one): services called directly, tests. */
    public KoppelUser(long employeeId, String login, String passwordHash, EmployeeRole role, boolean active,
                      boolean mustChangePassword, Long tokenId) {
        this(employeeId, login, passwordHash, role, active, mustChangePassword, tokenId, 0);
    }

    /** The same sign-in after choosing a new password: no longer one-time, with the stamp that change made. */
    public KoppelUser withNewPassword(long newStamp) {
        return new KoppelUser(employeeId, login, null, role, active, false, tokenId, newStamp);
    }

    /** True when the request came with a personal API token rather than a password. */
    public boolean byToken() {
        return tokenId != null;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return role == EmployeeRole.ADMIN
                ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_USER"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return login;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    public boolean admin() {
        return role == EmployeeRole.ADMIN;
    }

    public Origin origin() {
        return tokenId == null ? Origin.user(employeeId) : Origin.apiToken(tokenId, employeeId);
    }

    @Override
    public String toString() {
        // never the password hash
        return "KoppelUser[" + employeeId + ", " + login + ", " + role + (tokenId == null ? "" : ", token " + tokenId) + "]";
    }
}
