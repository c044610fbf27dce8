package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.koppel.web.ui.UiUsers.principal;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ImportQueueStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.Snapshot;
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
class ImportQueuePageTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired Connections connections;
    @Autowired SyncRunner runner;
    @Autowired MemoryPeers peers;
    @Autowired ImportQueueStore queueStore;

    @Test
    void aWaitingContactIsShownBecomesAPersonAndIsNoOneElsesBusiness() throws Exception {
        Employee user = samples.employee("marit", EmployeeRole.USER);
        Connection c = connections.create("memory", "Phone", Map.of("contacts.creation", "QUEUE"), "secret",
                principal(user));
        peers.of(c.id()).userCreates(Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Jan", ContactSlots.FAMILY_NAME, "Wacht",
                ContactSlots.EMAIL_WORK, "jan@wacht.example", ContactSlots.ORGANISATION, "<b>Wacht & Zn</b>")), Set.of());
        peers.of(c.id()).userCreates(Snapshot.of(Map.of(ContactSlots.FAMILY_NAME, "Later")), Set.of());
        runner.run(c.id(), "test");
        String queuePage = "/connections/" + c.id() + "/import-queue";

        assertThat(page(user, get("/connections/" + c.id())).getContentAsString())
                .contains("href=\"" + queuePage + "\"", "2 contacts wait", "(2 waiting)");
        String shown = page(user, get(queuePage)).getContentAsString();
        assertThat(shown).contains("Wacht", "jan@wacht.example", "work e-mail", "organisation", "Later",
                        "&lt;b&gt;Wacht &amp; Zn&lt;/b&gt;", ">Person<", ">Organisation<", ">Lead<", ">Dismiss<")
                .doesNotContain("<b>Wacht");
        ImportQueueStore.Entry jan = queueStore.ofConnection(c.id()).stream()
                .filter(e -> e.values().contains("jan@wacht.example")).findFirst().orElseThrow();
        String decide = queuePage + "/" + jan.id();
        assertThat(shown).contains("action=\"" + decide + "\"");

        // another user can neither see nor decide it
        Employee other = samples.employee("joost", EmployeeRole.USER);
        assertThat(page(other, get(queuePage)).getStatus()).isEqualTo(404);
        assertThat(page(other, post(decide).param("as", "PERSON")).getStatus()).isEqualTo(404);
        assertThat(queueStore.find(jan.id()).orElseThrow().status()).isEqualTo("WAITING");

        // through htmx the answer is the decided row
        MockHttpServletResponse decided = page(user, post(decide).param("as", "PERSON").header("HX-Request", "true"));
        assertThat(decided.getStatus()).isEqualTo(200);
        ImportQueueStore.Entry after = queueStore.find(jan.id()).orElseThrow();
        assertThat(after.status()).isEqualTo("IMPORTED");
        Person person = (Person) relations.find(RelationKind.PERSON, after.crmId());
        assertThat(person.lastName()).isEqualTo("Wacht");
        assertThat(decided.getContentAsString()).doesNotContain("<html")
                .contains("id=\"queue-entry-" + jan.id() + "\"", "href=\"/relations/" + after.crmId() + "\"", "Person");

        // deciding again says so
        MockHttpServletResponse again = page(user, post(decide).param("as", "LEAD"));
        assertThat(again.getRedirectedUrl()).isEqualTo(queuePage);
        assertThat(queueStore.find(jan.id()).orElseThrow().crmId()).isEqualTo(after.crmId());

        String now = page(user, get(queuePage)).getContentAsString();
        assertThat(now).containsPattern("(?s)Waiting.*Later.*Decided.*Wacht.*href=\"/relations/" + after.crmId() + "\"");
        assertThat(page(user, get("/connections/" + c.id())).getContentAsString()).contains("1 contact waits");
    }

    private MockHttpServletResponse page(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }
}
