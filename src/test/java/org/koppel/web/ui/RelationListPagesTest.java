package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The relation list page's sorting, page size, saved filters, bulk form and CSV import pages. */
@OnH2
@AutoConfigureMockMvc
class RelationListPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired Groups groups;

    private Employee user;
    private String token;
    private static int sequence;

    @BeforeEach
    void signIn() {
        user = samples.employee("pager", EmployeeRole.USER);
        token = "zp" + Long.toString(System.nanoTime(), 36) + (sequence++);
    }

    private Person person(String first, long manager) {
        return (Person) relations.create(Samples.person(first, null, token, manager, List.of()), Origin.system());
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(user)).with(csrf())).andReturn().getResponse();
    }

    @Test
    void sortLinksKeepTheFilterAndPageSizeAndTurnTheDirectionOfTheSortedColumn() throws Exception {
        for (int i = 0; i < 3; i++) person("P" + i, user.id());
        String page = perform(get("/relations").param("q", token).param("manager", String.valueOf(user.id()))
                .param("sort", "city").param("size", "50")).getContentAsString();

        assertThat(page).contains("aria-sort=\"ascending\"")
                .contains("href=\"/relations?q=" + token + "&amp;manager=" + user.id() + "&amp;sort=city&amp;dir=desc&amp;size=50\"")
                .as("another column starts ascending, from the first page")
                .contains("href=\"/relations?q=" + token + "&amp;manager=" + user.id() + "&amp;size=50\"")
                .as("changed starts with the newest")
                .contains("href=\"/relations?q=" + token + "&amp;manager=" + user.id() + "&amp;sort=changed&amp;size=50\"");
        assertThat(page).contains("<option value=\"50\" selected=\"selected\">50</option>");
    }

    @Test
    void pagerKeepsFilterSortAndPageSize() throws Exception {
        for (int i = 0; i < 30; i++) person("R" + (char) ('a' + i % 26) + i, user.id());
        String page = perform(get("/relations").param("q", token).param("sort", "name").param("dir", "desc"))
                .getContentAsString();
        assertThat(page).contains("1–25 of 30 relations")
                .contains("href=\"/relations?q=" + token + "&amp;dir=desc&amp;page=1\" rel=\"next\"");
        String big = perform(get("/relations").param("q", token).param("size", "100")).getContentAsString();
        assertThat(big).contains("1–30 of 30 relations").doesNotContain("rel=\"next\"");
    }

    @Test
    void aSavedFilterIsOfferedOnTheListAndDeletedFromIt() throws Exception {
        var saved = perform(post("/relations/saved-filters").param("filterName", "Mine " + token)
                .param("manager", String.valueOf(user.id())).param("sort", "changed"));
        assertThat(saved.getStatus()).isEqualTo(302);
        assertThat(saved.getRedirectedUrl()).contains("manager=" + user.id(), "sort=changed");

        String page = perform(get("/relations")).getContentAsString();
        assertThat(page).contains(">Mine " + token + "</a>")
                .contains("href=\"/relations?manager=" + user.id() + "&amp;sort=changed\"");
        var again = mvc.perform(post("/relations/saved-filters").param("filterName", "Mine " + token).with(as(user))
                .with(csrf())).andReturn();
        assertThat(again.getFlashMap().get("saveProblem")).isEqualTo("lists.saved.taken");

        String id = page.replaceAll("(?s).*action=\"/relations/saved-filters/(\\d+)/delete\".*", "$1");
        assertThat(perform(post("/relations/saved-filters/" + id + "/delete")).getStatus()).isEqualTo(302);
        assertThat(perform(get("/relations")).getContentAsString()).doesNotContain("Mine " + token);
    }

    @Test
    void selectAllMatchingReassignsEveryRelationOfTheFilterNotOnlyThoseOnThePage() throws Exception {
        long leaver = samples.employee("leaver");
        long colleague = samples.employee("colleague");
        for (int i = 0; i < 30; i++) person("L" + i, leaver);

        String list = perform(get("/relations").param("manager", String.valueOf(leaver))).getContentAsString();
        assertThat(list).contains("Select all 30 matching this filter", "name=\"ids\"");

        String result = perform(post("/relations/bulk").param("manager", String.valueOf(leaver)).param("scope", "all")
                .param("action", "reassign-manager").param("employee", String.valueOf(colleague))).getContentAsString();
        assertThat(result).contains("30 changed, 0 already as asked, 0 refused.");
        assertThat(relations.search(new RelationQuery(null, token, null, null, colleague, null, null, false, null, null,
                0, 50)).total()).isEqualTo(30);
    }

    @Test
    void bulkDeleteAsksFirstNamingTheCountThenDeletes() throws Exception {
        Person a = person("A", user.id());
        Person b = person("B", user.id());
        String confirm = perform(post("/relations/bulk").param("ids", a.id().toString(), b.id().toString())
                .param("action", "delete")).getContentAsString();
        assertThat(confirm).contains("<h1>Delete 2 relations?</h1>");
        assertThat(relations.find(RelationKind.PERSON, a.id()).deleted()).isFalse();

        String done = perform(post("/relations/bulk").param("ids", a.id().toString(), b.id().toString())
                .param("action", "delete").param("confirmed", "true")).getContentAsString();
        assertThat(done).contains("2 changed");
        assertThat(relations.find(RelationKind.PERSON, a.id()).deleted()).isTrue();
    }

    @Test
    void addToGroupOfAllMatchingAGroupFilterTakesTheChosenGroupNotTheFilteredOne() throws Exception {
        var from = groups.create(new Group(null, null, "From " + token, "Main", user.id(), false, List.of(), null, null),
                GroupEditor.system());
        var to = groups.create(new Group(null, null, "To " + token, "Main", user.id(), false, List.of(), null, null),
                GroupEditor.system());
        Person a = person("A", user.id());
        groups.update(from.id(), null, new Group(from.id(), from.version(), from.name(), from.mainGroup(), from.ownerId(),
                false, List.of(a.id()), null, null), GroupEditor.system());

        String page = perform(post("/relations/bulk").param("group", from.id().toString()).param("scope", "all")
                .param("action", "add-to-group").param("targetGroup", to.id().toString())).getContentAsString();
        assertThat(page).contains("1 changed");
        assertThat(groups.find(to.id()).memberIds()).containsExactly(a.id());
    }

    @Test
    void bulkWithoutAnEmployeeSaysWhatIsMissing() throws Exception {
        Person a = person("A", user.id());
        String page = perform(post("/relations/bulk").param("ids", a.id().toString()).param("action", "reassign-manager"))
                .getContentAsString();
        assertThat(page).contains("Choose the employee who takes the relations over.");
    }

    @Test
    void importGuessesTheColumnsShowsTheDryRunsRowProblemsThenImportsTheValidRows() throws Exception {
        var session = new MockHttpSession();
        String csv = "\uFEFFVoornaam;Achternaam;E-mail;Woonplaats\r\nAnna;Jansen " + token + ";anna-" + token
                + "@example.nl;Gouda\r\nBen;Bos " + token + ";geen-mail;Delft\r\n";
        var file = new MockMultipartFile("file", "mensen.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        String mapping = mvc.perform(multipart("/relations/import").file(file).param("kind", "person").session(session)
                .with(as(user)).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(mapping).contains("mensen.csv: 2 rows")
                .contains("<option value=\"firstName\" selected=\"selected\">First name</option>")
                .contains("<option value=\"city\" selected=\"selected\">City</option>");

        String dry = mvc.perform(post("/relations/import/check").session(session).param("map.0", "firstName")
                .param("map.1", "lastName").param("map.2", "email").param("map.3", "city").param("run", "false")
                .with(as(user)).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(dry).contains("1 rows would be created, 1 not.", "Import 1 valid rows")
                .containsPattern("(?s)<td data-label=\"Row\">3</td>.*<td data-label=\"Column\">E-mail</td>");
        assertThat(relations.search(new RelationQuery(null, token, null, null, null, null, null, false, null, null,
                0, 10)).total()).as("a dry run stores nothing").isZero();

        String done = mvc.perform(post("/relations/import/check").session(session).param("map.0", "firstName")
                .param("map.1", "lastName").param("map.2", "email").param("map.3", "city").param("run", "true")
                .with(as(user)).with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(done).contains("1 relations created, 1 rows not imported.");
        assertThat(relations.search(new RelationQuery(null, token, null, null, null, null, null, false, null, null,
                0, 10)).total()).isEqualTo(1);
    }

    @Test
    void importOfAFileNotInUtf8SaysSoOnTheUploadPage() throws Exception {
        var file = new MockMultipartFile("file", "oud.csv", "text/csv", "Naam\nJosé\n".getBytes(StandardCharsets.ISO_8859_1));
        String page = mvc.perform(multipart("/relations/import").file(file).param("kind", "person").with(as(user))
                .with(csrf())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"import-problem\"", "The file is not in UTF-8.").contains("type=\"file\"");
    }

    @Test
    void theListsExportButtonsCarryItsFilterAndSortAndDownloadForExcel() throws Exception {
        person("Export", user.id());
        String page = perform(get("/relations").param("q", token).param("sort", "changed")).getContentAsString();
        assertThat(page).contains("href=\"/relations/export.csv?q=" + token + "&amp;sort=changed\"")
                .contains("href=\"/relations/export.vcf?q=" + token + "&amp;sort=changed\"");

        var started = mvc.perform(get("/relations/export.csv").param("q", token).locale(Locale.forLanguageTag("nl"))
                .with(as(user))).andReturn();
        var csv = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
                .andReturn().getResponse();
        assertThat(csv.getHeader("Content-Disposition")).contains("relations.csv");
        String text = new String(csv.getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(text).as("Dutch Excel reads semicolons").startsWith("\uFEFFid;kind;name;").contains("Export " + token);
    }

    @Test
    void theListSpeaksDutchAndItalian() throws Exception {
        person("Taal", user.id());
        String nl = perform(get("/relations").param("q", token).locale(Locale.forLanguageTag("nl"))).getContentAsString();
        assertThat(nl).contains("<h1>Relaties</h1>", "Opgeslagen filters", "Plaats", "Alles op deze pagina selecteren")
                .doesNotContain("Saved filters", "Select all on this page", "??lists");
        String it = perform(get("/relations").param("q", token).locale(Locale.ITALIAN)).getContentAsString();
        assertThat(it).contains("<h1>Relazioni</h1>", "Filtri salvati", "Città").doesNotContain("??lists");
        String importNl = perform(get("/relations/import").locale(Locale.forLanguageTag("nl"))).getContentAsString();
        assertThat(importNl).contains("Relaties importeren uit CSV").doesNotContain("??lists");
    }

    @Test
    void rowsBecomeCardsWithALabelPerCell() throws Exception {
        person("Kaart", user.id());
        String page = perform(get("/relations").param("q", token)).getContentAsString();
        assertThat(page).contains("<table class=\"list cards\">", "data-label=\"City\"", "data-label=\"Relation manager\"");
    }

}
