package org.koppel.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;

/**
 * UI sessions in the database ({@code KOPPEL_SESSION_STORE=jdbc}): a sign-in, the OAuth state of a
 * Connect button and the CSRF token then hold on whichever node the load balancer picks, so several
 * nodes need no sticky sessions. The tables come from V25 (Flyway), not from Spring Session. The
 * default ({@code memory}) keeps sessions in the node, which is right for one node: no database
 * round trip per request. Boot's own JDBC-session auto-configuration is excluded in application.yml,
 * so this setting alone decides.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "koppel.session-store", havingValue = "jdbc")
@EnableJdbcHttpSession
class SessionStore {
}
