package org.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.KoppelApplication;
import org.koppel.testkit.TestUsers;
import org.koppel.testkit.WebSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Several nodes behind one load balancer (issue 16): with KOPPEL_SESSION_STORE=jdbc a sign-in made on
 * one node holds on another, a form of one node's page posts to another (its CSRF token is in the
 * shared session), and signing out on one ends the session on all. The test runs a second Koppel on
 * the same database. Subclasses set koppel.session-store=jdbc.
 */
abstract class SessionsAcrossNodesContract {

    @LocalServerPort int port;
    @Autowired Environment environment;
    ConfigurableApplicationContext otherNode;
    int otherPort;

    @BeforeEach
    void startOtherNode() {
        Map<String, Object> properties = new HashMap<>();
        for (String name : new String[] {"spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "koppel.outbound.allow", "koppel.admin-password", "koppel.secret-key", "koppel.session-store"}) {
            properties.put(name, environment.getProperty(name, ""));
        }
        properties.put("server.port", "0");
        properties.put("koppel.sync.scheduler", "false");
        properties.put("koppel.sync.heartbeat-interval", "PT1H");
        properties.put("koppel.node-id", "other-node");
        // as arguments: they come before application.yml (builder properties would come after it)
        otherNode = new SpringApplicationBuilder(KoppelApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        otherPort = ((WebServerApplicationContext) otherNode).getWebServer().getPort();
    }

    @AfterEach
    void stopOtherNode() {
        if (otherNode != null) otherNode.close();
    }

    String onOtherNode(String path) {
        return "http://localhost:" + otherPort + path;
    }

    @Test
    void aSignInOnOneNodeHoldsOnTheOtherAndSigningOutThereEndsIt() throws Exception {
        // the database's session cookie keeps the defences of the default one (application.yml: server.servlet.session.cookie)
        var login = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/login")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("SESSION=").contains("HttpOnly").contains("SameSite=Lax"));

        WebSession browser = WebSession.signIn(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        WebSession.Page here = browser.get("/");
        assertThat(here.uri().getPath()).isEqualTo("/");

        WebSession.Page there = browser.get(onOtherNode("/"));
        assertThat(there.status()).isEqualTo(200);
        assertThat(there.uri().getPath()).as("not sent to the login page").isEqualTo("/");

        // a page of the first node, its form posted to the other: the CSRF token lives in the shared session
        WebSession.Page signedOut = browser.post(here, onOtherNode("/logout"), Map.of());
        assertThat(signedOut.uri().getPath()).isEqualTo("/login");
        assertThat(browser.get("/").uri().getPath()).as("signed out on the first node too").isEqualTo("/login");
    }
}
