package org.koppel.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/prometheus} answers only a scraper that sends {@code Authorization: Bearer
 * <KOPPEL_METRICS_TOKEN>} (Prometheus: {@code authorization.credentials_file}). The meters say how
 * many connections of which kind fail and how busy Koppel is: not for the internet. Without a token
 * set, nobody is let in. The token is compared in constant time, by its SHA-256, and never logged.
 */
@Configuration
class MetricsAccess {

    static final String PATH = "/actuator/prometheus";
    /** Shorter tokens can be guessed; a scraper's token is set once, so it can as well be long. */
    static final int MIN_TOKEN_LENGTH = 24;

    @Bean
    @Order(0)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain metrics(HttpSecurity http, @Value("${koppel.metrics-token:}") String token) throws Exception {
        if (!token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("KOPPEL_METRICS_TOKEN must be at least " + MIN_TOKEN_LENGTH
                    + " characters long (e.g. openssl rand -hex 32)");
        }
        http.securityMatcher(PATH)
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new TokenFilter(token), AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"Koppel metrics\"");
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                }))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole("METRICS"));
        return http.build();
    }

    /** Signs in a request whose bearer token is the metrics token. */
    static final class TokenFilter extends OncePerRequestFilter {

        private final byte[] expected;

        TokenFilter(String token) {
            this.expected = token.isEmpty() ? null : sha256(token);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (expected != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(expected, sha256(header.substring(7).strip()))) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("metrics", null,
                        List.of(new SimpleGrantedAuthority("ROLE_METRICS"))));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }

        private static byte[] sha256(String text) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
