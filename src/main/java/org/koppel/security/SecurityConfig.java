package org.koppel.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.koppel.connector.graph.GraphSubscriptions;
import org.koppel.oauth.SignInClient;
import org.koppel.store.EmployeeStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

import tools.jackson.databind.ObjectMapper;

/**
 * Two doors. The API ({@code /api/**}) is stateless: HTTP Basic or a personal API token, errors
 * as problem+json. The web UI uses a session with form login and CSRF protection. Changing
 * employees, custom fields and sync settings, and restoring a sync conflict, take the admin role,
 * on both doors; the Microsoft app settings take it for reading too. The UI also runs Spring's
 * OAuth2 client, with which an employee connects their Microsoft 365 mailbox or Google account.
 *
 * <p>Both doors check passwords behind the LoginThrottle. The UI session is checked against the
 * stored employee on every request (SessionGuard); the API needs no such check, as it signs every
 * request in anew, and a personal API token is only as good as its employee's current state.
 */
@Configuration
public class SecurityConfig {

    /** Where the web UI sends an employee who signed in with a one-time password. */
    public static final String PASSWORD_PAGE = "/account/password";

    private static final String[] ADMIN_API = {"/api/v1/employees/**", "/api/v1/custom-fields/**",
            "/api/v1/sync-settings/**", "/api/v1/user-groups/**", "/api/v1/field-map/**"};
    /** Admins only, reading too: the Microsoft app's settings are nobody else's business. */
    private static final String[] ADMIN_ONLY_API = {"/api/v1/settings/**"};
    /**
     * The UI's own scripts and styles only; {@code form-action} is left out on purpose: connecting
     * Microsoft 365 posts a form that redirects to Microsoft's sign-in, which browsers check against it.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    /** A logged mail's body: the one UI address another page of Koppel frames. */
    static final String MAIL_BODY = "/mails/*/body";
    private static final String[] NOTIFICATIONS = {GraphSubscriptions.NOTIFICATION_PATH, GraphSubscriptions.LIFECYCLE_PATH};

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Password sign-in for both doors, behind the login throttle; the password page checks the
     * current password with it too (PasswordController). The only AuthenticationProvider
     * bean, so Spring Security makes it the global one instead of a plain DaoAuthenticationProvider:
     * each chain's own providers (the UI's OAuth2 code exchange) come first and fall back to it, and
     * no unthrottled password check is left behind it.
     */
    @Bean
    AuthenticationProvider passwordSignIn(EmployeeLogins logins, PasswordEncoder encoder, LoginThrottle throttle) {
        return new ThrottledSignIn(logins, encoder, throttle);
    }

    // The filter chains guard HTTP only; a Koppel started without its web server (the write-path
    // benchmark) has no HttpSecurity to build them from.
    @Bean
    @Order(1)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            if (e instanceof SignInThrottledException throttled) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.seconds()));
                problem(json, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins for this login or from "
                        + "this address; try again in " + throttled.seconds() + " seconds");
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"Koppel\", Bearer realm=\"Koppel\"");
            problem(json, response, HttpStatus.UNAUTHORIZED,
                    "Sign in with HTTP Basic (login and password) or a personal API token (Authorization: Bearer kp_...)");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                problem(json, response, HttpStatus.FORBIDDEN, "This needs the admin role");
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .addFilterBefore(new ApiTokenFilter(tokens, unauthorized), BasicAuthenticationFilter.class)
                .addFilterAfter(new OneTimePasswordGuard(Set.of("/api/v1/me", "/api/v1/me/password"),
                        (request, response) -> problem(json, response, HttpStatus.FORBIDDEN,
                                "Choose a new password first: PUT /api/v1/me/password with currentPassword and newPassword")),
                        AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(ADMIN_ONLY_API).hasRole("ADMIN")
                        // Microsoft Graph posts change notifications without any sign-in; the clientState
                        // of each notification is checked instead (GraphNotifications).
                        .requestMatchers(HttpMethod.POST, NOTIFICATIONS).permitAll()
                        .requestMatchers(HttpMethod.GET, ADMIN_API).authenticated()
                        .requestMatchers(ADMIN_API).hasRole("ADMIN")
                        .anyRequest().authenticated());
        return http.build();
    }

    @Bean
    @Order(2)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain ui(HttpSecurity http, SignInClient signIns, EmployeeStore employees) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(SessionGuard.STATIC_ASSETS).permitAll()
                        .requestMatchers("/login", "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/employees/**", "/custom-fields", "/custom-fields/**", "/settings/**", "/integrations/source/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/connections/*/conflicts/*/restore").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll()
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof SignInThrottledException throttled
                                        ? "/login?throttled=" + throttled.minutes() : "/login?error"))))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // connecting a Microsoft 365 mailbox or a Google account: the employee is signed in already and grants access
                .oauth2Client(signIns::configure)
                // no inline script or style (js/koppel.js does what hx-on did), and no framing: clickjacking
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        // every page is DENY, but a logged mail's body, which its own page frames (it sends its
                        // own SAMEORIGIN and a policy of its own: web.mail.MailBodies)
                        .frameOptions(frame -> frame.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(MAIL_BODY)),
                                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY))))
                // right after the session's sign-in is loaded: what it was granted is checked against the
                // stored employee before anything acts on it (authorization, the OAuth2 client's filters)
                .addFilterAfter(new SessionGuard(employees), SecurityContextHolderFilter.class)
                .addFilterAfter(new OneTimePasswordGuard(Set.of(PASSWORD_PAGE, "/logout", "/login", "/error"),
                        (request, response) -> response.sendRedirect(request.getContextPath() + PASSWORD_PAGE)),
                        AuthorizationFilter.class);
        return http.build();
    }

    private static void problem(ObjectMapper json, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ProblemDetail.forStatusAndDetail(status, detail));
    }
}
