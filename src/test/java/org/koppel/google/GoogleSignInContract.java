package org.koppel.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.koppel.connector.AccessTokens;
import org.koppel.connector.PeerException;
import org.koppel.connector.google.GoogleAccounts;
import org.koppel.runtime.Connection;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.RunReport;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.WebSession;
import org.koppel.testkit.google.FakeGoogleOAuth;
import org.koppel.testkit.google.FakeGoogleSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Google sign-in per employee through a real flow against the Google fake: Koppel's login, Connect
 * Google, the fake's authorization endpoint, Koppel's callback and code exchange; tokens refreshed
 * before expiry and stored back encrypted; a refused refresh (invalid_grant) makes the connection
 * need sign-in, and signing in again fixes the same connection; deleting it revokes the grant.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class GoogleSignInContract extends GoogleSignInFixture {

    @Autowired SyncRunner runner;
    @Autowired GoogleAccounts accounts;

    /** Access tokens live 2 minutes, less than the refresh margin: every use refreshes first. */
    @Override
    FakeGoogleSettings googleSettings() {
        return FakeGoogleSettings.published().withAccessTokenLifetime(Duration.ofMinutes(2));
    }

    @Test
    void connectingMakesAGoogleConnectionOfTheEmployeeWhoseTokensStayEncrypted(CapturedOutput output) {
        WebSession browser = browser();
        WebSession.Page page = connect(browser);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.chain()).extracting(URI::getPath).containsSubsequence("/connections/google/connect",
                "/oauth2/authorization/google", "/o/oauth2/v2/auth", CALLBACK, CALLBACK);
        Map<String, String> asked = google.oauth().authorizeRequests().getLast();
        assertThat(asked).containsEntry("code_challenge_method", "S256").containsEntry("access_type", "offline")
                .containsEntry("response_type", "code").containsKeys("code_challenge", "state", "nonce");
        assertThat(asked.get("prompt")).contains("consent");
        assertThat(asked.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "email",
                "https://www.googleapis.com/auth/contacts");
        assertThat(page.body()).contains("Connected the Google account " + account, account);

        Connection connection = connections.find(idIn(page)).orElseThrow();
        assertThat(connection.type()).isEqualTo("google").isEqualTo(GoogleAccounts.CONNECTION_TYPE);
        assertThat(connection.ownerId()).isEqualTo(employee.id());
        assertThat(connection.settings()).containsExactlyEntriesOf(Map.of("account", account));
        assertThat(connection.status()).isEqualTo(Connection.Status.ACTIVE);

        GoogleTokens tokens = storedTokens(connection.id());
        assertThat(google.oauth().principal(tokens.accessToken())).map(FakeGoogleOAuth.Principal::user).contains(account);
        assertThat(google.oauth().refreshTokenWorks(tokens.refreshToken())).isTrue();
        assertThat(tokens.subject()).isEqualTo(FakeGoogleOAuth.subject(account));
        assertThat(tokens.scope()).contains("https://www.googleapis.com/auth/contacts");
        assertThat(rawSecret(connection.id())).startsWith("v1:").doesNotContain(tokens.accessToken(), tokens.refreshToken());
        var asEmployee = Api.basic(port, employee.login(), Samples.password(employee.login()));
        for (String path : new String[] {"/api/v1/connections", "/api/v1/connections/" + connection.id()}) {
            assertThat(asEmployee.get(path).body().toString()).doesNotContain(tokens.accessToken(), tokens.refreshToken());
        }
        assertThat(browser.get("/connections/" + connection.id()).body()).contains(account)
                .doesNotContain(tokens.accessToken(), tokens.refreshToken());
        assertThat(google.oauth().tokenRequests("authorization_code")).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(tokens.accessToken(), tokens.refreshToken(), google.oauth().clientSecret());
    }

    @Test
    void calendarAndTasksAccessIsAskedOnlyWhenTheEmployeeSyncsAppointmentsAndTasks() {
        assertThat(admin.put("/api/v1/sync-settings/EMPLOYEE/" + employee.id(),
                "{\"appointments.direction\": \"BOTH\", \"tasks.direction\": \"BOTH\"}", h -> { }).status()).isEqualTo(200);

        Connection connection = connected(browser());

        assertThat(google.oauth().authorizeRequests().getLast().get("scope").split(" ")).containsExactlyInAnyOrder(
                "openid", "email", "https://www.googleapis.com/auth/contacts",
                "https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/tasks");
        assertThat(storedTokens(connection.id()).scope()).contains("calendar.events", "auth/tasks");
    }

    @Test
    void theCodeAloneIsUselessWithoutKoppelsPkceVerifier() throws Exception {
        WebSession browser = browser();
        WebSession.Page stopped = browser.post(browser.get("/connections"), "/connections/google/connect", Map.of(),
                uri -> uri.getPath().equals(CALLBACK) && uri.getQuery() != null && uri.getQuery().contains("code="));
        String code = Arrays.stream(stopped.chain().getLast().getRawQuery().split("&")).filter(p -> p.startsWith("code="))
                .map(p -> URLDecoder.decode(p.substring(5), StandardCharsets.UTF_8)).findFirst().orElseThrow();

        HttpResponse<String> stolen = redeem(code, "a-verifier-an-attacker-made-up-which-is-long-enough-43");
        assertThat(stolen.statusCode()).isEqualTo(400);
        assertThat(stolen.body()).contains("invalid_grant");

        // the wrong verifier used the code up (a code is good once), so even Koppel's own exchange fails now:
        // what matters is that nobody holding only the code got tokens
        WebSession.Page after = browser.resume(stopped);
        assertThat(after.body()).contains("Google not connected");
        assertThat(connections.ofOwner(employee.id())).isEmpty();
    }

    @Test
    void koppelsOwnExchangeSendsTheVerifierOfItsChallenge() {
        WebSession browser = browser();
        WebSession.Page stopped = browser.post(browser.get("/connections"), "/connections/google/connect", Map.of(),
                uri -> uri.getPath().equals(CALLBACK) && uri.getQuery() != null && uri.getQuery().contains("code="));
        assertThat(google.oauth().authorizeRequests().getLast()).containsEntry("code_challenge_method", "S256");

        WebSession.Page page = browser.resume(stopped);

        assertThat(page.uri().getPath()).matches("/connections/\\d+");
        assertThat(google.oauth().principal(storedTokens(idIn(page)).accessToken())).isPresent();
    }

    @Test
    void tokensAreRefreshedBeforeTheyExpireAndStoredBackEncrypted(CapturedOutput output) {
        Connection connection = connected(browser());
        GoogleTokens signedIn = storedTokens(connection.id());

        String access = accounts.tokens(connection.id(), secrets.open(connections.sealedSecret(connection.id()))).current();

        assertThat(google.oauth().tokenRequests("refresh_token")).isEqualTo(1);
        assertThat(access).isNotEqualTo(signedIn.accessToken());
        assertThat(google.oauth().principal(access)).map(FakeGoogleOAuth.Principal::user).contains(account);
        GoogleTokens stored = storedTokens(connection.id());
        assertThat(stored.accessToken()).isEqualTo(access);
        assertThat(stored.refreshToken()).as("Google sends no new refresh token; the one held stays")
                .isEqualTo(signedIn.refreshToken());
        assertThat(stored.subject()).isEqualTo(signedIn.subject());
        assertThat(stored.expiresAt()).isAfter(signedIn.expiresAt());
        assertThat(rawSecret(connection.id())).startsWith("v1:").doesNotContain(access, stored.refreshToken());
        assertThat(output.getAll()).doesNotContain(access, stored.refreshToken());
    }

    @Test
    void aTokenThatLastsAWhileIsUsedWithoutAskingGoogle() {
        google.close();
        google = org.koppel.testkit.google.FakeGoogle.start(FakeGoogleSettings.published());
        google.oauth().allowRedirectUri("http://localhost:" + port + CALLBACK);
        google.oauth().signInAs(account);
        admin.put("/api/v1/settings/google", """
                {"clientId": "%s", "authorizationUrl": "%s", "tokenUrl": "%s", "revocationUrl": "%s"}"""
                .formatted(google.oauth().clientId(), google.authorizationUri(), google.tokenUri(), google.revocationUri()),
                h -> { });
        Connection connection = connected(browser());

        String access = accounts.tokens(connection.id(), secrets.open(connections.sealedSecret(connection.id()))).current();

        assertThat(access).isEqualTo(storedTokens(connection.id()).accessToken());
        assertThat(google.oauth().tokenRequests("refresh_token")).isZero();
    }

    @Test
    void invalidGrantNeedsSignInAndSigningInAgainFixesTheSameConnection() {
        WebSession browser = browser();
        Connection connection = connected(browser);
        assertThat(runner.run(connection.id(), "sync-now").status()).isEqualTo(RunReport.Status.SUCCEEDED);

        // the user removed Koppel's access in their Google Account ("Refresh token expiration")
        google.oauth().userRevokes(account);
        RunReport run = runner.run(connection.id(), "sync-now");

        assertThat(run.errorKind()).isEqualTo("AUTH_EXPIRED");
        Connection needsSignIn = connections.find(connection.id()).orElseThrow();
        assertThat(needsSignIn.status()).isEqualTo(Connection.Status.NEEDS_SIGN_IN);
        assertThat(needsSignIn.statusReason()).contains("Google no longer accepts", account, "sign in again");
        WebSession.Page list = browser.get("/connections");
        assertThat(list.body()).contains("Needs sign-in", "Sign in again");
        assertThat(browser.get("/connections/" + connection.id()).body()).contains("Google no longer accepts", "Sign in again");

        WebSession.Page after = browser.post(list, "/connections/google/connect", Map.of("connection", Long.toString(connection.id())));

        Map<String, String> asked = google.oauth().authorizeRequests().getLast();
        assertThat(asked).containsEntry("login_hint", account).containsEntry("access_type", "offline")
                .containsEntry("prompt", "consent");
        assertThat(after.uri().getPath()).isEqualTo("/connections/" + connection.id());
        assertThat(after.body()).contains("Signed in again as " + account);
        Connection restored = connections.find(connection.id()).orElseThrow();
        assertThat(restored.status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(restored.statusReason()).isNull();
        assertThat(connections.ofOwner(employee.id())).as("the same connection, not a second one").hasSize(1);
        assertThat(google.oauth().refreshTokenWorks(storedTokens(connection.id()).refreshToken())).isTrue();
        assertThat(runner.run(connection.id(), "sync-now").status()).as("syncs again").isEqualTo(RunReport.Status.SUCCEEDED);
    }

    @Test
    void aRevokedGrantIsAuthExpiredForTheConnector() {
        Connection connection = connected(browser());
        AccessTokens tokens = accounts.tokens(connection.id(), secrets.open(connections.sealedSecret(connection.id())));
        google.oauth().userRevokes(account);

        assertThatThrownBy(tokens::current).isInstanceOf(PeerException.AuthExpired.class)
                .hasMessageContaining("Google no longer accepts Koppel's sign-in for " + account)
                .hasMessageContaining("Token has been expired or revoked");
    }

    @Test
    void signingInAgainAsAnotherAccountChangesNothing() {
        WebSession browser = browser();
        Connection connection = connected(browser);
        GoogleTokens before = storedTokens(connection.id());

        google.oauth().signInAs("someone-else@gmail.example");
        WebSession.Page page = browser.post(browser.get("/connections"), "/connections/google/connect",
                Map.of("connection", Long.toString(connection.id())));

        assertThat(page.body()).contains("Google not connected", "You signed in to Google as someone-else@gmail.example",
                "syncs the Google account " + account);
        assertThat(storedTokens(connection.id()).refreshToken()).isEqualTo(before.refreshToken());
        assertThat(connections.ofOwner(employee.id())).hasSize(1);
    }

    @Test
    void connectingTheSameAccountTwiceKeepsOneConnection() {
        WebSession browser = browser();
        Connection first = connected(browser);

        WebSession.Page again = connect(browser);

        assertThat(again.uri().getPath()).isEqualTo("/connections/" + first.id());
        assertThat(connections.ofOwner(employee.id())).hasSize(1);
    }

    @Test
    void refusingConsentEndsOnAPageThatSaysWhatHappened() {
        google.oauth().refuseConsent(true);

        WebSession.Page page = connect(browser());

        assertThat(page.uri().getPath()).isEqualTo(CALLBACK);
        assertThat(page.body()).contains("Google not connected", "You did not give Koppel access to your Google contacts");
        assertThat(connections.ofOwner(employee.id())).isEmpty();
        assertThat(google.oauth().tokenRequests("authorization_code")).isZero();
    }

    @Test
    void anAnswerToASignInThisBrowserDidNotStartIsRefused() {
        WebSession browser = browser();

        WebSession.Page page = browser.get(CALLBACK + "?code=stolen-or-forged&state=not-ours");

        assertThat(page.body()).contains("does not belong to a sign-in started in this browser");
        assertThat(connections.ofOwner(employee.id())).isEmpty();
        assertThat(google.oauth().tokenRequests("authorization_code")).isZero();
        // nor can another site start a sign-in for this browser without the Connect form
        assertThat(browser.get("/oauth2/authorization/google").status()).isEqualTo(404);
    }

    @Test
    void deletingTheConnectionRevokesItsGrantAtGoogle() throws Exception {
        Connection connection = connected(browser());
        String refresh = storedTokens(connection.id()).refreshToken();
        var asEmployee = Api.basic(port, employee.login(), Samples.password(employee.login()));

        assertThat(asEmployee.delete("/api/v1/connections/" + connection.id()).status()).isEqualTo(204);

        // revoked on a thread of its own, so the delete does not wait for Google: wait for it here
        for (int i = 0; i < 200 && google.oauth().revocations() == 0; i++) Thread.sleep(25);
        assertThat(google.oauth().revocations()).isEqualTo(1);
        assertThat(google.oauth().refreshTokenWorks(refresh)).isFalse();
        assertThat(connections.find(connection.id())).isEmpty();
    }

    @Test
    void theAppsClientSecretGoesInAndNeverComesOut() {
        var view = admin.get("/api/v1/settings/google");

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().path("clientSecretSet").asBoolean()).isTrue();
        assertThat(view.body().path("configured").asBoolean()).isTrue();
        assertThat(view.body().path("redirectUri").asString()).endsWith(CALLBACK);
        assertThat(view.body().toString()).doesNotContain(google.oauth().clientSecret());
        String sealed = jdbc.sql("SELECT client_secret FROM google_app WHERE id = 1").query(String.class).single();
        assertThat(sealed).startsWith("v1:").doesNotContain(google.oauth().clientSecret());
        var asEmployee = Api.basic(port, employee.login(), Samples.password(employee.login()));
        assertThat(asEmployee.get("/api/v1/settings/google").status()).isEqualTo(403);
        var wrong = admin.put("/api/v1/settings/google", "{\"clientId\": \"not-a-google-client\", \"tokenUrl\": \"http://example.org/token\"}",
                h -> { });
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.reasonsFor("clientId")).isNotEmpty();
        assertThat(wrong.reasonsFor("tokenUrl")).anyMatch(r -> r.contains("https"));
        assertThat(browser().get("/connections").body()).contains("connect-google-button", "Connect Google");
    }

    private HttpResponse<String> redeem(String code, String verifier) throws Exception {
        var form = new LinkedHashMap<String, String>();
        form.put("client_id", google.oauth().clientId());
        form.put("client_secret", google.oauth().clientSecret());
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", "http://localhost:" + port + CALLBACK);
        form.put("code_verifier", verifier);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(google.tokenUri()).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
