package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.koppel.web.ui.UiUsers.principal;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ContactReviewStore;
import org.koppel.sync.ContactSlots;
import org.koppel.testkit.MemoryContactPeer;
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
class ReviewPageTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired Connections connections;
    @Autowired SyncRunner runner;
    @Autowired MemoryPeers peers;
    @Autowired ContactReviewStore reviews;

    @Test
    void bothVersionsAreShownAndRejectingPutsKoppelsVersionBack() throws Exception {
        Employee user = samples.employee("reviewer", EmployeeRole.USER);
        Connection c = connections.create("memory", "Outlook", Map.of(), "secret", principal(user));
        Person p = Samples.person("Petra", "de", "Vries", user.id(), List.of());
        Person petra = (Person) relations.create(new Person(null, null, null, p.firstName(), null, p.infix(), p.lastName(),
                null, null, null, "info@abcbedrijf.nl", null, null, List.of(), null, user.id(), List.of(), false, List.of(),
                List.of(), null, Map.of(), null, null, null), Origin.system());
        runner.run(c.id(), "test");
        MemoryContactPeer outlook = peers.of(c.id());
        String id = "koppel-" + petra.id();
        outlook.userEdits(id, ContactSlots.GIVEN_NAME, "Geert");
        outlook.userEdits(id, ContactSlots.FAMILY_NAME, "Dijk");
        outlook.userEdits(id, ContactSlots.INFIX, "van");
        runner.run(c.id(), "test");
        String reviewsPage = "/connections/" + c.id() + "/reviews";

        assertThat(page(user, get("/connections/" + c.id())).getContentAsString())
                .contains("1 contact was", "href=\"" + reviewsPage + "\"", "Review (1 waiting)");
        String shown = page(user, get(reviewsPage)).getContentAsString();
        assertThat(shown).containsPattern("(?s)first name</td>\\s*<td[^>]*>Petra</td>\\s*<td[^>]*>Geert</td>")
                .contains("info@abcbedrijf.nl", "Reject: keep Koppel", "Accept the address book")
                // the contact by its name, not by its number
                .containsPattern("<a href=\"/relations/" + petra.id() + "\">" + petra.displayName() + "</a>");
        assertThat(mvc.perform(get(reviewsPage).with(as(user)).header("Accept-Language", "nl")).andReturn().getResponse()
                .getContentAsString()).containsPattern("(?s)voornaam</td>\\s*<td[^>]*>Petra</td>")
                .contains("Afwijzen: versie van Koppel houden", "Beoordelingen van Outlook");
        long review = reviews.open(c.id()).getFirst().id();

        Employee other = samples.employee("nosy", EmployeeRole.USER);
        assertThat(page(other, get(reviewsPage)).getStatus()).isEqualTo(404);
        assertThat(page(other, post(reviewsPage + "/" + review).param("decision", "accept")).getStatus()).isEqualTo(404);

        MockHttpServletResponse decided = page(user, post(reviewsPage + "/" + review).param("decision", "reject"));
        assertThat(decided.getRedirectedUrl()).isEqualTo(reviewsPage);
        runner.run(c.id(), "test");

        assertThat(outlook.contents().get(id).get(ContactSlots.GIVEN_NAME)).isEqualTo("Petra");
        assertThat(((Person) relations.find(RelationKind.PERSON, petra.id())).firstName()).isEqualTo("Petra");
        assertThat(page(user, get(reviewsPage)).getContentAsString())
                .contains("rejected; Koppel&#39;s values were written back").doesNotContain("Reject: keep");
    }

    private MockHttpServletResponse page(Employee employee, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(employee)).with(csrf())).andReturn().getResponse();
    }
}
