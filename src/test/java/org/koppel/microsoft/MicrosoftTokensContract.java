package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.connector.AccessTokens;
import org.koppel.connector.graph.MicrosoftAccounts;
import org.koppel.runtime.Connection;
import org.koppel.sync.DataType;
import org.springframework.beans.factory.annotation.Autowired;

/** The tokens the Graph connector gets: refreshed in time, stored back rotated, failures typed. */
abstract class MicrosoftTokensContract extends MicrosoftSignInFixture {

    @Autowired MicrosoftAccounts accounts;
    @Autowired MicrosoftMailboxes mailboxes;
    @Autowired org.koppel.connector.graph.GraphPeers graphPeers;

    @Test
    void refreshesShortlyBeforeExpiryAndStoresTheRotatedTokens() {
        microsoft.accessTokenLifetime(Duration.ofMinutes(2));
        Connection connection = connectAndStart(browser());
        MicrosoftTokens signedIn = storedTokens(connection.id());
        String oldSecret = secrets.open(connections.sealedSecret(connection.id()));

        String access = accounts.tokens(connection.id(), oldSecret).current();

        assertThat(microsoft.tokenRequests("refresh_token")).isEqualTo(1);
        assertThat(access).isNotEqualTo(signedIn.accessToken());
        assertThat(microsoft.mailboxFor(access)).contains(mailbox);
        MicrosoftTokens stored = storedTokens(connection.id());
        assertThat(stored.accessToken()).isEqualTo(access);
        assertThat(stored.refreshToken()).isNotEqualTo(signedIn.refreshToken());
        assertThat(stored.userId()).isEqualTo(signedIn.userId());
        assertThat(stored.scope()).isEqualTo(signedIn.scope()).contains("Calendars.ReadWrite");
        assertThat(jdbc.sql("SELECT secret FROM connection WHERE id = ?").param(connection.id()).query(String.class).single())
                .doesNotContain(access, stored.refreshToken());
        assertThat(connections.find(connection.id()).orElseThrow().status()).as("no status change")
                .isEqualTo(Connection.Status.ACTIVE);

        // the old refresh token was replaced: only because the new one was stored does the next run work
        assertThatThrownBy(() -> accounts.tokens(connection.id(), oldSecret).current())
                .isInstanceOf(PeerException.AuthExpired.class);
        String fresh = secrets.open(connections.sealedSecret(connection.id()));
        assertThat(microsoft.mailboxFor(accounts.tokens(connection.id(), fresh).current())).contains(mailbox);
    }

    @Test
    void tokensARunRefreshesDoNotOverwriteASignInThatHappenedMeanwhile() {
        microsoft.accessTokenLifetime(Duration.ofMinutes(2));
        Connection connection = connectAndStart(browser());
        AccessTokens run = accounts.tokens(connection.id(), secret(connection));
        String signedInAgain = secrets.seal("{\"signed\":\"in again\"}");
        connections.updateSecret(connection.id(), signedInAgain);

        String access = run.current();

        assertThat(microsoft.mailboxFor(access)).as("the run goes on with its own refreshed token").contains(mailbox);
        assertThat(connections.sealedSecret(connection.id())).isEqualTo(signedInAgain);
    }

    @Test
    void refreshedTokensAreStoredEvenWhenTheRunIsStoppedWhileTheyAreWritten() throws Exception {
        Connection connection = connectAndStart(browser());
        MicrosoftTokens signedIn = storedTokens(connection.id());
        var storeBack = mailboxes.storeBack(connection.id());
        var rotated = new MicrosoftTokens("rotated-access", "rotated-refresh", signedIn.expiresAt(), signedIn.userId());
        var interruptKept = new AtomicBoolean();

        // Stopping a run interrupts its thread during a peer call (runtime/LiveRun), and a token refresh
        // stores the rotated tokens inside one. Runs are virtual threads, where an interrupt closes the
        // socket under a database write; the old refresh token no longer works once rotated.
        Thread run = Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt();
            storeBack.accept(rotated);
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        run.join();

        assertThat(storedTokens(connection.id()).refreshToken()).isEqualTo("rotated-refresh");
        assertThat(interruptKept).as("the stop is not swallowed").isTrue();
    }

    @Test
    void aTokenThatLastsAWhileIsUsedWithoutAskingMicrosoft() {
        Connection connection = connectAndStart(browser());

        String access = accounts.tokens(connection.id(), secret(connection)).current();

        assertThat(access).isEqualTo(storedTokens(connection.id()).accessToken());
        assertThat(microsoft.tokenRequests("refresh_token")).isZero();
    }

    @Test
    void renewAfterA401RefreshesOnceForEveryoneWhoHoldsTheRejectedToken() {
        Connection connection = connectAndStart(browser());
        AccessTokens tokens = accounts.tokens(connection.id(), secret(connection));
        String rejected = tokens.current();
        microsoft.expireAccessTokensNow();
        assertThat(microsoft.mailboxFor(rejected)).isEmpty();

        String renewed = tokens.renew(rejected);
        String again = tokens.renew(rejected);

        assertThat(microsoft.mailboxFor(renewed)).contains(mailbox);
        assertThat(again).isEqualTo(renewed);
        assertThat(microsoft.tokenRequests("refresh_token")).isEqualTo(1);
    }

