package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.runtime.Connection;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The integrations page tells each employee how every connector stands for them (connected, failing on a
 * wrong password, needing a sign-in, not set up) with the provider's own steps, in their language.
 */
@OnH2
@AutoConfigureMockMvc
class IntegrationStatesPageTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired ConnectionStore connectionStore;
    @Autowired SecretBox secrets;

    final String tag = UUID.randomUUID().toString().substring(0, 6);
    Employee user;

    @BeforeEach
    void setUp() {
        user = samples.employee("states-" + tag, EmployeeRole.USER);
    }

    @Test
    void eachProviderShowsItsStateForTheEmployeeAndItsOwnStepsInEnglishAndDutch() throws Exception {
        long icloud = insert("carddav", "iPhone " + tag, Map.of("url", "https://contacts.icloud.com", "username", "me@icloud.com"));
        long nextcloud = insert("carddav", "Nextcloud " + tag, Map.of("url", "https://cloud.example.org/remote.php/dav", "username", "me"));
        connectionStore.setStatus(nextcloud, Connection.Status.NEEDS_SIGN_IN, "the peer no longer accepts the credentials", Instant.now());
        long outlook = insert("microsoft365", "Outlook " + tag, Map.of("account", "me@example.org"));
        connectionStore.setStatus(outlook, Connection.Status.NEEDS_SIGN_IN, "sign in again", Instant.now());
        // someone else's failing address book says nothing about this employee's state
        Employee other = samples.employee("states-other-" + tag, EmployeeRole.USER);
        long theirs = connectionStore.insert("carddav", "Theirs " + tag, other.id(), Map.of("url", "dav.example.com"), secrets.seal("x"), Instant.now());
        connectionStore.setStatus(theirs, Connection.Status.FAILING, "x", Instant.now());

        String en = page("en");
        assertThat(section(en, "integration-icloud")).contains("Connected", "iPhone " + tag, "/connections/" + icloud,
                "appleid.apple.com", "App-Specific Passwords", "https://contacts.icloud.com");
        assertThat(section(en, "integration-nextcloud")).contains("Failing: wrong password", "enter a new one",
                "Create new app password", "/remote.php/dav");
        assertThat(section(en, "integration-carddav")).contains("Not set up").doesNotContain("Theirs " + tag);
        assertThat(section(en, "integration-microsoft365")).contains("Needs sign-in", "Microsoft Entra admin center");
        assertThat(section(en, "integration-microsoftMail")).contains("Needs sign-in");

        String nl = page("nl");
        assertThat(section(nl, "integration-icloud")).contains("Gekoppeld", "App-specifieke wachtwoorden");
        assertThat(section(nl, "integration-nextcloud")).contains("Mislukt: verkeerd wachtwoord", "Nieuw app-wachtwoord aanmaken");
        assertThat(section(nl, "integration-carddav")).contains("Niet ingesteld");
        assertThat(section(nl, "integration-microsoft365")).contains("Aanmelden nodig");
        assertThat(page("it")).contains("Collegato", "Password specifiche per le app");
    }

    @Test
    void aSignInConnectorWhoseAppIsNotSetUpSaysSoUntilSomeoneHasOneAndTheWorstStateWins() {
        KoppelUser me = UiUsers.principal(user);
        var none = IntegrationsController.card("google", 3, "k", null, "why", me, List.of(), c -> true, true);
        assertThat(none.state()).isEqualTo(IntegrationsController.State.APP_NOT_CONFIGURED);
        assertThat(none.whyKey()).isEqualTo("why");

        var active = connection(Connection.Status.ACTIVE);
        var failing = connection(Connection.Status.FAILING);
        var mine = IntegrationsController.card("carddav", 3, "k", "/add", null, me, List.of(active, failing), c -> true, false);
        assertThat(mine.state()).isEqualTo(IntegrationsController.State.FAILING);
        assertThat(IntegrationsController.card("carddav", 3, "k", "/add", null, me, List.of(active), c -> true, false).state())
                .isEqualTo(IntegrationsController.State.CONNECTED);
    }

    private Connection connection(Connection.Status status) {
        return new Connection(1, "carddav", "x", user.id(), status, null, Map.of(), false, 1, Instant.now(), Instant.now());
    }

    private long insert(String type, String name, Map<String, String> settings) {
        return connectionStore.insert(type, name, user.id(), settings, secrets.seal("secret"), Instant.now());
    }

    private String page(String language) throws Exception {
        return mvc.perform(get("/integrations").with(as(user)).header("Accept-Language", language)).andReturn().getResponse()
                .getContentAsString();
    }

    /** The card with this id: from its opening tag to the next card's. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isPositive();
        int end = page.indexOf("<section", start);
        return page.substring(start, end < 0 ? page.length() : end);
    }
}
