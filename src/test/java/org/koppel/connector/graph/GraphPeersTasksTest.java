package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.crm.InvalidInputException;
import org.koppel.microsoft.MicrosoftTokens;
import org.koppel.runtime.Connection;
import org.koppel.sync.DataType;

import tools.jackson.databind.json.JsonMapper;

/** What a microsoft365 connection's settings and sign-in say about task sync. */
class GraphPeersTasksTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final GraphPeers peers = new GraphPeers(new MicrosoftAccounts() {
        @Override
        public AccessTokens tokens(Long connectionId, String secret) {
            return TestTokens.fixed("unused");
        }

        @Override
        public URI graphBaseUrl() {
            return URI.create("http://127.0.0.1:9/v1.0");
        }
    }, null, json);

    private static Connection connection(Map<String, String> settings) {
        return new Connection(1, GraphPeers.TYPE, "Outlook Anne", 1, Connection.Status.ACTIVE, null, settings, false, 0,
                Instant.EPOCH, Instant.EPOCH);
    }

    private String tokens(String scope) {
        return new MicrosoftTokens("at", "rt", Instant.parse("2030-01-01T00:00:00Z"), "oid", scope).toJson(json);
    }

    @Test
    void tasksAreSyncedOnlyWhenTheConnectionNamesATaskList() {
        assertThat(peers.dataTypes(connection(Map.of("folder", "koppel", "account", "a@b.example")))).containsExactly(DataType.CONTACTS);
        assertThat(peers.dataTypes(connection(Map.of("folder", "koppel", "taskList", "default", "account", "a@b.example"))))
                .containsExactlyInAnyOrder(DataType.CONTACTS, DataType.TASKS);
    }

    @Test
    void setUpRefusesAnUnknownTaskListNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> peers.setUp(Map.of("account", "a@b.example", "taskList", "werk"), tokens(null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("settings.taskList");
                    assertThat(p.reason()).contains("'werk'", "default", "koppel");
                }));
    }

    @Test
    void setUpKeepsAValidTaskListAndDropsABlankOne() {
        assertThat(peers.setUp(Map.of("account", "a@b.example", "taskList", " koppel "), tokens(null))).containsEntry("taskList", "koppel");
        assertThat(peers.setUp(Map.of("account", "a@b.example", "taskList", " "), tokens(null))).doesNotContainKey("taskList");
    }

    @Test
    void openingTasksWithASignInThatLacksTasksReadWriteAsksToSignInAgain() {
        var connection = connection(Map.of("folder", "koppel", "taskList", "koppel", "account", "a@b.example"));

        for (String scope : new String[] {null, "Contacts.ReadWrite", "Contacts.ReadWrite Tasks.Read"}) {
            assertThatThrownBy(() -> peers.open(connection, tokens(scope), DataType.TASKS))
                    .isInstanceOf(PeerException.PermissionMissing.class)
                    .hasMessage("this connection's Microsoft 365 sign-in does not allow Koppel to sync tasks (Microsoft To Do) "
                            + "yet: sign in to Microsoft 365 again to allow task access");
        }
        try (var peer = peers.open(connection, tokens("Contacts.ReadWrite Tasks.ReadWrite"), DataType.TASKS)) {
            assertThat(peer).isInstanceOf(GraphTaskPeer.class);
        }
        try (var peer = peers.open(connection, tokens(null), DataType.CONTACTS)) {
            assertThat(peer).as("contacts need no new sign-in").isInstanceOf(GraphContactPeer.class);
        }
    }
}
