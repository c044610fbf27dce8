package org.koppel.connector.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.ItemPeer;
import org.koppel.runtime.Connection;
import org.koppel.sync.DataType;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;

import tools.jackson.databind.json.JsonMapper;

/** GooglePeers for appointments and tasks: which types a google connection has, and the peers it opens for them. */
class GooglePeersAgendaTest {

    private final FakeGoogle google = FakeGoogle.start();
    private final FakeGoogleAccounts accounts = new FakeGoogleAccounts(google);
    private final GooglePeers peers = new GooglePeers(() -> accounts, JsonMapper.builder().build(), PeopleClient.Options.defaults());
    private final String user = "anna-" + UUID.randomUUID() + "@example.com";

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void aGoogleConnectionHasContactsAppointmentsAndTasksUnlessItsSettingsLeaveOneOut() {
        assertThat(peers.dataTypes(connection(Map.of()))).containsExactlyInAnyOrder(DataType.CONTACTS, DataType.APPOINTMENTS, DataType.TASKS);
        assertThat(peers.dataTypes(connection(Map.of(GooglePeers.CALENDAR, "none")))).containsExactlyInAnyOrder(DataType.CONTACTS, DataType.TASKS);
        assertThat(peers.dataTypes(connection(Map.of(GooglePeers.TASK_LIST, "none")))).containsExactlyInAnyOrder(DataType.CONTACTS, DataType.APPOINTMENTS);
    }

    @Test
    void openGivesTheCalendarAndTaskPeersOnTheConnectionsTokens() {
        accounts.scopes(Set.of(FakeGoogleAccounts.calendarScope(), FakeGoogleAccounts.tasksScope()));
        google.agenda().userCreatesEvent(user, """
                {"summary": "Intake", "start": {"date": "2026-12-07"}, "end": {"date": "2026-12-08"}}""");
        google.agenda().userCreatesTask(user, "{\"title\": \"Call back\"}");

        try (ItemPeer calendar = peers.open(connection(Map.of()), user, DataType.APPOINTMENTS);
             ItemPeer tasks = peers.open(connection(Map.of()), user, DataType.TASKS)) {
            assertThat(calendar).isInstanceOf(GoogleEventPeer.class);
            assertThat(tasks).isInstanceOf(GoogleTaskPeer.class);
            assertThat(calendar.fullListing(id -> null).present()).hasSize(1);
            assertThat(tasks.fullListing(id -> null).present()).hasSize(1);
        }
    }

    private static Connection connection(Map<String, String> settings) {
        return new Connection(1, GooglePeers.TYPE, "Google", 1, Connection.Status.ACTIVE, null, settings, false, 1,
                Instant.EPOCH, Instant.EPOCH);
    }
}
