package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SourceMappings;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.koppel.testkit.source.SourceServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The integrations page and the source-system activation, step by step, against the reference source server. */
@OnH2
@AutoConfigureMockMvc
class IntegrationPagesTest {

    private static final String OFFICE = "4711";

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired Relations relations;
    @Autowired Connections connections;
    @Autowired ConnectionStore connectionStore;

    SourceServer source;
    String key;
    /** Unique names: the test classes share one database. */
    final String tag = UUID.randomUUID().toString().substring(0, 6);
    Employee admin;
    Employee user;

    @BeforeEach
    void setUp() {
        key = "api-key-" + UUID.randomUUID();
        source = SourceServer.start(OFFICE, key);
        admin = samples.employee("source-admin", EmployeeRole.ADMIN);
        user = samples.employee("jasmijn", EmployeeRole.USER);
    }

    @AfterEach
    void stopSource() {
        source.close();
    }

    @Test
    void theIntegrationsPageShowsEveryKindWithItsConnectionsByStatusAndOnlyAdminsMayActivateASourceSystem() throws Exception {
        // a source connection the employee owns (made directly: only the activation pages are admin-only), failing
        Connection own = connections.create("source", "Dossiers " + tag, Map.of("url", source.baseUrl().toString(),
                "office", OFFICE), key, principal(user));
        connectionStore.setStatus(own.id(), Connection.Status.FAILING, "test", java.time.Instant.now());

        String asUser = page(user, get("/integrations")).getContentAsString();
        assertThat(asUser).contains("href=\"/integrations\"", "CardDAV address books", "CalDAV calendars",
                "Microsoft 365 (Outlook)", "IMAP mailbox", "Practice-management system",
                "href=\"/connections?type=imap#new-connection\"", "An admin activates it")
                .doesNotContain("href=\"/integrations/source/new\"");
        assertThat(section(asUser, "integration-source")).contains("1 connection", "1 failing");
        assertThat(section(asUser, "integration-imap")).contains("No connections yet.");

        assertThat(page(admin, get("/integrations")).getContentAsString()).contains("href=\"/integrations/source/new\"");

        // the activation pages refuse an employee who is not an admin, and nothing is made
        assertThat(page(user, get("/integrations/source/new")).getStatus()).isEqualTo(403);
        assertThat(page(user, post("/integrations/source").param("name", "Mine " + tag).param("url", source.baseUrl().toString())
                .param("office", OFFICE).param("secret", key)).getStatus()).isEqualTo(403);
        assertThat(page(user, get("/integrations/source/" + own.id() + "/mapping")).getStatus()).isEqualTo(403);
        assertThat(page(user, post("/integrations/source/" + own.id() + "/mapping").param("relationType.1", "Client")
                .param("action", "save")).getStatus()).isEqualTo(403);
        assertThat(connections.visibleTo(principal(user))).extracting(Connection::name).containsExactly("Dossiers " + tag);
        assertThat(connectionStore.find(own.id()).orElseThrow().settings()).doesNotContainKey("relationType.1");
    }

    @Test
    void anAddButtonOpensTheConnectionFormWithItsTypeAndTheSourceIsNotATypeOfThatForm() throws Exception {
        String form = page(user, get("/connections").param("type", "imap")).getContentAsString();
        assertThat(form).containsPattern("<option value=\"imap\" selected=\"selected\"")
                .doesNotContain("<option value=\"source\"");
    }

    @Test
    void activationShowsEachProblemAtItsInputAndNeverEchoesTheApiKey() throws Exception {
        MockHttpServletResponse blank = activate("Dossiers " + tag, "", "12a", key);
        assertThat(blank.getStatus()).isEqualTo(422);
        assertThat(blank.getContentAsString())
                .containsPattern("(?s)id=\"url\".*?<p class=\"problem\"[^>]*>is required")
                .containsPattern("(?s)id=\"office\".*?<p class=\"problem\"[^>]*>[^<]*digits only")
                .contains("value=\"12a\"")
                .doesNotContain(key);

        MockHttpServletResponse wrongKey = activate("Dossiers " + tag, source.baseUrl().toString(), OFFICE, key + "-wrong");
        assertThat(wrongKey.getStatus()).isEqualTo(422);
        assertThat(wrongKey.getContentAsString())
                .containsPattern("(?s)id=\"secret\".*?<p class=\"problem\"[^>]*>[^<]+</p>")
                .contains("value=\"" + source.baseUrl() + "\"")
                .doesNotContain(key);
        assertThat(connections.visibleTo(principal(admin))).extracting(Connection::name).doesNotContain("Dossiers " + tag);
    }

