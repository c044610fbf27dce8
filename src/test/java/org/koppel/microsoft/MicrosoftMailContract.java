package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.connector.graph.GraphPeers;
import org.koppel.connector.mail.MailMarks;
import org.koppel.connector.mail.MailPeer;
import org.koppel.connector.mail.MailQuery;
import org.koppel.connector.mail.MarkedMails;
import org.koppel.runtime.Connection;
import org.koppel.runtime.SyncSettings;
import org.koppel.sync.DataType;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Microsoft 365 mailbox as the mail run opens it: a real sign-in (asking Mail.ReadWrite, e-mail
 * being on), the
 * connection's stored tokens, {@link GraphPeers#openMailbox}, and the Graph fake's Outlook mail taking
 * the access tokens the identity fake issued with the permissions they were granted.
 */
abstract class MicrosoftMailContract extends MicrosoftSignInFixture {

    private static final String MIME = "Message-ID: <offerte-1@klant.example>\r\nFrom: Bert <bert@klant.example>\r\n"
            + "To: anna@contoso.example\r\nSubject: Offerte\r\nDate: Tue, 3 Nov 2026 10:00:00 +0100\r\n\r\nGraag.\r\n";

    @Autowired GraphPeers peers;
    @Autowired SyncSettings settings;

    @BeforeEach
    void turnEmailOn() {
        settings.replace("ORGANISATION", 0, Map.of("email.direction", "PEER_TO_CRM"));
    }

    /** The database is shared with other tests, which expect the built-in defaults. */
    @AfterEach
    void backToDefaults() {
        settings.replace("ORGANISATION", 0, Map.of());
    }

    private MailPeer open(Connection connection) {
        return peers.openMailbox(connection, secrets.open(connections.sealedSecret(connection.id())));
    }

    @Test
    void aMarkedMailIsListedReadAndMarkedThroughTheSignInsOwnTokens() {
        Connection connection = connectAndStart(browser());
        assertThat(peers.dataTypes(connection)).contains(DataType.EMAIL);
        assertThat(storedTokens(connection.id()).scope()).contains("Mail.ReadWrite");
        String id = graph.mail().deliver(mailbox, "inbox", MIME, Instant.parse("2026-11-03T09:00:05Z"));
        graph.mail().userCategorize(mailbox, id, "Koppel");

        try (MailPeer mail = open(connection)) {
            MarkedMails marked = mail.marked(new MailQuery(MailMarks.defaults(), null, 150), null);
            assertThat(marked.mails()).singleElement().satisfies(m -> assertThat(m.folder()).isEqualTo("Inbox"));
            assertThat(new String(mail.content(marked.mails().getFirst()), StandardCharsets.UTF_8)).isEqualTo(MIME);
            mail.mark(marked.mails(), "Processed");
            assertThat(mail.requests()).isEqualTo(6); // 2 folder look-ups, 2 delta pages, $value, one batch
        }
        assertThat(graph.mail().categories(mailbox, id)).containsExactly("Koppel", "Processed");
    }

    @Autowired org.koppel.runtime.SyncRunner runner;
    @Autowired org.koppel.crm.relation.Relations relations;
    @Autowired org.koppel.crm.mail.MailLog mails;

    @Test
    void aMailCategorisedInOutlookIsLoggedUnderItsSenderByARunAndCategorisedProcessed() {
        Connection connection = connectAndStart(browser());
        String bert = "bert-" + java.util.UUID.randomUUID() + "@klant.example";
        var person = relations.create(new org.koppel.crm.relation.Person(null, null, null, "Bert", null, null, "Klant", null,
                null, null, bert, null, null, java.util.List.of(), null, connection.ownerId(), java.util.List.of(), false,
                java.util.List.of(), java.util.List.of(), null, Map.of(), null, null, null), org.koppel.crm.Origin.system());
        String known = graph.mail().deliver(mailbox, "inbox", MIME.replace("bert@klant.example", bert)
                .replace("offerte-1@", "offerte-" + person.id() + "@"), Instant.parse("2026-11-03T09:00:05Z"));
        String unknown = graph.mail().deliver(mailbox, "inbox", MIME.replace("bert@klant.example", "nobody@elsewhere.example")
                .replace("offerte-1@", "unknown-" + person.id() + "@"), Instant.parse("2026-11-03T09:01:05Z"));
        graph.mail().userCategorize(mailbox, known, "Koppel");
        graph.mail().userCategorize(mailbox, unknown, "Koppel");

        org.koppel.sync.RunReport report = runner.run(connection.id(), "test");

        assertThat(report.status()).as(report.errorMessage()).isEqualTo(org.koppel.sync.RunReport.Status.SUCCEEDED);
        assertThat(report.totals().get(DataType.EMAIL).created()).isEqualTo(1);
        assertThat(report.totals().get(DataType.EMAIL).skipped()).isEqualTo(1);
        assertThat(graph.mail().categories(mailbox, known)).containsExactly("Koppel", "Processed");
        assertThat(graph.mail().categories(mailbox, unknown)).containsExactly("Koppel", "Not found");
        assertThat(mails.loggedUnder(person.id(), 5, 0)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("Graag."));

        org.koppel.sync.RunReport again = runner.run(connection.id(), "test");
        assertThat(again.totals().get(DataType.EMAIL).total()).as("nothing marked is left").isZero();
    }

    @Test
    void aSignInMadeWhileEmailWasOffIsNotAskedForMailAndIsToldToSignInAgainOnceItIsOn() {
        settings.replace("ORGANISATION", 0, Map.of());
        Connection connection = connectAndStart(browser());
        assertThat(storedTokens(connection.id()).scope()).contains("Contacts.ReadWrite").doesNotContain("Mail.ReadWrite");

        turnEmailOn();
        assertThatThrownBy(() -> open(connection)).isInstanceOf(PeerException.PermissionMissing.class)
                .hasMessageContaining("sign in to Microsoft 365 again to allow mail access");

        connect(browser(), "koppel"); // signing in again, e-mail now on: mail access asked and granted
        assertThat(storedTokens(connection.id()).scope()).contains("Mail.ReadWrite");
        try (MailPeer mail = open(connection)) {
            assertThat(mail.marked(new MailQuery(MailMarks.defaults(), null, 150), null).mails()).isEmpty();
        }
    }

    @Test
    void aTokenWithoutMailPermissionIsRefusedByGraphAsWellWhateverTheStoredScopeSays() {
        microsoft.grantOnly(Set.of("openid", "profile", "offline_access", "Contacts.ReadWrite"));
        Connection connection = connectAndStart(browser());
        MicrosoftTokens stored = storedTokens(connection.id());
        // the stored scope claims more than the token grants (consent withdrawn by an administrator, say)
        String secret = new MicrosoftTokens(stored.accessToken(), stored.refreshToken(), stored.expiresAt(), stored.userId(),
                "Contacts.ReadWrite Mail.ReadWrite").toJson(json);
        String id = graph.mail().deliver(mailbox, "inbox", MIME, Instant.now());
        graph.mail().userCategorize(mailbox, id, "Koppel");

        try (MailPeer mail = peers.openMailbox(connection, secret)) {
            assertThatThrownBy(() -> mail.marked(new MailQuery(MailMarks.defaults(), null, 150), null))
                    .isInstanceOf(PeerException.PermissionMissing.class).hasMessageContaining("allow mail access");
        }
        assertThat(graph.served("mail.folder.get")).as("Graph itself refused: 403").isEqualTo(1);
        assertThat(graph.mail().categories(mailbox, id)).containsExactly("Koppel");
    }
}
