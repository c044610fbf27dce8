package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Change;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@OnH2
@AutoConfigureMockMvc
class RelationPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired ChangeLogStore changeLog;
    @Autowired org.koppel.store.ConnectionStore connectionStore;
    @Autowired org.koppel.store.LinkStore links;

    private Employee user;

    @BeforeEach
    void signIn() {
        user = samples.employee("sanne", EmployeeRole.USER);
    }

    @Test
    void liveSearchAnswersWithTheResultsTableOnly() throws Exception {
        samples.person("Quirinus", null, "Zwaluwstaart", user.id());
        samples.person("Quinten", null, "Appelboom", user.id());

        MockHttpServletResponse fragment = perform(get("/relations").param("q", "zwaluw").header("HX-Request", "true"));
        MockHttpServletResponse whole = perform(get("/relations").param("q", "zwaluw"));

        assertThat(fragment.getContentAsString()).startsWith("<section id=\"results\"")
                .contains("Quirinus Zwaluwstaart", "sanne").doesNotContain("Appelboom", "<html", "id=\"filters\"");
        assertThat(whole.getContentAsString()).contains("<html", "id=\"filters\"", "Quirinus Zwaluwstaart");
        assertThat(fragment.getHeaders("Vary")).contains("HX-Request");
    }

    @Test
    void listFiltersByKindManagerAndFormer() throws Exception {
        var other = samples.employee("tijs", EmployeeRole.USER);
        samples.organisation("Kwekerij Filterveld", user.id());
        samples.person("Fenna", null, "Filterveld", user.id());
        Person former = (Person) relations.create(formerPerson("Filterveld-Oud", other.id()), Origin.system());

        String organisations = perform(get("/relations").param("q", "filterveld").param("kind", "organisation"))
                .getContentAsString();
        String managedByOther = perform(get("/relations").param("q", "filterveld").param("manager", other.id().toString()))
                .getContentAsString();
        String formerOnly = perform(get("/relations").param("q", "filterveld").param("former", "yes")).getContentAsString();

        assertThat(organisations).contains("Kwekerij Filterveld").doesNotContain("Fenna Filterveld");
        assertThat(managedByOther).contains(former.displayName()).doesNotContain("Kwekerij Filterveld");
        assertThat(formerOnly).contains(former.displayName(), "badge former").doesNotContain("Fenna Filterveld");
    }

    @Test
    void listPagesThroughManyRelations() throws Exception {
        for (int i = 0; i < RelationFilter.PAGE_SIZE + 2; i++) samples.person("P" + i, null, "Paginagroot", user.id());

        String first = perform(get("/relations").param("q", "paginagroot")).getContentAsString();
        String second = perform(get("/relations").param("q", "paginagroot").param("page", "1")).getContentAsString();

        assertThat(first).contains("Page 1 of 2", "href=\"/relations?q=paginagroot&amp;page=1\"");
        assertThat(second).contains("Page 2 of 2", "26–27 of 27");
    }

    @Test
    void detailSaysWhichSourceSystemARelationComesFromAndWhenItWasDeletedThere() throws Exception {
        Organisation firm = samples.organisation("Advocatenkantoor Bronhouder", user.id());
        long connection = connectionStore.insert("source", "Dossiers Bron", user.id(), java.util.Map.of(), null,
                java.time.Instant.now());
        links.save(connection, org.koppel.sync.DataType.RELATIONS, firm.id(), "100234", "1", org.koppel.sync.Snapshot.EMPTY,
                firm.version(), java.time.Instant.now());

        assertThat(perform(get("/relations/" + firm.id())).getContentAsString())
                .contains("Comes from the source system", "Dossiers Bron", "100234");
        links.save(connection, org.koppel.sync.DataType.RELATIONS, firm.id(), null, null, org.koppel.sync.Snapshot.EMPTY,
                firm.version(), java.time.Instant.now());
        assertThat(perform(get("/relations/" + firm.id())).getContentAsString())
                .contains("where it was deleted").doesNotContain("Comes from the source system");
        assertThat(perform(get("/relations/" + samples.organisation("Eigen Kantoor", user.id()).id())).getContentAsString())
                .doesNotContain("source system");
    }

    @Test
    void detailShowsEverythingAboutAPerson() throws Exception {
        Organisation employer = samples.organisation("Drukkerij Letterzetter", user.id());
        var owner = samples.employee("ugo", EmployeeRole.USER);
        Person person = (Person) relations.create(new Person(null, null, "J.", "Johanna", "Jo", "van", "Dijk",
                java.time.LocalDate.of(1975, 5, 4), null, "Mevr.", "jo@thuis.nl", null, null,
                List.of(new ContactRole(employer.id(), "jo@letterzetter.nl", null, null, "Zetter")), null,
                user.id(), List.of(owner.id()), false, List.of("supplier"),
                List.of(new Address(AddressType.PRIVATE, "Kade", "3", "1011 AB", "Amsterdam", null, "NL")),
                "Liever bellen\nna 10 uur", Map.of(), null, null, null), Origin.user(user.id()));

        String page = perform(get("/relations/" + person.id())).getContentAsString();

        assertThat(page).contains("Jo van Dijk", "Johanna", "1975-05-04", "Mevr.", "jo@thuis.nl", "ugo", "supplier",
                "Kade 3", "1011 AB Amsterdam", "Liever bellen\nna 10 uur", "Zetter", "jo@letterzetter.nl",
                "href=\"/relations/" + employer.id() + "\">Drukkerij Letterzetter</a>", "Created</span>", "Version 1");
    }

    @Test
    void editingKeepsWhatTheFormDoesNotShowAndLogsTheUser() throws Exception {
        Organisation employer = samples.organisation("Smederij Aambeeld", user.id());
        var role = new ContactRole(employer.id(), "kees@aambeeld.nl", null, null, "Smid");
        var address = new Address(AddressType.VISITING, "Hoefijzer", "7", "3511 AA", "Utrecht", null, "NL");
        Person person = (Person) relations.create(new Person(null, null, null, "Kees", null, null, "Smit", null, null,
                null, null, null, null, List.of(role), null, user.id(), List.of(), false, List.of("customer"),
                List.of(address), null, Map.of(), null, null, null), Origin.system());

        MockHttpServletResponse response = perform(editOf(person, "Smid").param("former", "true"));

        assertThat(response.getRedirectedUrl()).isEqualTo("/relations/" + person.id());
        Person stored = (Person) relations.find(RelationKind.PERSON, person.id());
        assertThat(stored.lastName()).isEqualTo("Smid");
        assertThat(stored.former()).isTrue();
        assertThat(stored.contactRoles()).containsExactly(role);
        assertThat(stored.addresses()).containsExactly(address);
        assertThat(stored.relationTypes()).containsExactly("customer");
        Change logged = changeLog.forRecord(RecordType.PERSON, person.id(), 1).getFirst();
        assertThat(logged.fields()).containsExactlyInAnyOrder("lastName", "former");
        assertThat(logged.origin()).isEqualTo(Origin.user(user.id()));
    }

    @Test
    void staleVersionShowsTheConflictAndChangesNothing() throws Exception {
        Person person = samples.person("Lies", null, "Verhoef", user.id());
        Person changedMeanwhile = (Person) relations.update(RelationKind.PERSON, person.id(), person.version(),
                samples.withLastName(person, "Verhoeven"), Origin.system());

        MockHttpServletResponse response = perform(editOf(person, "Verhoef-Jansen"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentAsString()).contains("Someone else changed this relation meanwhile",
                "Reload this relation", "value=\"Verhoef-Jansen\"");
        Person stored = (Person) relations.find(RelationKind.PERSON, person.id());
        assertThat(stored.lastName()).isEqualTo("Verhoeven");
        assertThat(stored.version()).isEqualTo(changedMeanwhile.version());
    }

    @Test
    void invalidEmailShowsTheReasonAtTheFieldKeepsTheInputAndStoresNothing() throws Exception {
        Person person = samples.person("Mila", null, "Mulder", user.id());

        MockHttpServletResponse response = perform(editOf(person, "Mulder-Bos")
                .param("privateEmail", "mila-at-home"));

        assertThat(response.getStatus()).isEqualTo(422);
        String page = response.getContentAsString();
        assertThat(page).contains("Nothing was saved", "value=\"Mulder-Bos\"", "value=\"mila-at-home\"");
        assertThat(page).containsPattern("(?s)id=\"privateEmail\"[^>]*>\\s*<p class=\"problem\"[^>]*>"
                + "&#39;mila-at-home&#39; is not an e-mail address");
        Person stored = (Person) relations.find(RelationKind.PERSON, person.id());
        assertThat(stored.lastName()).isEqualTo("Mulder");
        assertThat(stored.version()).isEqualTo(person.version());
    }

    @Test
    void theWritePathsReasonsAreShownInTheReadersLanguage() throws Exception {
        Person person = samples.person("Mila", null, "Mulder", user.id());

        String dutch = perform(editOf(person, "Mulder-Bos").param("privateEmail", "mila-at-home")
                .header("Accept-Language", "nl")).getContentAsString();
        String italian = perform(editOf(person, "Mulder-Bos").param("privateEmail", "mila-at-home")
                .header("Accept-Language", "it")).getContentAsString();

        assertThat(dutch).containsPattern("(?s)id=\"privateEmail\"[^>]*>\\s*<p class=\"problem\"[^>]*>"
                + "&#39;mila-at-home&#39; is geen e-mailadres").contains("Er is niets opgeslagen")
                .doesNotContain("is not an e-mail address");
        assertThat(italian).contains("&#39;mila-at-home&#39; non è un indirizzo e-mail");
    }

    @Test
    void creatingThroughTheFormStoresTheRelationWithTheUserAsOrigin() throws Exception {
        MockHttpServletResponse response = perform(post("/relations").param("kind", "ORGANISATION")
                .param("name", "Bakkerij Nieuwbrood").param("cocNumber", "12345678")
                .param("managerId", user.id().toString()));

        var found = relations.search(query("Nieuwbrood")).items();
        assertThat(found).singleElement().satisfies(r -> {
            assertThat(r).isInstanceOf(Organisation.class);
            assertThat(((Organisation) r).cocNumber()).isEqualTo("12345678");
            assertThat(response.getRedirectedUrl()).isEqualTo("/relations/" + r.id());
            assertThat(changeLog.forRecord(RecordType.ORGANISATION, r.id(), 1).getFirst().origin())
                    .isEqualTo(Origin.user(user.id()));
        });
    }

    @Test
    void creatingWithoutARequiredFieldStoresNothing() throws Exception {
        MockHttpServletResponse response = perform(post("/relations").param("kind", "PERSON")
                .param("firstName", "Naamloos").param("managerId", user.id().toString()));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString()).containsPattern("(?s)id=\"lastName\"[^>]*>\\s*<p class=\"problem\"[^>]*>is required")
                .contains("value=\"Naamloos\"");
        assertThat(relations.search(query("Naamloos")).total()).isZero();
    }

    @Test
    void newFormStartsWithTheUserAsRelationManager() throws Exception {
        String page = perform(get("/relations/new").param("kind", "lead")).getContentAsString();

        assertThat(page).contains("New lead", "name=\"companyName\"")
                .containsPattern("<option value=\"" + user.id() + "\" selected=\"selected\">sanne</option>");
    }

    @Test
    void deleteShowsARestoreBannerAndRestoreBringsTheRelationBack() throws Exception {
        Person person = samples.person("Daan", null, "Weg", user.id());

        perform(post("/relations/" + person.id() + "/delete"));
        String deletedPage = perform(get("/relations/" + person.id())).getContentAsString();
        assertThat(relations.find(null, person.id()).deleted()).isTrue();
        assertThat(deletedPage).contains("This relation is deleted", "/relations/" + person.id() + "/restore")
                .doesNotContain("/relations/" + person.id() + "/edit");

        perform(post("/relations/" + person.id() + "/restore"));
        assertThat(relations.find(null, person.id()).deleted()).isFalse();
    }

    @Test
    void syncFlagToggleAnswersHtmxWithTheNewButton() throws Exception {
        Person person = samples.person("Sien", null, "Adresboek", user.id());

        MockHttpServletResponse on = perform(post("/relations/" + person.id() + "/sync-flag").param("flagged", "true")
                .header("HX-Request", "true"));
        assertThat(relations.isSyncFlagged(person.id(), user.id())).isTrue();
        assertThat(on.getContentAsString()).startsWith("<form").contains("In my address book", "value=\"false\"");

        perform(post("/relations/" + person.id() + "/sync-flag").param("flagged", "false").header("HX-Request", "true"));
        assertThat(relations.isSyncFlagged(person.id(), user.id())).isFalse();
    }

    @Test
    void userTextIsEscaped() throws Exception {
        Person person = samples.person("<b>Vet</b>", null, "<script>alert(1)</script>", user.id());

        String page = perform(get("/relations/" + person.id())).getContentAsString();
        String list = perform(get("/relations").param("q", "alert(1)")).getContentAsString();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert", "<b>Vet");
        assertThat(list).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
    }

    @Test
    void unknownRelationGetsANotFoundPage() throws Exception {
        MockHttpServletResponse response = perform(get("/relations/987654"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).contains("Relation 987654 does not exist.", "Signed in as");
    }

    /** The edit form of a person as the browser sends it, with a new last name. */
    private static MockHttpServletRequestBuilder editOf(Person p, String lastName) {
        return post("/relations/" + p.id()).param("version", p.version().toString())
                .param("firstName", p.firstName() == null ? "" : p.firstName())
                .param("lastName", lastName).param("managerId", p.managerId().toString());
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(user)).with(csrf())).andReturn().getResponse();
    }

    private static RelationQuery query(String q) {
        return new RelationQuery(null, q, null, null, null, null, null, false, null, null, 0, 10);
    }

    private static Person formerPerson(String lastName, long manager) {
        return new Person(null, null, null, "Oud", null, null, lastName, null, null, null, null, null, null,
                List.of(), null, manager, List.of(), true, List.of(), List.of(), null, Map.of(), null, null, null);
    }
}
