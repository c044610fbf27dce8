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
 * so changes are logged with the token as their origin.
 */
public record KoppelUser(long employeeId, String login, String passwordHash, EmployeeRole role, boolean active,
                         boolean mustChangePassword, Long tokenId) implements UserDetails {

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
