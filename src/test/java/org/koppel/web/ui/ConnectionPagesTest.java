package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.RunReport;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@OnH2
@AutoConfigureMockMvc
class ConnectionPagesTest {

    private static final String SECRET = "app-password-4711-geheim";

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired Relations relations;
    @Autowired Connections connections;
    @Autowired ConnectionStore connectionStore;
    @Autowired SyncRunner runner;
    @Autowired MemoryPeers peers;
    @Autowired org.koppel.store.SyncRunStore runStore;

    Employee user;

    @BeforeEach
    void setUp() {
        user = samples.employee("marit", EmployeeRole.USER);
    }

    @Test
    void anEmployeeSeesOnlyTheirOwnConnectionsAndAnAdminSeesAllWithTheirOwner() throws Exception {
        Employee other = samples.employee("joost", EmployeeRole.USER);
        Connection mine = connection(user, "Marit's iPhone");
        Connection theirs = connection(other, "Joost's Nextcloud");
        RunReport theirRun = runner.run(theirs.id(), "sync-now");

        assertThat(page(user, get("/connections")).getContentAsString())
                .contains("Marit&#39;s iPhone", "/connections/" + mine.id()).doesNotContain("Joost");
        for (String address : List.of("/connections/" + theirs.id(), "/connections/" + theirs.id() + "/conflicts",
                "/connections/" + theirs.id() + "/runs/" + theirRun.id())) {
            assertThat(page(user, get(address)).getStatus()).as(address).isEqualTo(404);
        }
        assertThat(page(user, post("/connections/" + theirs.id() + "/sync")).getStatus()).isEqualTo(404);
        assertThat(page(user, post("/connections/" + theirs.id() + "/delete")).getStatus()).isEqualTo(404);
        assertThat(connectionStore.find(theirs.id())).isPresent();
        // a run of another connection is not found under one's own connection either
        assertThat(page(user, get("/connections/" + mine.id() + "/runs/" + theirRun.id())).getStatus()).isEqualTo(404);

        String asAdmin = page(UiUsers.admin(employees), get("/connections")).getContentAsString();
        assertThat(asAdmin).contains("Marit&#39;s iPhone", "Joost&#39;s Nextcloud", "<th>Owner</th>",
                other.displayName(), user.displayName());
    }

    @Test
    void aConnectionMadeThroughTheFormWorksAndItsSecretAppearsOnNoPage() throws Exception {
        MockHttpServletResponse created = page(user, post("/connections").param("type", "memory").param("name", "My phone")
                .param("url", "contacts.example.org").param("username", "marit@example.org").param("secret", SECRET)
                .param("addressBook", "").param("calendar", "Work").param("taskList", ""));

        assertThat(created.getRedirectedUrl()).matches("/connections/\\d+");
        long id = Long.parseLong(created.getRedirectedUrl().substring("/connections/".length()));
        Connection stored = connectionStore.find(id).orElseThrow();
        assertThat(stored.ownerId()).isEqualTo(user.id());
        assertThat(stored.settings()).containsExactlyInAnyOrderEntriesOf(
                Map.of("url", "contacts.example.org", "username", "marit@example.org", "calendar", "Work"));

        String detail = page(user, get("/connections/" + id)).getContentAsString();
        assertThat(detail).contains("My phone", "contacts.example.org", "marit@example.org", "Stored encrypted; never shown.");
        RunReport run = runner.run(id, "sync-now");
        for (String address : List.of("/connections", "/connections/" + id, "/connections/" + id + "/conflicts",
                "/connections/" + id + "/runs/" + run.id())) {
            assertThat(page(user, get(address)).getContentAsString()).as(address).doesNotContain(SECRET);
        }
        assertThat(page(UiUsers.admin(employees), get("/connections/" + id)).getContentAsString()).doesNotContain(SECRET);
    }

