package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.caldav.CalDavEventPeer;
import org.koppel.connector.caldav.CalDavTaskPeer;
import org.koppel.connector.dav.DavAccount;
import org.koppel.connector.dav.DavCollectionInfo;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavDiscovery;
import org.koppel.connector.dav.DavTransport;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.sync.DataType;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.Radicale;

import tools.jackson.databind.json.JsonMapper;

/**
 * Setting up a CardDAV + CalDAV account against a Radicale of its own (so Alice's collections are
 * exactly those made here): the calendar and task list are found by CalDAV discovery, chosen as the
 * one named or the only one, and left out, contacts still synced, when several fit and none is named.
 */
class CardDavPeersCalendarsTest {

    private final CardDavPeers peers = new CardDavPeers(JsonMapper.builder().build(), Loopback.POLICY);
    private Radicale radicale;
    private URI work;
    private URI todo;

    @BeforeEach
    void start() {
        radicale = Radicale.start();
        radicale.createAddressBook(Radicale.ALICE, "contacts", "Contacts");
        work = radicale.createCalendar(Radicale.ALICE, "work", "Work", "VEVENT");
        todo = radicale.createCalendar(Radicale.ALICE, "todo", "To do", "VTODO");
    }

    @AfterEach
    void stop() {
        radicale.close();
    }

    private Map<String, String> setUp(Map<String, String> extra) {
        var settings = new HashMap<>(Map.of("url", radicale.hostAndPort(), "username", Radicale.ALICE));
        settings.putAll(extra);
        return peers.setUp(settings, radicale.password(Radicale.ALICE));
    }

    private static Connection connection(Map<String, String> settings) {
        return new Connection(1, "carddav", "Radicale", 1, Connection.Status.ACTIVE, null, settings, false, 1,
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void theOnlyEventCalendarAndTheOnlyTaskListAreChosenWithTheirSyncCollectionSupport() {
        Map<String, String> settings = setUp(Map.of());

        assertThat(settings).containsEntry(CardDavPeers.CALENDAR, work.toString())
                .containsEntry(CardDavPeers.CALENDAR_SYNC_COLLECTION, "true")
                .containsEntry(CardDavPeers.TASK_LIST, todo.toString())
                .containsEntry(CardDavPeers.TASK_LIST_SYNC_COLLECTION, "true")
                .containsKey(CardDavPeers.ADDRESS_BOOK);
        Connection c = connection(settings);
        assertThat(peers.dataTypes(c)).containsExactlyInAnyOrder(DataType.CONTACTS, DataType.APPOINTMENTS, DataType.TASKS);
        try (var events = peers.open(c, radicale.password(Radicale.ALICE), DataType.APPOINTMENTS);
             var tasks = peers.open(c, radicale.password(Radicale.ALICE), DataType.TASKS);
             var contacts = peers.open(c, radicale.password(Radicale.ALICE), DataType.CONTACTS)) {
            assertThat(events).isInstanceOf(CalDavEventPeer.class);
            assertThat(tasks).isInstanceOf(CalDavTaskPeer.class);
            assertThat(contacts).isInstanceOf(CardDavContactPeer.class);
            assertThat(events.fullListing(id -> null).present()).isEmpty();
        }
    }

    @Test
    void calendarDiscoveryListsEachCalendarWithItsNameComponentsAndSyncSupportButNoAddressBook() {
        var discovery = new DavDiscovery(new DavTransport(new DavCredentials(Radicale.ALICE,
                radicale.password(Radicale.ALICE)), Loopback.davSettings()), DavCollectionKind.CALENDAR);
        DavAccount account = discovery.discover(radicale.hostAndPort());

        assertThat(account.collections()).extracting(DavCollectionInfo::url).containsExactlyInAnyOrder(work, todo);
        DavCollectionInfo found = account.collections().stream().filter(c -> c.url().equals(todo)).findFirst().orElseThrow();
        assertThat(found.displayName()).isEqualTo("To do");
        assertThat(found.components()).containsExactly("VTODO");
        assertThat(found.takes("VEVENT")).isFalse();
        assertThat(found.supportsSyncCollection()).isTrue();
    }

    @Test
    void severalEventCalendarsAndNoneNamedLeaveAppointmentsOffAndContactsOn() {
        URI home = radicale.createCalendar(Radicale.ALICE, "home", "Home", "VEVENT");

        Map<String, String> settings = setUp(Map.of());
        assertThat(settings).doesNotContainKey(CardDavPeers.CALENDAR).containsKey(CardDavPeers.ADDRESS_BOOK)
                .containsEntry(CardDavPeers.TASK_LIST, todo.toString());
        assertThat(peers.dataTypes(connection(settings))).containsExactlyInAnyOrder(DataType.CONTACTS, DataType.TASKS);

        assertThat(setUp(Map.of(CardDavPeers.CALENDAR, "Home"))).containsEntry(CardDavPeers.CALENDAR, home.toString());
        assertThat(setUp(Map.of(CardDavPeers.CALENDAR, work.getPath()))).containsEntry(CardDavPeers.CALENDAR, work.toString());
    }

    @Test
    void aNamedCalendarThatDoesNotExistIsAProblemOnItsFieldNamingTheChoices() {
        assertThatThrownBy(() -> setUp(Map.of(CardDavPeers.CALENDAR, "Holidays")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .singleElement().extracting(FieldProblem::field, FieldProblem::reason)
                        .satisfies(p -> {
                            assertThat(p.get(0)).isEqualTo("settings.calendar");
                            assertThat((String) p.get(1)).contains("Holidays", "Work");
                        }));
        // A task list is not a calendar for appointments, nor the other way round.
        assertThatThrownBy(() -> setUp(Map.of(CardDavPeers.TASK_LIST, "Work")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field).containsExactly("settings.taskList"));
    }
}