    @Test
    void anAdminActivatesMapsTheRelationTypesAndSynchronisesAndTheKeyAppearsOnNoPage() throws Exception {
        source.seed(12);
        String inUse = "Klant " + tag;
        relations.create(new Organisation(null, null, "Van Dijk " + tag, null, null, null, null, admin.id(), List.of(),
                false, List.of(inUse), List.of(), null, Map.of(), null, null, null), Origin.system());

        // (a) office number and key: the connection is made and waits, paused, for its mapping
        MockHttpServletResponse activated = activate("Dossiers " + tag, source.baseUrl().toString(), OFFICE, key);
        assertThat(activated.getRedirectedUrl()).matches("/integrations/source/\\d+/mapping");
        long id = Long.parseLong(activated.getRedirectedUrl().split("/")[3]);
        Connection waiting = connectionStore.find(id).orElseThrow();
        assertThat(waiting.type()).isEqualTo("source");
        assertThat(waiting.status()).isEqualTo(Connection.Status.PAUSED);
        assertThat(waiting.statusReason()).isEqualTo(SourceMappings.WAITING_FOR_MAPPING);

        // (b) the source's relation types, each with an input offering Koppel's relation types in use
        String mapping = page(admin, get(activated.getRedirectedUrl())).getContentAsString();
        assertThat(mapping).contains("Cliënt", "Wederpartij", "Deurwaarder", "name=\"relationType.1\"",
                "<option value=\"" + inUse + "\">", "value=\"ACTIVE\" checked=\"checked\"").doesNotContain(key);

        // nothing mapped: Synchronise refuses, as nothing would be synced
        MockHttpServletResponse none = page(admin, post("/integrations/source/" + id + "/mapping")
                .param("relationType.1", "").param("archived", "ACTIVE").param("action", "synchronise"));
        assertThat(none.getStatus()).isEqualTo(422);
        assertThat(none.getContentAsString()).contains("map at least one relation type");
        // a Koppel relation type longer than a relation's type may be is shown at its input
        MockHttpServletResponse tooLong = page(admin, post("/integrations/source/" + id + "/mapping")
                .param("relationType.1", "x".repeat(101)).param("relationType.2", inUse).param("action", "save"));
        assertThat(tooLong.getStatus()).isEqualTo(422);
        assertThat(tooLong.getContentAsString()).containsPattern("(?s)id=\"relationType.1\".*?<p class=\"problem\"[^>]*>[^<]*100")
                .contains("value=\"" + inUse + "\"");
        assertThat(connectionStore.find(id).orElseThrow().settings()).doesNotContainKey("relationType.2");

        MockHttpServletResponse saved = page(admin, post("/integrations/source/" + id + "/mapping")
                .param("relationType.1", "Client " + tag).param("relationType.2", inUse).param("relationType.3", " ")
                .param("archived", "FORMER").param("action", "save"));
        assertThat(saved.getRedirectedUrl()).isEqualTo("/integrations/source/" + id + "/mapping");
        Connection mapped = connectionStore.find(id).orElseThrow();
        assertThat(mapped.settings()).containsEntry("relationType.1", "Client " + tag).containsEntry("relationType.2", inUse)
                .containsEntry("archived", "FORMER").doesNotContainKey("relationType.3")
                .containsEntry("url", source.baseUrl().toString()).containsEntry("office", OFFICE);
        assertThat(mapped.status()).as("saving alone starts nothing").isEqualTo(Connection.Status.PAUSED);
        assertThat(page(admin, get("/integrations/source/" + id + "/mapping")).getContentAsString())
                .contains("value=\"Client " + tag + "\"", "value=\"FORMER\" checked=\"checked\"");

        // the relation manager of imported relations: an active employee, shown chosen; anything else at its input
        MockHttpServletResponse noSuchManager = page(admin, post("/integrations/source/" + id + "/mapping")
                .param("relationType.1", "Client " + tag).param("manager", "987654321").param("action", "save"));
        assertThat(noSuchManager.getStatus()).isEqualTo(422);
        assertThat(noSuchManager.getContentAsString()).containsPattern("(?s)id=\"manager\".*?<p class=\"problem\"[^>]*>[^<]*not an active employee");
        assertThat(page(admin, post("/integrations/source/" + id + "/mapping").param("relationType.1", "Client " + tag)
                .param("manager", user.id().toString()).param("action", "save")).getStatus()).isEqualTo(302);
        assertThat(connectionStore.find(id).orElseThrow().settings()).containsEntry("manager", user.id().toString());
        assertThat(page(admin, get("/integrations/source/" + id + "/mapping")).getContentAsString())
                .containsPattern("<option value=\"" + user.id() + "\" selected=\"selected\"");

        // the REST view of the same mapping
        String api = page(admin, get("/api/v1/connections/" + id + "/source-relation-types")).getContentAsString();
        assertThat(api).contains("\"id\":\"1\"", "\"name\":\"Cliënt\"", "\"koppelType\":\"Client " + tag + "\"",
                "\"archived\":\"FORMER\"").doesNotContain(key);

        // (c) Synchronise: the first run, and its report
        MockHttpServletResponse synced = page(admin, post("/integrations/source/" + id + "/mapping")
                .param("relationType.1", "Client " + tag).param("relationType.2", inUse).param("archived", "FORMER")
                .param("action", "synchronise"));
        assertThat(synced.getRedirectedUrl()).matches("/connections/" + id + "/runs/\\d+");
        assertThat(connectionStore.find(id).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);
        String report = page(admin, get(synced.getRedirectedUrl())).getContentAsString();
        assertThat(report).contains("Succeeded");

        // the mapping stays changeable from the connection's page, and the key is on no page
        String detail = page(admin, get("/connections/" + id)).getContentAsString();
        assertThat(detail).contains("href=\"/integrations/source/" + id + "/mapping\"");
        for (String address : List.of("/integrations", "/connections", "/connections/" + id, synced.getRedirectedUrl(),
                "/integrations/source/" + id + "/mapping")) {
            assertThat(page(admin, get(address)).getContentAsString()).as(address).doesNotContain(key);
        }
    }

