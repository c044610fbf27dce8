package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.koppel.testkit.graph.FakeMicrosoftIdentity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.ObjectMapper;

/** A Koppel whose Microsoft app points at a fresh {@link FakeMicrosoftIdentity}, and an employee to connect with. */
abstract class MicrosoftSignInFixture {

    static final String CLIENT_ID = "11112222-bbbb-3333-cccc-4444dddd5555";
    static final String CLIENT_SECRET = "fake~secret~value~for~koppel";
    static final String CALLBACK = "/connections/microsoft/callback";

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ConnectionStore connections;
    @Autowired SecretBox secrets;
    @Autowired ObjectMapper json;
    @Autowired JdbcClient jdbc;

    FakeMicrosoftIdentity microsoft;
    /** Graph, taking the access tokens the identity fake issues. */
    FakeGraph graph;
    Api admin;
    Employee employee;
    String mailbox;

    @BeforeEach
    void startMicrosoft() {
        microsoft = FakeMicrosoftIdentity.start(CLIENT_ID, CLIENT_SECRET)
                .allowRedirectUri("http://localhost:" + port + CALLBACK);
        graph = FakeGraph.start(graphSettings(), microsoft::mailboxFor, microsoft::scopesFor);
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var saved = admin.put("/api/v1/settings/microsoft", """
                {"clientId": "%s", "clientSecret": "%s", "authorityBaseUrl": "%s", "graphBaseUrl": "%s"}"""
                .formatted(CLIENT_ID, CLIENT_SECRET, microsoft.authority(), graph.baseUrl()), h -> { });
        assertThat(saved.status()).isEqualTo(200);
        employee = samples.employee("anna", EmployeeRole.USER);
        mailbox = employee.login() + "@contoso.example";
        microsoft.signInAs(mailbox);
    }

    /** The fake's limits and paging; a test class may choose smaller ones. */
    FakeGraphSettings graphSettings() {
        return FakeGraphSettings.published();
    }

    @AfterEach
    void stopMicrosoft() {
        microsoft.close();
        graph.close();
    }

    WebSession browser() {
        return WebSession.signIn(port, employee.login(), Samples.password(employee.login()));
    }

    /** Connect Microsoft 365 with the given folder; ends where the redirects end. */
    WebSession.Page connect(WebSession browser, String folder) {
        return browser.post(browser.get("/connections"), "/connections/microsoft/connect", Map.of("folder", folder));
    }

    /** Connects and presses "Save and start initial sync"; returns the connection. */
    Connection connectAndStart(WebSession browser) {
        WebSession.Page start = connect(browser, "koppel");
        assertThat(start.uri().getPath()).matches("/connections/\\d+/microsoft/start");
        browser.post(start, start.uri().getPath(), Map.of("folder", "koppel"));
        return connections.find(idIn(start)).orElseThrow();
    }

    static long idIn(WebSession.Page page) {
        return Long.parseLong(page.uri().getPath().replaceAll("^/connections/(\\d+).*$", "$1"));
    }

    MicrosoftTokens storedTokens(long connectionId) {
        return MicrosoftTokens.parse(secrets.open(connections.sealedSecret(connectionId)), json);
    }
}
