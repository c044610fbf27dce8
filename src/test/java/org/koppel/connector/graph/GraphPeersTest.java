package org.koppel.connector.graph;

import org.koppel.connector.AccessTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.crm.InvalidInputException;
import org.koppel.microsoft.MicrosoftTokens;
import org.koppel.runtime.Connection;
import org.koppel.sync.DataType;

import tools.jackson.databind.json.JsonMapper;

/** Which stores a microsoft365 connection has by its settings, and opening calendar and tasks with a sign-in that may lack their permission. */
class GraphPeersTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final GraphPeers peers = new GraphPeers(new MicrosoftAccounts() {
        @Override
        public AccessTokens tokens(Long connectionId, String secret) {
            return TestTokens.fixed("token");
        }

        @Override
        public URI graphBaseUrl() {
            return URI.create("https://graph.example/v1.0");
        }
    }, null, json);

    private static Connection connection(Map<String, String> settings) {
        return new Connection(7, GraphPeers.TYPE, "Outlook", 1, Connection.Status.ACTIVE, null, settings, false, 1,
                Instant.EPOCH, Instant.EPOCH);
    }

    private String secret(String scope) {
        return new MicrosoftTokens("at", "rt", Instant.parse("2030-01-01T00:00:00Z"), "oid", scope).toJson(json);
    }

    @Test
    void everyMailboxHasAStoreForEachDataTypeWhetherItsSettingsNameOneOrNot() {
        assertThat(peers.dataTypes(connection(Map.of("account", "anne@x.example"))))
                .containsExactlyInAnyOrder(DataType.CONTACTS, DataType.APPOINTMENTS, DataType.TASKS, DataType.EMAIL);
        assertThat(peers.dataTypes(connection(Map.of("calendar", "default", "taskList", "default", "account", "a@b.example"))))
                .containsExactlyInAnyOrder(DataType.CONTACTS, DataType.APPOINTMENTS, DataType.TASKS, DataType.EMAIL);
    }

    @Test
    void aSignInWithoutCalendarsReadWriteIsToldToSignInAgainForCalendarAccessAndContactsStillOpen() {
        var connection = connection(Map.of("account", "anne@x.example", "calendar", "default"));

        for (String scope : new String[]{null, "Contacts.ReadWrite", "Contacts.ReadWrite Tasks.ReadWrite Calendars.Read"}) {
            assertThatThrownBy(() -> peers.open(connection, secret(scope), DataType.APPOINTMENTS))
                    .isInstanceOf(PeerException.PermissionMissing.class)
                    .hasMessage("this connection's Microsoft 365 sign-in does not allow Koppel to sync appointments (Outlook "
                            + "calendar) yet: sign in to Microsoft 365 again to allow calendar access");
        }
        try (ItemPeer contacts = peers.open(connection, secret(null), DataType.CONTACTS)) {
            assertThat(contacts).isInstanceOf(GraphContactPeer.class);
        }
        try (ItemPeer calendar = peers.open(connection, secret("Contacts.ReadWrite Calendars.ReadWrite"), DataType.APPOINTMENTS)) {
            assertThat(calendar).isInstanceOf(GraphEventPeer.class);
        }
    }

    @Test
    void setUpTakesDefaultOrNoCalendar() {
        var settings = new HashMap<>(Map.of("account", " anne@x.example ", "calendar", "default"));
        assertThat(peers.setUp(settings, secret(null))).containsEntry("calendar", "default");
        settings.put("calendar", "");
        assertThat(peers.setUp(settings, secret(null))).doesNotContainKey("calendar");
        settings.put("calendar", "Werk");
        assertThatThrownBy(() -> peers.setUp(settings, secret(null))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("settings.calendar");
    }

    @Test
    void setUpRefusesAnUnknownTaskListNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> peers.setUp(Map.of("account", "a@b.example", "taskList", "werk"), secret(null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("settings.taskList");
                    assertThat(p.reason()).contains("'werk'", "default", "koppel");
                }));
    }

    @Test
    void setUpKeepsAValidTaskListAndDropsABlankOne() {
        assertThat(peers.setUp(Map.of("account", "a@b.example", "taskList", " koppel "), secret(null))).containsEntry("taskList", "koppel");
        assertThat(peers.setUp(Map.of("account", "a@b.example", "taskList", " "), secret(null))).doesNotContainKey("taskList");
    }

    @Test
    void openingTasksWithASignInThatLacksTasksReadWriteAsksToSignInAgain() {
        var connection = connection(Map.of("folder", "koppel", "taskList", "koppel", "account", "a@b.example"));

        for (String scope : new String[] {null, "Contacts.ReadWrite", "Contacts.ReadWrite Tasks.Read"}) {
            assertThatThrownBy(() -> peers.open(connection, secret(scope), DataType.TASKS))
                    .isInstanceOf(PeerException.PermissionMissing.class)
                    .hasMessage("this connection's Microsoft 365 sign-in does not allow Koppel to sync tasks (Microsoft To Do) "
                            + "yet: sign in to Microsoft 365 again to allow task access");
        }
        try (var peer = peers.open(connection, secret("Contacts.ReadWrite Tasks.ReadWrite"), DataType.TASKS)) {
            assertThat(peer).isInstanceOf(GraphTaskPeer.class);
        }
        try (var peer = peers.open(connection, secret(null), DataType.CONTACTS)) {
            assertThat(peer).as("contacts need no new sign-in").isInstanceOf(GraphContactPeer.class);
        }
    }

    @Test
    void openingTheMailboxWithASignInThatLacksMailReadWriteAsksToSignInAgainForMailAccess() {
        var connection = connection(Map.of("account", "a@b.example"));

        for (String scope : new String[] {null, "Contacts.ReadWrite", "Contacts.ReadWrite Mail.Read"}) {
            assertThatThrownBy(() -> peers.openMailbox(connection, secret(scope)))
                    .isInstanceOf(PeerException.PermissionMissing.class)
                    .hasMessage("this connection's Microsoft 365 sign-in does not allow Koppel to sync e-mails (Outlook mail) "
                            + "yet: sign in to Microsoft 365 again to allow mail access");
        }
        try (var mailbox = peers.openMailbox(connection, secret("Contacts.ReadWrite Mail.ReadWrite"))) {
            assertThat(mailbox).isInstanceOf(GraphMailPeer.class);
        }
    }

    @Test
    void setUpKeepsTheMailFoldersAsAListWithoutBlanksAndDropsAnEmptyOne() {
        assertThat(peers.setUp(Map.of("account", "a@b.example", "mailFolders", " inbox, ,Klanten ,inbox"), secret(null)))
                .containsEntry("mailFolders", "inbox,Klanten");
        assertThat(peers.setUp(Map.of("account", "a@b.example", "mailFolders", " , "), secret(null))).doesNotContainKey("mailFolders");
    }
}