    @Test
    void theMappingStaysVisibleAndChangeableWhileTheSourceSystemIsAway() throws Exception {
        long id;
        try (SourceServer away = SourceServer.start(OFFICE, key)) {
            MockHttpServletResponse activated = activate("Away " + tag, away.baseUrl().toString(), OFFICE, key);
            id = Long.parseLong(activated.getRedirectedUrl().split("/")[3]);
            page(admin, post("/integrations/source/" + id + "/mapping").param("relationType.1", "Client " + tag)
                    .param("archived", "ACTIVE").param("action", "save"));
        }

        MockHttpServletResponse mapping = page(admin, get("/integrations/source/" + id + "/mapping"));
        assertThat(mapping.getStatus()).isEqualTo(200);
        assertThat(mapping.getContentAsString()).contains("could not be asked for its relation types",
                "name=\"relationType.1\"", "value=\"Client " + tag + "\"").doesNotContain(key);
        MockHttpServletResponse saved = page(admin, post("/integrations/source/" + id + "/mapping")
                .param("relationType.1", "").param("archived", "FORMER").param("action", "save"));
        assertThat(saved.getRedirectedUrl()).isEqualTo("/integrations/source/" + id + "/mapping");
        assertThat(connectionStore.find(id).orElseThrow().settings()).doesNotContainKey("relationType.1")
                .containsEntry("archived", "FORMER");
    }

    private MockHttpServletResponse activate(String name, String url, String office, String secret) throws Exception {
        return page(admin, post("/integrations/source").param("name", name).param("url", url).param("office", office)
                .param("secret", secret));
    }

    /** The card of one integration, from its id to the next card. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isNotNegative();
        int end = page.indexOf("</section>", start);
        return page.substring(start, end);
    }

    private static KoppelUser principal(Employee employee) {
        return new KoppelUser(employee.id(), employee.login(), "{noop}unused", employee.role(), true, false, null);
    }

    private MockHttpServletResponse page(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }
}
