package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.koppel.connector.PeerException;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.RunReport;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The sync pages say what went wrong in words, in the reader's language, and what to do: never an
 * exception's class or the connector's English; the technical text only folded away for admins.
 */
@OnH2
@AutoConfigureMockMvc
class SyncProblemPagesTest {

    private static final String SECRET = "app-password-" + UUID.randomUUID();

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired Relations relations;
    @Autowired Connections connections;
    @Autowired ConnectionStore connectionStore;
    @Autowired SyncRunStore runStore;
    @Autowired SyncRunner runner;
    @Autowired MemoryPeers peers;
    @Autowired SecretBox secrets;

    final String tag = UUID.randomUUID().toString().substring(0, 6);
    Employee user;

    @BeforeEach
    void setUp() {
        user = samples.employee("problem-" + tag, EmployeeRole.USER);
    }

    @AfterEach
    void healPeers() {
        peers.openFails = type -> null;
        peers.refusesSecret = secret -> false;
    }

    /** A failure the peer raises, and the sentence (English, Dutch) the connection page must say about it. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new PeerException.AuthExpired("PROPFIND https://dav.example.org/ answered 401: the server refused the credentials", null),
                        "no longer accepts the user name and app password", "accepteert de gebruikersnaam en het app-wachtwoord niet meer"),
                Arguments.of(new PeerException.Transient("PKIX path building failed: unable to find valid certification path", null,
                        new javax.net.ssl.SSLHandshakeException("PKIX")),
                        "security certificate is not trusted", "beveiligingscertificaat van de server wordt niet vertrouwd"),
                Arguments.of(new PeerException.Transient("dav.example.org could not be reached: java.net.ConnectException: Connection refused",
                        null, null), "could not reach the server", "kon de server niet bereiken"),
                Arguments.of(new PeerException.Transient("REPORT https://dav.example.org/ answered 429, retry after 2026-01-01T12:00:00Z",
                        Duration.ofSeconds(40), null), "asked Koppel to wait", "vroeg Koppel te wachten"),
                Arguments.of(new PeerException.Configuration("PROPFIND https://dav.example.org/book/ answered 404: no such collection", null),
                        "settings no longer work", "instellingen van de koppeling werken niet meer"),
                Arguments.of(new IllegalStateException("boom"), "Something unexpected went wrong", "Er ging iets onverwachts mis"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailedConnectionSaysWhyInWordsInEnglishAndDutchAndOnlyAdminsSeeTheTechnicalText(RuntimeException failure,
                                                                                      String english, String dutch) throws Exception {
        Connection c = connection("Phone " + tag);
        peers.openFails = type -> failure;
        RunReport run = runner.run(c.id(), "sync-now");
        peers.openFails = type -> null;

        for (String address : List.of("/connections", "/connections/" + c.id(), "/connections/" + c.id() + "/runs/" + run.id())) {
            String en = page(user, get(address), "en").getContentAsString();
            assertThat(en).as(address).contains(english)
                    .doesNotContain(failure.getMessage(), "Exception", "PeerException")
                    .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
            assertThat(page(user, get(address), "nl").getContentAsString()).as(address).contains(dutch).doesNotContain(english);
        }
        String asAdmin = page(UiUsers.admin(employees), get("/connections/" + c.id() + "/runs/" + run.id()), "en").getContentAsString();
        assertThat(asAdmin).contains("Technical details (for admins)", escaped(failure.getMessage()));
    }

    @Test
    void aFailedRunNeverSaysNothingNeededDoingAndASucceededEmptyOneDoes() throws Exception {
        Connection c = connection("Phone " + tag);
        peers.openFails = type -> new PeerException.Transient("dav.example.org could not be reached", null, null);
        RunReport failed = runner.run(c.id(), "sync-now");
        peers.openFails = type -> null;
        RunReport ok = runner.run(c.id(), "sync-now");
        assertThat(ok.items()).isEmpty();

        String failedPage = page(user, get("/connections/" + c.id() + "/runs/" + failed.id()), "en").getContentAsString();
        assertThat(failedPage).doesNotContain("Nothing needed doing").contains("No contact was changed");
        assertThat(page(user, get("/connections/" + c.id() + "/runs/" + failed.id()), "nl").getContentAsString())
                .contains("Er is geen contact gewijzigd").doesNotContain("Er hoefde niets");
        assertThat(page(user, get("/connections/" + c.id() + "/runs/" + ok.id()), "en").getContentAsString())
                .contains("Nothing needed doing");
        assertThat(page(user, get("/connections/" + c.id() + "/runs/" + ok.id()), "it").getContentAsString())
                .contains("Non c’era niente da fare");
    }

    @Test
    void aNewAppPasswordIsCheckedStoredEncryptedNeverShownAndEndsWrongPassword() throws Exception {
        Connection c = connection("Phone " + tag);
        peers.openFails = type -> new PeerException.AuthExpired("the server refused the credentials", null);
        runner.run(c.id(), "sync-now");
        peers.openFails = type -> null;
        assertThat(connectionStore.find(c.id()).orElseThrow().status()).isEqualTo(Connection.Status.NEEDS_SIGN_IN);
        String before = connectionStore.sealedSecret(c.id());
        assertThat(page(user, get("/connections"), "en").getContentAsString())
                .contains("Enter a new app password", "/connections/" + c.id() + "#new-password");

        // empty: the problem is at the input, and nothing changes
        MockHttpServletResponse empty = page(user, post("/connections/" + c.id() + "/password").param("secret", ""), "nl");
        assertThat(empty.getStatus()).isEqualTo(422);
        assertThat(empty.getContentAsString()).containsPattern("(?s)id=\"new-secret\".*?<p class=\"problem\" id=\"new-secret-problem\">Typ het nieuwe app-wachtwoord");

        // refused by the server: said in words at the input, not echoed, the old secret kept
        String refusedSecret = "refused-" + SECRET;
        peers.refusesSecret = secret -> secret.equals(refusedSecret);
        MockHttpServletResponse refused = page(user, post("/connections/" + c.id() + "/password").param("secret", refusedSecret), "en");
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString()).contains("The server does not accept this app password")
                .containsPattern("aria-invalid=\"true\"").doesNotContain(refusedSecret);
        assertThat(connectionStore.sealedSecret(c.id())).isEqualTo(before);
        assertThat(connectionStore.find(c.id()).orElseThrow().status()).isEqualTo(Connection.Status.NEEDS_SIGN_IN);

        // accepted: stored encrypted in place of the old one, the connection active again, and the secret on no page
        MockHttpServletResponse saved = page(user, post("/connections/" + c.id() + "/password").param("secret", SECRET), "en");
        assertThat(saved.getRedirectedUrl()).isEqualTo("/connections/" + c.id());
        Connection after = connectionStore.find(c.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(connectionStore.sealedSecret(c.id())).isNotEqualTo(before).doesNotContain(SECRET);
        assertThat(secrets.open(connectionStore.sealedSecret(c.id()))).isEqualTo(SECRET);
        for (String address : List.of("/connections", "/connections/" + c.id())) {
            assertThat(page(user, get(address), "en").getContentAsString()).as(address)
                    .doesNotContain(SECRET, "no longer accepts the user name and app password");
        }
    }

    @Test
    void aSignInConnectionHasNoPasswordFormButSignInAgain() throws Exception {
        long id = connectionStore.insert("microsoft365", "Outlook " + tag, user.id(), Map.of("account", "x@example.org"),
                secrets.seal("{}"), Instant.now());
        connectionStore.setStatus(id, Connection.Status.NEEDS_SIGN_IN, "the peer no longer accepts the credentials", Instant.now());

        String page = page(user, get("/connections/" + id), "nl").getContentAsString();
        assertThat(page).contains("Opnieuw aanmelden").doesNotContain("id=\"new-password\"");
        assertThat(page(user, post("/connections/" + id + "/password").param("secret", "x"), "en").getStatus()).isEqualTo(404);
    }

    @Test
    void theSafetyStopListsTheContactsItHeldByNameWithACap() throws Exception {
        Connection c = connection("Phone " + tag);
        for (int i = 0; i < 30; i++) samples.person("Held" + i, null, "Stop" + tag, user.id());
        runner.run(c.id(), "sync-now");
        var peer = peers.of(c.id());
        for (String id : List.copyOf(peer.contents().keySet())) peer.userDeletes(id);

        RunReport stopped = runner.run(c.id(), "sync-now");
        assertThat(stopped.status()).isEqualTo(RunReport.Status.NEEDS_CONFIRMATION);

        String en = page(user, get("/connections/" + c.id()), "en").getContentAsString();
        assertThat(en).contains("Confirm the change", "and 5 more").containsPattern("Held\\d+ Stop" + tag);
        String heldList = en.substring(en.indexOf("class=\"held-list\""), en.indexOf("</ul>", en.indexOf("class=\"held-list\"")));
        assertThat(heldList.split("<li>", -1)).as("25 named").hasSize(1 + ConnectionController.HELD_NAMES_SHOWN);
        assertThat(page(user, get("/connections/" + c.id()), "nl").getContentAsString()).contains("en nog 5");
        assertThat(page(user, get("/connections/" + c.id() + "/runs/" + stopped.id()), "en").getContentAsString())
                .contains("Held0 Stop" + tag, "Held29 Stop" + tag);
    }

    @Test
    void theAddressBookIsShownByItsNameAndItsAddressOnlyToAdmins() throws Exception {
        String book = "https://dav.example.org/dav/addressbooks/u/" + tag + "-f00d/";
        long id = connectionStore.insert("carddav", "Nextcloud " + tag, user.id(), Map.of("url", "dav.example.org",
                "username", "u", "addressBook", book, "addressBookName", "Work contacts " + tag, "syncCollection", "true"),
                secrets.seal(SECRET), Instant.now());

        String asUser = page(user, get("/connections/" + id), "en").getContentAsString();
        assertThat(asUser).contains("Work contacts " + tag).doesNotContain(book, "syncCollection");
        assertThat(page(UiUsers.admin(employees), get("/connections/" + id), "en").getContentAsString()).contains(book);
    }

    private Connection connection(String name) {
        return connections.create("memory", name, Map.of(), SECRET, UiUsers.principal(user));
    }

    private static String escaped(String text) {
        return org.springframework.web.util.HtmlUtils.htmlEscape(text);
    }

    private MockHttpServletResponse page(Employee employee, MockHttpServletRequestBuilder request, String language) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf()).header("Accept-Language", language)).andReturn().getResponse();
    }
}
