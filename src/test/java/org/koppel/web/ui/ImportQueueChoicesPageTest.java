package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.koppel.web.ui.UiUsers.principal;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ConnectionStore;
import org.koppel.store.ImportQueueStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The queue page's choices, bulk choice, suggestions; the connection page's creation policy and waiting count; the run report's count. */
@OnH2
@AutoConfigureMockMvc
class ImportQueueChoicesPageTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired Connections connections;
    @Autowired ConnectionStore connectionStore;
    @Autowired SyncRunner runner;
    @Autowired MemoryPeers peers;
    @Autowired ImportQueueStore queue;

    @Test
    void theOwnerSetsTheCreationPolicyOnTheConnectionPageAndAnotherUserCannot() throws Exception {
        Employee user = samples.employee("policy", EmployeeRole.USER);
        Connection c = connections.create("memory", "Phone", Map.of(), "secret", principal(user));
        String page = "/connections/" + c.id();

        assertThat(page(user, get(page)).getContentAsString()).contains("id=\"creation-policy\"", "As the sync settings say (now: Never)");
        Employee other = samples.employee("stranger", EmployeeRole.USER);
        assertThat(page(other, post(page + "/creation").param("creation", "QUEUE")).getStatus()).isEqualTo(404);
        assertThat(page(user, post(page + "/creation").param("creation", "QUEUE")).getRedirectedUrl()).isEqualTo(page);
        assertThat(connectionStore.find(c.id()).orElseThrow().settings()).containsEntry("contacts.creation", "QUEUE");
        assertThat(page(user, get(page)).getContentAsString()).containsPattern("<option value=\"QUEUE\" selected");

        page(user, post(page + "/creation").param("creation", "SOMETIMES"));
        assertThat(connectionStore.find(c.id()).orElseThrow().settings()).containsEntry("contacts.creation", "QUEUE");
        page(user, post(page + "/creation").param("creation", ""));
        assertThat(connectionStore.find(c.id()).orElseThrow().settings()).doesNotContainKey("contacts.creation");
    }

    @Test
    void selectedEntriesGetOneChoiceSuggestionsOfferALinkAndImportAllWaitsForAChoice() throws Exception {
        Employee user = samples.employee("bulk", EmployeeRole.USER);
        long colleague = samples.employee("colleague");
        String email = "bekend-" + UUID.randomUUID() + "@example.org";
        Person known = (Person) relations.create(new Person(null, null, null, "Bo", null, null, "Bekend", null, null, null,
                email, null, null, List.of(), null, colleague, List.of(), false, List.of(), List.of(), null, Map.of(), null,
                null, null), Origin.system());
        Connection c = connections.create("memory", "Phone", Map.of("contacts.creation", "QUEUE",
                "contacts.scope", "MANAGER,OWNER,SYNC_FLAG"), "secret", principal(user));
        var peer = peers.of(c.id());
        String a = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Eerste")), Set.of());
        String b = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Tweede")), Set.of());
        String phone = "+31 20 555 " + (1000 + new java.util.Random().nextInt(8999));
        Person mine = (Person) relations.create(new Person(null, null, null, "Mijn", null, null, "Eigen", null, null, null,
                null, phone, null, List.of(), null, user.id(), List.of(), false, List.of(), List.of(), null, Map.of(), null,
                null, null), Origin.system());
        peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Dubbel", ContactSlots.TEL_HOME,
                "0" + phone.substring(4).replace(" ", "-"))), Set.of());
        String bo = peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Bekend", ContactSlots.EMAIL_HOME, email)), Set.of());
        runner.run(c.id(), "test");
        String queuePage = "/connections/" + c.id() + "/import-queue";
        long ea = entry(c, a), eb = entry(c, b), ebo = entry(c, bo);

        String shown = page(user, get(queuePage)).getContentAsString();
        assertThat(shown).contains("Import all (0)", "Link to this", "href=\"/relations/" + known.id() + "\"", "same e-mail " + email)
                .containsPattern("<button [^>]*disabled=\"disabled\">Import all \\(0\\)");
        assertThat(shown).as("a relation already in the address book, found by its phone as digits")
                .contains("href=\"/relations/" + mine.id() + "\"", "already in this address book as another card");
        assertThat(page(user, post(queuePage + "/import")).getRedirectedUrl()).isEqualTo(queuePage);
        assertThat(queue.find(ea).orElseThrow().status()).isEqualTo("WAITING");

        page(user, post(queuePage + "/selected").param("entryIds", String.valueOf(ea), String.valueOf(eb)).param("as", "LEAD"));
        page(user, post(queuePage + "/" + ebo + "/choice").param("as", "LINK").param("relationId", String.valueOf(known.id())));
        assertThat(queue.find(ea).orElseThrow().choice()).isEqualTo("LEAD");
        assertThat(queue.find(eb).orElseThrow().choice()).isEqualTo("LEAD");
        assertThat(page(user, get(queuePage)).getContentAsString()).contains("Import all (3)", "Chosen: Lead",
                "Chosen: Link to Bo Bekend").doesNotContainPattern("<button [^>]*disabled=\"disabled\">Import all");

        page(user, post(queuePage + "/import"));
        assertThat(queue.find(ebo).orElseThrow().crmId()).isEqualTo(known.id());
        assertThat(queue.waiting(c.id())).as("the duplicate of a card in the book waits").isEqualTo(1);

        // the run report and the connection page count what waits
        peer.userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Nieuw")), Set.of());
        var report = runner.run(c.id(), "test");
        assertThat(page(user, get("/connections/" + c.id() + "/runs/" + report.id())).getContentAsString())
                .contains("2 contacts wait in the import queue");
        assertThat(page(user, get("/connections/" + c.id())).getContentAsString()).contains("(2 waiting)");
    }

    private long entry(Connection c, String peerId) {
        return queue.find(c.id(), DataType.CONTACTS, peerId).orElseThrow().id();
    }

    private MockHttpServletResponse page(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }
}
