package org.koppel.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.runtime.Connection;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.koppel.testkit.WebSession;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.ObjectMapper;

/** A Koppel whose Google app points at a fresh {@link FakeGoogle}, and an employee to connect with. */
abstract class GoogleSignInFixture {

    static final String CALLBACK = "/connections/google/callback";

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ConnectionStore connections;
    @Autowired SecretBox secrets;
    @Autowired ObjectMapper json;
    @Autowired JdbcClient jdbc;

    FakeGoogle google;
    Api admin;
    Employee employee;
    String account;

    @BeforeEach
    void startGoogle() {
        google = FakeGoogle.start(googleSettings());
        google.oauth().allowRedirectUri("http://localhost:" + port + CALLBACK);
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var saved = admin.put("/api/v1/settings/google", """
                {"clientId": "%s", "clientSecret": "%s", "authorizationUrl": "%s", "tokenUrl": "%s", "revocationUrl": "%s",
                 "peopleBaseUrl": "%s"}"""
                .formatted(google.oauth().clientId(), google.oauth().clientSecret(), google.authorizationUri(),
                        google.tokenUri(), google.revocationUri(), google.peopleBaseUrl()), h -> { });
        assertThat(saved.status()).isEqualTo(200);
        employee = samples.employee("gina", EmployeeRole.USER);
        account = employee.login() + "@gmail.example";
        google.oauth().signInAs(account);
    }

    /** The fake's dials; a test class may choose short-lived access tokens. */
    FakeGoogleSettings googleSettings() {
        return FakeGoogleSettings.published();
    }

    @AfterEach
    void stopGoogle() {
        google.close();
    }

    WebSession browser() {
        return WebSession.signIn(port, employee.login(), Samples.password(employee.login()));
    }

    /** Connect Google; ends where the redirects end. */
    WebSession.Page connect(WebSession browser) {
        return browser.post(browser.get("/connections"), "/connections/google/connect", Map.of());
    }

    /** Connects; returns the connection. */
    Connection connected(WebSession browser) {
        WebSession.Page page = connect(browser);
        assertThat(page.uri().getPath()).matches("/connections/\\d+");
        return connections.find(idIn(page)).orElseThrow();
    }

    static long idIn(WebSession.Page page) {
        return Long.parseLong(page.uri().getPath().replaceAll("^/connections/(\\d+).*$", "$1"));
    }

    static URI authorizeRequest(WebSession.Page page) {
        return page.chain().stream().filter(u -> u.getPath().endsWith("/o/oauth2/v2/auth")).reduce((a, b) -> b).orElseThrow();
    }

    GoogleTokens storedTokens(long connectionId) {
        return GoogleTokens.parse(secrets.open(connections.sealedSecret(connectionId)), json);
    }

    String rawSecret(long connectionId) {
        return jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(connectionId).query(String.class).single();
    }
}
