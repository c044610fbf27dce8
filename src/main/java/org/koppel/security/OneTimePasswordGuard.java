package org.koppel.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An employee signed in with a one-time password may only choose a new one: a printed
 * password must not stay valid for everything. {@code refuse} answers every other request.
 */
class OneTimePasswordGuard extends OncePerRequestFilter {

    interface Refusal {
        void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final Set<String> allowedPaths;
    private final Refusal refusal;

    OneTimePasswordGuard(Set<String> allowedPaths, Refusal refusal) {
        this.allowedPaths = allowedPaths;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (auth != null && auth.getPrincipal() instanceof KoppelUser user && user.mustChangePassword()
                && !allowedPaths.contains(path) && !path.startsWith("/css/") && !path.startsWith("/webjars/")) {
            refusal.refuse(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
