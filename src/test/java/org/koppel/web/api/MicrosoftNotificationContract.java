package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.graph.ClientStates;
import org.koppel.connector.graph.GraphSubscription;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ConnectionStore;
import org.koppel.store.GraphSubscriptionStore;
import org.koppel.store.SyncRunStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Koppel's endpoint for Microsoft Graph notifications, over real HTTP without any sign-in: the
 * validation handshake, clientState checks, runs requested (never run in the request), lifecycle events.
 */
abstract class MicrosoftNotificationContract {

    private static final String PATH = "/api/v1/notifications/microsoft";

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired ConnectionStore connections;
    @Autowired GraphSubscriptionStore subscriptions;
    @Autowired SyncRunner runner;
    @Autowired org.koppel.runtime.SyncJobs jobs;
    @Autowired SyncRunStore runs;
    @Autowired JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private long connection;
    private String subscriptionId;
    private String clientState;

    @BeforeEach
    void setUp() {
        long owner = samples.employee("outlook-user");
        // type "memory": the endpoint only flags, so any connection type will do, and the runner can run it
        connection = connections.insert("memory", "Outlook", owner, Map.of(), null, Instant.now());
        subscriptionId = "sub-" + connection + "-" + System.nanoTime();
        clientState = ClientStates.generate();
        subscriptions.save(new GraphSubscription(connection, subscriptionId, ClientStates.hash(clientState),
                "me/contactFolders/AAMk/contacts", "https://koppel.example" + PATH, Instant.now().plusSeconds(3600), false, false),
                Instant.now());
        runner.run(connection, "test"); // clears the first run request a new connection starts with
        assertThat(runRequested()).isFalse();
    }

    @AfterEach
    void close() {
        http.close();
    }

    private record Answer(int status, String contentType, String body) {
    }

    private Answer post(String pathAndQuery, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Content-Type", body == null ? "text/plain; charset=utf-8" : "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private String change(String state) {
        return "{\"value\":[{\"subscriptionId\":\"" + subscriptionId + "\",\"clientState\":\"" + state + "\","
                + "\"changeType\":\"updated\",\"resource\":\"Users/x/Contacts/AAMkC\",\"subscriptionExpirationDateTime\":\""
                + Instant.now().plusSeconds(3600) + "\",\"tenantId\":\"t\",\"resourceData\":{\"@odata.type\":\"#Microsoft.Graph.Contact\","
                + "\"@odata.id\":\"Users/x/Contacts/AAMkC\",\"id\":\"AAMkC\"}}]}";
    }

    private String lifecycle(String event) {
        return "{\"value\":[{\"subscriptionId\":\"" + subscriptionId + "\",\"subscriptionExpirationDateTime\":\""
                + Instant.now().plusSeconds(3600) + "\",\"tenantId\":\"t\",\"clientState\":\"" + clientState + "\","
                + "\"lifecycleEvent\":\"" + event + "\"}]}";
    }

    private boolean runRequested() {
        return jdbc.sql("SELECT run_requested FROM connection WHERE id = ?").param(connection).query(Boolean.class).single();
    }

    private GraphSubscription stored() {
        return subscriptions.ofConnection(connection).orElseThrow();
    }

    @Test
    void theValidationHandshakeEchoesTheDecodedTokenAsPlainTextOnBothUrls() throws Exception {
        String encoded = "Validation%3A+Testing+client+application+reachability%20for%20subscription+Request-Id%3A+4f2a";
        for (String path : new String[]{PATH, PATH + "/lifecycle"}) {
            Answer a = post(path + "?validationToken=" + encoded, null);
            assertThat(a.status()).as(path).isEqualTo(200);
            assertThat(a.contentType()).startsWith("text/plain");
            assertThat(a.body()).isEqualTo("Validation: Testing client application reachability for subscription Request-Id: 4f2a");
        }
        assertThat(post(PATH + "?validationToken=%3Cscript%3Ealert(1)%3C%2Fscript%3E", null).status()).isEqualTo(400);
        assertThat(runRequested()).isFalse();
    }

    @Test
    void aNotificationWithTheWrongClientStateIsAcceptedButRequestsNoRun() throws Exception {
        Answer a = post(PATH, change(ClientStates.generate()));
        Answer unknown = post(PATH, change(clientState).replace(subscriptionId, "someone-elses"));
        Answer noState = post(PATH, change(clientState).replace("\"clientState\":\"" + clientState + "\",", ""));

        assertThat(a.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(noState.status()).isEqualTo(202);
        assertThat(runRequested()).isFalse();
    }

    @Test
    void aValidNotificationRequestsARunAndRunsNothingInTheRequest() throws Exception {
        int before = runs.recent(connection, 10).size();
        Answer a = post(PATH, change(clientState));

        assertThat(a.status()).isEqualTo(202);
        assertThat(runRequested()).isTrue();
        assertThat(runs.recent(connection, 10)).hasSize(before);
    }

    @Test
    void aBurstOfNotificationsEndsInOneRun() throws Exception {
        for (int i = 0; i < 25; i++) assertThat(post(PATH, change(clientState)).status()).isEqualTo(202);
        int before = runs.recent(connection, 100).size();

        Instant now = Instant.now();
        assertThat(jobs.dueBy(connection, now)).isTrue();
        runner.run(connection, "scheduled");

        assertThat(runRequested()).isFalse();
        assertThat(jobs.dueBy(connection, Instant.now())).isFalse();
        assertThat(runs.recent(connection, 100)).hasSize(before + 1);
    }

    @Test
    void reauthorizationRequiredMarksTheSubscriptionForRenewal() throws Exception {
        assertThat(post(PATH + "/lifecycle", lifecycle("reauthorizationRequired")).status()).isEqualTo(202);
        assertThat(stored().renewRequested()).isTrue();
        assertThat(stored().recreateRequested()).isFalse();
        assertThat(runRequested()).isTrue();
    }

    @Test
    void subscriptionRemovedMarksItForRecreation() throws Exception {
        assertThat(post(PATH + "/lifecycle", lifecycle("subscriptionRemoved")).status()).isEqualTo(202);
        assertThat(stored().recreateRequested()).isTrue();
        assertThat(stored().renewRequested()).isFalse();
        assertThat(runRequested()).isTrue();
    }

    @Test
    void missedOnlyRequestsARun() throws Exception {
        assertThat(post(PATH + "/lifecycle", lifecycle("missed")).status()).isEqualTo(202);
        assertThat(stored().recreateRequested()).isFalse();
        assertThat(stored().renewRequested()).isFalse();
        assertThat(runRequested()).isTrue();
    }

    @Test
    void aLifecycleEventWithTheWrongClientStateChangesNothing() throws Exception {
        String forged = lifecycle("subscriptionRemoved").replace(clientState, ClientStates.generate());
        assertThat(post(PATH + "/lifecycle", forged).status()).isEqualTo(202);
        assertThat(stored().recreateRequested()).isFalse();
        assertThat(runRequested()).isFalse();
    }

    @Test
    void onlyTheNotificationUrlsAreOpenAndBodiesAreChecked() throws Exception {
        assertThat(Api.anonymous(port).get("/api/v1/connections").status()).isEqualTo(401);
        assertThat(post(PATH, "{not json").status()).isEqualTo(400);
        assertThat(post(PATH, "{\"value\":[{\"pad\":\"" + "x".repeat(1_100_000) + "\"}]}").status()).isEqualTo(413);
        assertThat(runRequested()).isFalse();
    }
}