    @Test
    void aRevokedGrantIsAuthExpiredWithAReasonAPersonUnderstands() {
        Connection connection = connectAndStart(browser());
        AccessTokens tokens = accounts.tokens(connection.id(), secret(connection));
        String current = tokens.current();
        microsoft.revokeGrants(mailbox);

        assertThatThrownBy(() -> tokens.renew(current))
                .isInstanceOf(PeerException.AuthExpired.class)
                .hasMessageContaining("Microsoft no longer accepts Koppel's sign-in for " + mailbox)
                .hasMessageContaining("AADSTS50173")
                .hasMessageNotContaining(current)
                .hasMessageNotContaining("Trace ID");
    }

    @Test
    void anUnavailableOrUnreachableTokenEndpointIsTransient() {
        Connection connection = connectAndStart(browser());
        AccessTokens tokens = accounts.tokens(connection.id(), secret(connection));
        microsoft.failNextTokenRequests(503, 1);

        assertThatThrownBy(() -> tokens.renew(tokens.current()))
                .isInstanceOfSatisfying(PeerException.Transient.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));

        admin.put("/api/v1/settings/microsoft", """
                {"clientId": "%s", "authorityBaseUrl": "http://127.0.0.1:1"}""".formatted(CLIENT_ID), h -> { });
        assertThatThrownBy(() -> tokens.renew(tokens.current())).isInstanceOf(PeerException.Transient.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void aRefusedClientSecretIsTheAdminsConfigurationProblemNotTheOwnersSignIn() {
        Connection connection = connectAndStart(browser());
        AccessTokens tokens = accounts.tokens(connection.id(), secret(connection));
        admin.put("/api/v1/settings/microsoft", """
                {"clientId": "%s", "clientSecret": "an-expired-secret", "authorityBaseUrl": "%s"}"""
                .formatted(CLIENT_ID, microsoft.authority()), h -> { });

        assertThatThrownBy(() -> tokens.renew(tokens.current())).isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("AADSTS7000215").hasMessageContaining("an admin must check");
    }

    @Test
    void theGraphBaseUrlIsTheAdminsSetting() {
        admin.put("/api/v1/settings/microsoft", """
                {"clientId": "%s", "authorityBaseUrl": "%s", "graphBaseUrl": "http://127.0.0.1:9/v1.0/"}"""
                .formatted(CLIENT_ID, microsoft.authority()), h -> { });

        assertThat(accounts.graphBaseUrl()).hasToString("http://127.0.0.1:9/v1.0");
    }

    private static final java.util.Set<String> CONTACTS_ONLY = java.util.Set.of("openid", "profile", "offline_access",
            "Contacts.ReadWrite");

    @Test
    void aSignInKeepsTheScopesItWasGrantedAndOpensTheTaskPeer() {
        Connection connection = connectAndStart(browser());

        MicrosoftTokens tokens = storedTokens(connection.id());
        assertThat(tokens.scope()).contains("Contacts.ReadWrite", "Tasks.ReadWrite");
        try (var peer = graphPeers.open(withTaskList(connection), secret(connection), DataType.TASKS)) {
            assertThat(peer.fullListing(id -> null).complete()).isTrue();
        }
        assertThat(graph.todo().listNamed(mailbox, "Koppel")).isPresent();
    }

    @Test
    void aSignInWithoutTaskAccessAsksItsOwnerToSignInAgainForTasksAndStillSyncsContacts() {
        microsoft.grantOnly(CONTACTS_ONLY).accessTokenLifetime(Duration.ofMinutes(2));
        Connection connection = connectAndStart(browser());

        assertThatThrownBy(() -> graphPeers.open(withTaskList(connection), secret(connection), DataType.TASKS))
                .isInstanceOf(PeerException.PermissionMissing.class)
                .hasMessageContaining("sign in to Microsoft 365 again to allow task access");
        // the refresh asks only for what was granted: asking for Tasks.ReadWrite too would be refused (AADSTS65001)
        String access = accounts.tokens(connection.id(), secret(connection)).current();
        assertThat(microsoft.mailboxFor(access)).contains(mailbox);
        assertThat(microsoft.tokenRequests("refresh_token")).isEqualTo(1);
        assertThat(storedTokens(connection.id()).scope()).isEqualTo("Contacts.ReadWrite");
    }

    @Test
    void tokensStoredBeforeScopesWereKeptRefreshAsContactTokensAndDoNotOpenTasks() {
        microsoft.grantOnly(CONTACTS_ONLY).accessTokenLifetime(Duration.ofMinutes(2));
        Connection connection = connectAndStart(browser());
        MicrosoftTokens signedIn = storedTokens(connection.id());
        String legacy = "{\"accessToken\":\"" + signedIn.accessToken() + "\",\"refreshToken\":\"" + signedIn.refreshToken()
                + "\",\"expiresAt\":\"" + signedIn.expiresAt() + "\",\"userId\":\"" + signedIn.userId() + "\"}";
        connections.updateSecret(connection.id(), secrets.seal(legacy));
        assertThat(MicrosoftTokens.parse(legacy, json).scope()).isNull();

        String access = accounts.tokens(connection.id(), legacy).current();

        assertThat(microsoft.mailboxFor(access)).contains(mailbox);
        assertThatThrownBy(() -> graphPeers.open(withTaskList(connection), legacy, DataType.TASKS))
                .isInstanceOf(PeerException.PermissionMissing.class);
    }

    private static Connection withTaskList(Connection c) {
        var settings = new java.util.HashMap<>(c.settings());
        settings.put("taskList", "koppel");
        return new Connection(c.id(), c.type(), c.name(), c.ownerId(), c.status(), c.statusReason(), settings,
                c.confirmedMassChange(), c.version(), c.createdAt(), c.updatedAt());
    }

    private String secret(Connection connection) {
        return secrets.open(connections.sealedSecret(connection.id()));
    }
}
