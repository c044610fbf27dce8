package org.koppel.security;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.koppel.store.EmployeeStore;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a UI session against the stored employee on every request: one primary-key lookup. A
 * session of an employee who was deactivated, got another role, or whose password was set since
 * sign-in (the security stamp rose) ends here, before any authorization decision is taken on
 * what it was granted then: a demoted admin is out before he can reach the employees page.
 * The API needs no such guard: it keeps no session and signs in every request anew.
 */
class SessionGuard extends OncePerRequestFilter {

    /**
     * Files anyone may fetch, signed in or not: the guard passes them by, so a page's stylesheet
     * and scripts cost no employee look-up each (a page is one look-up, not four).
     */
    static final String[] STATIC_ASSETS = {"/css/**", "/js/**", "/webjars/**", "/favicon.ico"};
    private static final List<PathPatternRequestMatcher> ASSETS = Arrays.stream(STATIC_ASSETS)
            .map(PathPatternRequestMatcher::pathPattern).toList();

    /** The query parameter of the sign-in page that says why a session ended. */
    static final String ENDED = "ended";

    private final EmployeeStore employees;

    SessionGuard(EmployeeStore employees) {
        this.employees = employees;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ASSETS.stream().anyMatch(asset -> asset.matches(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof KoppelUser user && !stillValid(user)) {
            end(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(KoppelUser user) {
        return employees.access(user.employeeId())
                .filter(now -> now.active() && now.role() == user.role() && now.securityStamp() == user.securityStamp())
                .isPresent();
    }

    private static void end(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var session = request.getSession(false);
        if (session != null) session.invalidate();
        SecurityContextHolder.clearContext();
        String login = request.getContextPath() + "/login?" + ENDED;
        if (request.getHeader("HX-Request") != null) {
            // htmx would swap the sign-in page into a table cell; this makes it load the page whole
            response.setHeader("HX-Redirect", login);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect(login);
        }
    }
}
