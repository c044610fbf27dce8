package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.koppel.runtime.Connection;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.RunReport;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.WebSession;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Section 4 of the Tribe document through a real sign-in: Koppel's login, Connect Microsoft 365,
 * the fake's authorize endpoint, Koppel's callback, "Save and start initial sync"; and what
 * happens when the grant is revoked, the user refuses, or an answer is forged.
 */
abstract class MicrosoftSignInContract extends MicrosoftSignInFixture {

    @Autowired SyncRunner runner;

    @Test
    void connectingAMailboxMakesAMicrosoft365ConnectionWhoseTokensStayEncrypted() throws Exception {
        WebSession browser = browser();
        WebSession.Page start = connect(browser, "default");

        assertThat(start.status()).isEqualTo(200);
        assertThat(start.uri().getPath()).matches("/connections/\\d+/microsoft/start");
        assertThat(start.chain()).extracting(URI::getPath).containsSubsequence("/connections/microsoft/connect",
                "/oauth2/authorization/microsoft", "/organizations/oauth2/v2.0/authorize", CALLBACK, CALLBACK);
        URI authorize = start.chain().stream().filter(u -> u.getPath().endsWith("/authorize")).findFirst().orElseThrow();
        assertThat(authorize.getQuery()).contains("code_challenge_method=S256", "code_challenge=", "prompt=select_account",
                "scope=openid profile offline_access Calendars.ReadWrite Contacts.ReadWrite Tasks.ReadWrite");
        assertThat(start.body()).contains(mailbox, "Save and start initial sync");

        long id = idIn(start);
        Connection connection = connections.find(id).orElseThrow();
        assertThat(connection.type()).isEqualTo("microsoft365");
        assertThat(connection.ownerId()).isEqualTo(employee.id());
        assertThat(connection.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("folder", "default", "account", mailbox));
        assertThat(connection.status()).as("waits for its owner to start it").isEqualTo(Connection.Status.PAUSED);

        MicrosoftTokens tokens = storedTokens(id);
        assertThat(microsoft.mailboxFor(tokens.accessToken())).contains(mailbox);
        assertThat(tokens.userId()).isEqualTo(microsoft.objectId(mailbox));
        assertThat(tokens.scope()).as("what was granted is kept").contains("Contacts.ReadWrite", "Calendars.ReadWrite");
        String raw = jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(id).query(String.class).single();
        assertThat(raw).startsWith("v1:").doesNotContain(tokens.accessToken(), tokens.refreshToken());
        var asEmployee = Api.basic(port, employee.login(), Samples.password(employee.login()));
        for (String path : new String[] {"/api/v1/connections", "/api/v1/connections/" + id}) {
            assertThat(asEmployee.get(path).body().toString()).doesNotContain(tokens.accessToken(), tokens.refreshToken());
        }
        assertThat(browser.get("/connections/" + id).body()).doesNotContain(tokens.accessToken(), tokens.refreshToken());
        assertThat(microsoft.tokenRequests("authorization_code")).isEqualTo(1);

        WebSession.Page started = browser.post(start, start.uri().getPath(), Map.of("folder", "koppel"));
        assertThat(started.uri().getPath()).isEqualTo("/connections/" + id);
        assertThat(started.body()).contains("Koppel is starting the initial sync");
        Connection active = connections.find(id).orElseThrow();
        assertThat(active.status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(active.settings()).containsEntry("folder", "koppel");
        assertThat(jdbc.sql("SELECT run_requested FROM connection WHERE id = ?").param(id).query(Boolean.class).single()).isTrue();
    }

    @Test
    void theCodeAloneIsUselessWithoutKoppelsPkceVerifier() throws Exception {
        WebSession browser = browser();
        WebSession.Page stopped = browser.post(browser.get("/connections"), "/connections/microsoft/connect",
                Map.of("folder", "koppel"), uri -> uri.getPath().equals(CALLBACK) && uri.getQuery() != null
                        && uri.getQuery().contains("code="));
        URI answer = stopped.chain().getLast();
        String code = java.util.Arrays.stream(answer.getRawQuery().split("&")).filter(p -> p.startsWith("code="))
                .map(p -> java.net.URLDecoder.decode(p.substring(5), StandardCharsets.UTF_8)).findFirst().orElseThrow();

        var stolen = redeem(code, "a-verifier-an-attacker-made-up-which-is-long-enough-43");
        assertThat(stolen.statusCode()).isEqualTo(400);
        assertThat(stolen.body()).contains("invalid_grant", "AADSTS501481");
        assertThat(redeem(code, null).body()).contains("invalid_request", "code_verifier");

        // Koppel's own exchange sends the verifier that belongs to the challenge, and succeeds
        WebSession.Page start = browser.resume(stopped);
        assertThat(start.uri().getPath()).matches("/connections/\\d+/microsoft/start");
        assertThat(microsoft.mailboxFor(storedTokens(idIn(start)).accessToken())).contains(mailbox);
    }

    @Test
    void aRevokedGrantNeedsSignInAndSigningInAgainRestoresTheSameConnection() {
        microsoft.accessTokenLifetime(Duration.ofMinutes(2));
        WebSession browser = browser();
        Connection connection = connectAndStart(browser);

        microsoft.revokeGrants(mailbox);
        RunReport run = runner.run(connection.id(), "sync-now");

        assertThat(run.errorKind()).isEqualTo("AUTH_EXPIRED");
        Connection needsSignIn = connections.find(connection.id()).orElseThrow();
        assertThat(needsSignIn.status()).isEqualTo(Connection.Status.NEEDS_SIGN_IN);
        assertThat(needsSignIn.statusReason()).contains("AADSTS50173", mailbox, "sign in again")
                .doesNotContain("Trace ID");
        WebSession.Page list = browser.get("/connections");
        assertThat(list.body()).contains("Needs sign-in", "Sign in again");
        assertThat(browser.get("/connections/" + connection.id()).body()).contains("Sign in again");

        WebSession.Page after = browser.post(list, "/connections/microsoft/connect",
                Map.of("connection", Long.toString(connection.id())));

        URI authorize = after.chain().stream().filter(u -> u.getPath().endsWith("/authorize")).findFirst().orElseThrow();
        assertThat(authorize.getQuery()).contains("login_hint=" + mailbox);
        assertThat(after.uri().getPath()).isEqualTo("/connections/" + connection.id());
        assertThat(after.body()).contains("Signed in again as " + mailbox);
        Connection restored = connections.find(connection.id()).orElseThrow();
        assertThat(restored.status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(restored.statusReason()).isNull();
        assertThat(connections.ofOwner(employee.id())).as("the same connection, not a second one").hasSize(1);
        assertThat(microsoft.mailboxFor(storedTokens(connection.id()).accessToken())).contains(mailbox);
        assertThat(runner.run(connection.id(), "sync-now").status()).as("syncs again").isEqualTo(RunReport.Status.SUCCEEDED);
    }

    @Test
    void signingInAgainAsAnotherAccountChangesNothing() {
        WebSession browser = browser();
        Connection connection = connectAndStart(browser);
        MicrosoftTokens before = storedTokens(connection.id());

        microsoft.signInAs("someone-else@contoso.example");
        WebSession.Page page = browser.post(browser.get("/connections"), "/connections/microsoft/connect",
                Map.of("connection", Long.toString(connection.id())));

        assertThat(page.body()).contains("Microsoft 365 not connected", "You signed in to Microsoft as someone-else@contoso.example",
                "syncs the contacts of " + mailbox);
        assertThat(storedTokens(connection.id()).refreshToken()).isEqualTo(before.refreshToken());
    }

    @Test
    void connectingTheSameMailboxTwiceKeepsOneConnection() {
        WebSession browser = browser();
        Connection first = connectAndStart(browser);

        WebSession.Page again = connect(browser, "koppel");

        assertThat(again.uri().getPath()).isEqualTo("/connections/" + first.id());
        assertThat(connections.ofOwner(employee.id())).hasSize(1);
    }

    @Test
    void refusingConsentEndsOnAPageThatSaysWhatHappened() {
        microsoft.refuseConsent();
        WebSession browser = browser();

        WebSession.Page page = connect(browser, "koppel");

        assertThat(page.uri().getPath()).isEqualTo(CALLBACK);
        assertThat(page.body()).contains("You did not give Koppel access to your Microsoft 365 contacts",
                "nothing was connected", "AADSTS65004");
        assertThat(connections.ofOwner(employee.id())).isEmpty();
        assertThat(microsoft.tokenRequests()).isZero();
    }

    @Test
    void anAnswerToASignInThisBrowserDidNotStartIsRefused() {
        WebSession browser = browser();

        WebSession.Page page = browser.get(CALLBACK + "?code=stolen-or-forged&state=not-ours");

        assertThat(page.body()).contains("does not belong to a sign-in started in this browser");
        assertThat(connections.ofOwner(employee.id())).isEmpty();
        assertThat(microsoft.tokenRequests()).isZero();
        // nor can another site start a sign-in for this browser without the Connect form
        assertThat(browser.get("/oauth2/authorization/microsoft").status()).isEqualTo(404);
    }

    private HttpResponse<String> redeem(String code, String verifier) throws Exception {
        var form = new java.util.LinkedHashMap<String, String>();
        form.put("client_id", CLIENT_ID);
        form.put("client_secret", CLIENT_SECRET);
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", "http://localhost:" + port + CALLBACK);
        if (verifier != null) form.put("code_verifier", verifier);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(microsoft.authority() + "/organizations/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