    @Test
    void anImapMailboxIsMadeThroughTheFormAndAServerThatRefusesStartTlsIsShownAtTheServerInput() throws Exception {
        var dovecot = org.koppel.testkit.Dovecot.shared();
        String mailbox = dovecot.newUser();

        // imap:// asks for STARTTLS, which this Dovecot (no certificate) cannot give: refused, never sent in the clear
        MockHttpServletResponse refused = page(user, post("/connections").param("type", "imap").param("name", "Work mail")
                .param("url", "imap://" + dovecot.host() + ":" + dovecot.port()).param("username", mailbox)
                .param("secret", SECRET).param("folders", "INBOX"));

        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString()).containsPattern("(?s)id=\"url\".*?<p class=\"problem\"[^>]*>[^<]*STARTTLS")
                .doesNotContain(SECRET);
        assertThat(ConnectionForm.blank().settings()).isEmpty();
        assertThat(new ConnectionForm("imap", "x", "imap.example.org", "me", null, null, null, null, "INBOX, Archive").settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("host", "imap.example.org", "username", "me", "folders", "INBOX, Archive"));
        assertThat(new ConnectionForm("imap", "x", "IMAPS://mail.example.org:10993/", "me", null, null, null, null, null).settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("host", "mail.example.org", "port", "10993", "username", "me"));
    }

    @Test
    void anUnknownTypeIsShownNextToTheTypeAndTheSecretIsNotEchoed() throws Exception {
        MockHttpServletResponse response = page(user, post("/connections").param("type", "fax").param("name", "")
                .param("url", "fax.example.org").param("secret", SECRET));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString())
                .containsPattern("(?s)id=\"type\".*?<p class=\"problem\"[^>]*>&#39;fax&#39; is not a connection type")
                .containsPattern("(?s)id=\"name\".*?<p class=\"problem\"[^>]*>is required")
                .contains("value=\"fax.example.org\"")
                .doesNotContain(SECRET);
        assertThat(connections.visibleTo(principal(user))).isEmpty();
    }

    @Test
    void aPasswordTypedIntoTheAddressIsRefusedAndNotEchoed() throws Exception {
        MockHttpServletResponse response = page(user, post("/connections").param("type", "memory").param("name", "Phone")
                .param("url", "https://marit:" + SECRET + "@contacts.example.org/").param("secret", "s"));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString())
                .containsPattern("(?s)id=\"url\".*?<p class=\"problem\"[^>]*>holds a password")
                .contains("value=\"https://marit:****@contacts.example.org/\"")
                .doesNotContain(SECRET);
        assertThat(connections.visibleTo(principal(user))).isEmpty();
    }

    @Test
    void syncNowThroughHtmxAnswersWithTheReportAndRefreshesStatusAndRuns() throws Exception {
        Person nora = samples.person("Nora", null, "Smit", user.id());
        Connection c = connection(user, "Phone");

        MockHttpServletResponse response = page(user, post("/connections/" + c.id() + "/sync").header("HX-Request", "true"));

        assertThat(response.getStatus()).isEqualTo(200);
        String fragment = response.getContentAsString();
        assertThat(fragment).doesNotContain("<html", "<main")
                .contains("This run", "Succeeded", "Nora Smit", "Created in Phone")
                .containsPattern("(?s)<td[^>]*>Contacts</td>\\s*<td class=\"num\"[^>]*>1</td>\\s*<td class=\"num created\"[^>]*>1</td>")
                .containsPattern("id=\"connection-status\"[^>]*hx-swap-oob=\"true\"")
                .containsPattern("id=\"recent-runs\"[^>]*hx-swap-oob=\"true\"");
        assertThat(peers.of(c.id()).contents()).containsKey("koppel-" + nora.id());

        // without JavaScript the same button leads to the run's own page
        MockHttpServletResponse plain = page(user, post("/connections/" + c.id() + "/sync"));
        assertThat(plain.getRedirectedUrl()).matches("/connections/" + c.id() + "/runs/\\d+");
        String report = page(user, get(plain.getRedirectedUrl())).getContentAsString();
        assertThat(report).contains("Run of", "Succeeded", "Nothing needed doing");
        assertThat(page(user, get("/connections/" + c.id())).getContentAsString())
                .contains("Recent runs", "Sync now").containsPattern("/connections/" + c.id() + "/runs/\\d+");
    }

    @Test
    void theRunPageShowsTotalsItemsAndTheErrorOfAFailedRun() throws Exception {
        Person ida = samples.person("Ida", null, "Gerritsen", user.id());
        Connection c = connection(user, "Phone");
        peers.of(c.id()).failAfter(0);
        RunReport failed = runner.run(c.id(), "sync-now");
        peers.of(c.id()).heal();
        RunReport ok = runner.run(c.id(), "sync-now");

        String failedPage = page(user, get("/connections/" + c.id() + "/runs/" + failed.id())).getContentAsString();
        // the reason in words for everyone; the technical text folded away, for admins only
        assertThat(failedPage).contains("Failed", "Something unexpected went wrong in Koppel", "tell your admin")
                .doesNotContain("killed: the run stops here", "Exception");
        assertThat(page(UiUsers.admin(employees), get("/connections/" + c.id() + "/runs/" + failed.id())).getContentAsString())
                .contains("Technical details (for admins)", "killed: the run stops here");
        String okPage = page(user, get("/connections/" + c.id() + "/runs/" + ok.id())).getContentAsString();
        assertThat(okPage).contains("Ida Gerritsen", "Created in Phone", "/relations/" + ida.id(), "Totals");
        String runs = page(user, get("/connections/" + c.id())).getContentAsString();
        assertThat(runs).containsPattern("(?s)Recent runs.*Succeeded.*Failed");
    }

    @Test
    void aRunPageLinksEachItemToWhatItIsAboutAndNamesOnlyRelationsAsRelations() throws Exception {
        Person jet = samples.person("Jet", null, "Verslag", user.id());
        Connection c = connection(user, "Phone");
        long run = runStore.start(c.id(), "sync-now", Instant.now());
        // An appointment's id that is also a relation's: the item must not show that relation's name.
        runStore.finish(run, RunReport.Status.SUCCEEDED, null, null, 0, java.util.Map.of(), List.of(
                new RunReport.Item(org.koppel.sync.DataType.CONTACTS, jet.id(), "a", RunReport.Outcome.UPDATED_PEER, "x"),
                new RunReport.Item(org.koppel.sync.DataType.APPOINTMENTS, jet.id(), "b", RunReport.Outcome.UPDATED_PEER, "y"),
                new RunReport.Item(org.koppel.sync.DataType.TASKS, 77L, "c", RunReport.Outcome.UPDATED_PEER, "z")), Instant.now());

        String page = page(user, get("/connections/" + c.id() + "/runs/" + run)).getContentAsString();

        assertThat(page).contains("/relations/" + jet.id(), "/appointments/" + jet.id() + "/edit", "Appointment " + jet.id(),
                "/tasks/77/edit", "Task 77");
        assertThat(page.split("Jet Verslag", -1)).as("the name once, for the contact").hasSize(2);
    }

    @Test
    void syncNowWhileARunIsUnderWayOrWhilePausedSaysSo() throws Exception {
        Connection c = connection(user, "Phone");
        Instant now = Instant.now();
        long token = connectionStore.acquireLease(c.id(), "another-node", "its-boot", now, now.plusSeconds(600)).orElseThrow();
        try {
            MockHttpServletResponse busy = page(user, post("/connections/" + c.id() + "/sync").header("HX-Request", "true"));
            assertThat(busy.getStatus()).isEqualTo(409);
            assertThat(busy.getContentAsString()).contains("A run of this connection is under way").doesNotContain("<html");
        } finally {
            connectionStore.releaseLease(c.id(), token, Instant.now());
        }

        assertThat(page(user, post("/connections/" + c.id() + "/pause")).getRedirectedUrl()).isEqualTo("/connections/" + c.id());
        MockHttpServletResponse paused = page(user, post("/connections/" + c.id() + "/sync").header("HX-Request", "true"));
        assertThat(paused.getStatus()).isEqualTo(409);
        assertThat(paused.getContentAsString()).contains("This connection is paused");
        assertThat(connectionStore.find(c.id()).orElseThrow().status()).isEqualTo(Connection.Status.PAUSED);
        assertThat(page(user, get("/connections/" + c.id())).getContentAsString()).contains("Resume", "Paused");

        page(user, post("/connections/" + c.id() + "/resume"));
        assertThat(connectionStore.find(c.id()).orElseThrow().status()).isEqualTo(Connection.Status.ACTIVE);
    }

    @Test
    void aConnectionWaitingForConfirmationExplainsItAndCanBeConfirmed() throws Exception {
        Connection c = connection(user, "Phone");
        connectionStore.setStatus(c.id(), Connection.Status.NEEDS_CONFIRMATION, "the run would unlink 12 of 20 links",
                Instant.now());

        assertThat(page(user, get("/connections/" + c.id())).getContentAsString())
                .contains("Waiting for confirmation", "Confirm the change",
                        "would have unlinked or deleted more contacts at once").doesNotContain("the run would unlink 12 of 20 links");
        assertThat(page(UiUsers.admin(employees), get("/connections/" + c.id())).getContentAsString())
                .contains("the run would unlink 12 of 20 links");
        page(user, post("/connections/" + c.id() + "/confirm"));

        Connection confirmed = connectionStore.find(c.id()).orElseThrow();
        assertThat(confirmed.confirmedMassChange()).isTrue();
        assertThat(page(user, get("/connections/" + c.id())).getContentAsString()).doesNotContain("Confirm the change");
    }

    @Test
    void deletingAConnectionKeepsEveryContactOnBothSides() throws Exception {
        Person piet = samples.person("Piet", null, "Hein", user.id());
        Connection c = connection(user, "Phone");
        runner.run(c.id(), "sync-now");

        assertThat(page(user, get("/connections/" + c.id())).getContentAsString()).contains("hx-confirm=\"Delete the connection");
        MockHttpServletResponse deleted = page(user, post("/connections/" + c.id() + "/delete").header("HX-Request", "true"));

        assertThat(deleted.getStatus()).isEqualTo(204);
        assertThat(deleted.getHeader("HX-Redirect")).isEqualTo("/connections");
        assertThat(connectionStore.find(c.id())).isEmpty();
        assertThat(relations.find(RelationKind.PERSON, piet.id())).isNotNull();
        assertThat(peers.of(c.id()).contents()).containsKey("koppel-" + piet.id());
    }

    @Test
    void theConflictLogShowsRestoreToAdminsOnlyAndRestorePutsTheLosingValueBack() throws Exception {
        Person olga = samples.person("Olga", null, "Bos", user.id());
        Connection c = connection(user, "Phone");
        runner.run(c.id(), "sync-now");
        relations.update(RelationKind.PERSON, olga.id(), olga.version(), withFirstName(olga, "Olga-Koppel"),
                Origin.user(user.id()));
        peers.of(c.id()).userEdits("koppel-" + olga.id(), ContactSlots.GIVEN_NAME, "Olga-phone");
        runner.run(c.id(), "sync-now");
        long conflict = connections.conflicts(c.id(), principal(user)).getFirst().id();
        String restore = "/connections/" + c.id() + "/conflicts/" + conflict + "/restore";

        String asOwner = page(user, get("/connections/" + c.id() + "/conflicts")).getContentAsString();
        assertThat(asOwner).contains("Olga-Koppel Bos", "First name", "Olga-Koppel", "Olga-phone", "An admin can put a losing value back")
                .doesNotContain(restore);
        assertThat(page(user, post(restore)).getStatus()).isEqualTo(403);

        Employee admin = UiUsers.admin(employees);
        String asAdmin = page(admin, get("/connections/" + c.id() + "/conflicts")).getContentAsString();
        assertThat(asAdmin).contains("action=\"" + restore + "\"");
        MockHttpServletResponse restored = page(admin, post(restore));

        assertThat(restored.getRedirectedUrl()).isEqualTo("/connections/" + c.id() + "/conflicts");
        assertThat(((Person) relations.find(RelationKind.PERSON, olga.id())).firstName()).isEqualTo("Olga-phone");
        String after = page(admin, get("/connections/" + c.id() + "/conflicts")).getContentAsString();
        assertThat(after).doesNotContain("action=\"" + restore + "\"").doesNotContain(">No<");
        // restoring twice changes nothing
        assertThat(page(admin, post(restore)).getRedirectedUrl()).isEqualTo("/connections/" + c.id() + "/conflicts");
    }

    @Test
    void everyoneHasConnectionsInTheNavigationAndOnlyAdminsSyncSettings() throws Exception {
        assertThat(page(user, get("/connections")).getContentAsString())
                .contains("href=\"/connections\"").doesNotContain("href=\"/settings/sync\"");
        assertThat(page(UiUsers.admin(employees), get("/connections")).getContentAsString())
                .contains("href=\"/connections\"", "href=\"/settings/sync\"");
    }

    private Connection connection(Employee owner, String name) {
        return connections.create("memory", name, Map.of(), SECRET, principal(owner));
    }

    private static KoppelUser principal(Employee employee) {
        return new KoppelUser(employee.id(), employee.login(), "{noop}unused", employee.role(), true, false, null);
    }

    private static Person withFirstName(Person p, String firstName) {
        return new Person(p.id(), p.version(), p.initials(), firstName, p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(),
                p.addresses(), p.comment(), p.customFields(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    private MockHttpServletResponse page(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }

}
