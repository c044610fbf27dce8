package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The relation form's list parts and the relation page's own changes (groups, converting a lead). */
@OnH2
@AutoConfigureMockMvc
class RelationEditPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Relations relations;
    @Autowired CustomFields customFields;
    @Autowired Groups groups;
    @Autowired ChangeLogStore changeLog;
    @Autowired org.koppel.store.ConnectionStore connectionStore;

    private Employee user;

    @BeforeEach
    void signIn() {
        user = samples.employee("edith", EmployeeRole.USER);
    }

    @Test
    void theFormStoresContactRolesAddressesTypesAndCustomValuesInOneChange() throws Exception {
        String key = "shoeSize" + System.nanoTime() % 100000;
        customFields.create(new CustomField(null, null, RelationKind.PERSON, key, "Shoe size", CustomFieldType.NUMBER,
                List.of(), null, null, null), Origin.system());
        Organisation firm = samples.organisation("Schoenmakerij Hak", user.id());
        Person person = samples.person("Hanna", null, "Hakker", user.id());

        MockHttpServletResponse response = perform(editOf(person)
                .param("_contactRoles", "shown")
                .param("contactRoles[0].organisationId", firm.id().toString())
                .param("contactRoles[0].organisationName", "Schoenmakerij Hak")
                .param("contactRoles[0].jobTitle", "Stikster").param("contactRoles[0].email", "hanna@hak.nl")
                .param("contactRoles[7].organisationName", "").param("contactRoles[7].jobTitle", "")
                .param("_addresses", "shown")
                .param("addresses[3].type", "POSTAL").param("addresses[3].street", "Leest").param("addresses[3].city", "Tilburg")
                .param("addresses[9].type", "VISITING").param("addresses[9].city", "Breda").param("addresses[9].country", "nl")
                .param("_relationTypes", "shown").param("relationTypes", "customer, supplier, customer")
                .param("_customFields", "shown").param("customFields." + key, "42.5"));

        assertThat(response.getRedirectedUrl()).isEqualTo("/relations/" + person.id());
        Person stored = (Person) relations.find(RelationKind.PERSON, person.id());
        assertThat(stored.contactRoles()).containsExactly(new ContactRole(firm.id(), "hanna@hak.nl", null, null, "Stikster"));
        assertThat(stored.addresses()).containsExactly(
                new Address(AddressType.POSTAL, "Leest", null, null, "Tilburg", null, null),
                new Address(AddressType.VISITING, null, null, null, "Breda", null, "NL"));
        assertThat(stored.relationTypes()).containsExactly("customer", "supplier");
        assertThat(stored.customFields()).containsEntry(key, new BigDecimal("42.5"));
        var logged = changeLog.forRecord(RecordType.PERSON, person.id(), 1).getFirst();
        assertThat(logged.fields()).contains("contactRoles", "addresses", "relationTypes", "customFields");
        assertThat(logged.origin()).isEqualTo(Origin.user(user.id()));

        String page = perform(get("/relations/" + person.id() + "/edit")).getContentAsString();
        assertThat(page).contains("value=\"Schoenmakerij Hak\"", "value=\"Stikster\"", "value=\"Tilburg\"",
                "value=\"customer, supplier\"", "value=\"42.5\"", "name=\"addresses[1].city\"",
                "hx-get=\"/relations/rows/address?index=2\"");
    }

    @Test
    void rejectedRowsAndCustomValuesAreShownAtTheirInputAndNothingIsStored() throws Exception {
        String key = "visits" + System.nanoTime() % 100000;
        customFields.create(new CustomField(null, null, RelationKind.ORGANISATION, key, "Visits per year",
                CustomFieldType.NUMBER, List.of(), null, null, null), Origin.system());
        Organisation firm = samples.organisation("Weigeraar BV", user.id());

        MockHttpServletResponse response = perform(post("/relations/" + firm.id())
                .param("version", firm.version().toString()).param("name", "Weigeraar BV")
                .param("managerId", user.id().toString())
                .param("_addresses", "shown").param("addresses[0].type", "VISITING")
                .param("addresses[0].city", "Eindhoven").param("addresses[0].country", "Nederland")
                .param("_customFields", "shown").param("customFields." + key, "veel"));

        assertThat(response.getStatus()).isEqualTo(422);
        String page = response.getContentAsString();
        assertThat(page).contains("Nothing was saved", "value=\"Nederland\"", "value=\"veel\"");
        assertThat(page).containsPattern("(?s)id=\"addresses\\[0\\]\\.country\"[^>]*>\\s*<p class=\"problem\"[^>]*>"
                + "&#39;NEDERLAND&#39; is not a two-letter");
        assertThat(page).containsPattern("(?s)id=\"customFields\\." + key + "\"[^>]*>\\s*<p class=\"problem\"[^>]*>must be a number");
        Organisation stored = (Organisation) relations.find(RelationKind.ORGANISATION, firm.id());
        assertThat(stored.version()).isEqualTo(firm.version());
        assertThat(stored.addresses()).isEmpty();
    }

    @Test
    void aContactRoleWhoseOrganisationWasNotPickedIsRefusedAtTheOrganisationInput() throws Exception {
        Person person = samples.person("Otto", null, "Ongekozen", user.id());

        MockHttpServletResponse response = perform(editOf(person).param("_contactRoles", "shown")
                .param("contactRoles[0].organisationId", "").param("contactRoles[0].organisationName", "Nergens BV")
                .param("contactRoles[0].jobTitle", "Baas"));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString()).contains("value=\"Nergens BV\"")
                .containsPattern("(?s)organisation-choices-0\"></ul>.*?<p class=\"problem\"[^>]*>is required");
        assertThat(relations.find(null, person.id()).version()).isEqualTo(person.version());
    }

    @Test
    void aStaleVersionKeepsTheRowsAsTypedAndStoresNothing() throws Exception {
        Person person = samples.person("Stien", null, "Straat", user.id());
        relations.update(RelationKind.PERSON, person.id(), person.version(), samples.withLastName(person, "Straatman"),
                Origin.system());

        MockHttpServletResponse response = perform(editOf(person).param("_addresses", "shown")
                .param("addresses[0].type", "PRIVATE").param("addresses[0].street", "Nieuwstraat"));

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentAsString()).contains("Someone else changed this relation meanwhile",
                "Reload this relation", "value=\"Nieuwstraat\"");
        assertThat(relations.find(null, person.id()).addresses()).isEmpty();
    }

    @Test
    void addButtonsAnswerWithANewRowAndTheButtonForTheNext() throws Exception {
        String address = perform(get("/relations/rows/address").param("index", "4").header("HX-Request", "true"))
                .getContentAsString();
        String role = perform(get("/relations/rows/role").param("index", "2").header("HX-Request", "true"))
                .getContentAsString();

        assertThat(address).contains("name=\"addresses[4].street\"", "hx-get=\"/relations/rows/address?index=5\"")
                .doesNotContain("<html");
        assertThat(role).contains("name=\"contactRoles[2].organisationId\"", "hx-get=\"/relations/rows/role?index=3\"",
                "/relations/organisation-choices?row=2");
    }

    @Test
    void organisationSearchOffersOrganisationsOnly() throws Exception {
        Organisation firm = samples.organisation("Zoekhuis Organisatie", user.id());
        samples.person("Zoekhuis", null, "Persoon", user.id());

        String choices = perform(get("/relations/organisation-choices").param("row", "1")
                .param("contactRoles[1].organisationName", "zoekhuis")).getContentAsString();

        assertThat(choices).contains("data-pick-organisation=\"" + firm.id() + "\"", "data-row=\"1\"",
                "Zoekhuis Organisatie").doesNotContain("Persoon");
    }

    @Test
    void anOrganisationsPageListsItsPeopleWithTheirRoleAndAPersonsPageItsOrganisations() throws Exception {
        Organisation firm = samples.organisation("Bouwbedrijf Mensen", user.id());
        Person worker = (Person) relations.create(new Person(null, null, null, "Wim", null, null, "Werker", null, null,
                null, null, null, null, List.of(new ContactRole(firm.id(), "wim@mensen.nl", "030 123 4567", null, "Uitvoerder")),
                null, user.id(), List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null), Origin.system());

        String organisationPage = perform(get("/relations/" + firm.id())).getContentAsString();
        String personPage = perform(get("/relations/" + worker.id())).getContentAsString();

        assertThat(organisationPage).contains("id=\"people\"", "href=\"/relations/" + worker.id() + "\">Wim Werker</a>",
                "Uitvoerder", "wim@mensen.nl", "data-label=\"Job title\"");
        assertThat(personPage).contains("href=\"/relations/" + firm.id() + "\">Bouwbedrijf Mensen</a>");
        String newPerson = perform(get("/relations/new").param("kind", "person").param("organisation", firm.id().toString()))
                .getContentAsString();
        assertThat(organisationPage).contains("/relations/new?kind=person&amp;organisation=" + firm.id());
        assertThat(newPerson).contains("name=\"contactRoles[0].organisationId\" value=\"" + firm.id() + "\"",
                "value=\"Bouwbedrijf Mensen\"");
    }

    @Test
    void theRelationPageAddsToAGroupAndTakesOutOfIt() throws Exception {
        Person person = samples.person("Gijs", null, "Groep", user.id());
        Group group = groups.create(new Group(null, null, "Klanten " + System.nanoTime(), "Outlook", user.id(), false,
                List.of(), null, null), GroupEditor.system());

        String page = perform(get("/relations/" + person.id())).getContentAsString();
        assertThat(page).contains("Not in any group", "<option value=\"" + group.id() + "\"");
        perform(post("/relations/" + person.id() + "/groups").param("groupId", group.id().toString())
                .param("member", "true"));
        assertThat(groups.find(group.id()).memberIds()).containsExactly(person.id());

        Group joined = groups.find(group.id());
        perform(post("/relations/" + person.id() + "/groups").param("groupId", group.id().toString())
                .param("version", joined.version().toString()).param("member", "false"));
        assertThat(groups.find(group.id()).memberIds()).isEmpty();
    }

    @Test
    void someoneElsesPrivateGroupIsRefusedWithItsReason() throws Exception {
        var other = samples.employee("otheowner", EmployeeRole.USER);
        Person person = samples.person("Pien", null, "Privé", user.id());
        Group group = groups.create(new Group(null, null, "Privé " + System.nanoTime(), "Outlook", other.id(), false,
                List.of(), null, null), GroupEditor.system());

        var result = mvc.perform(post("/relations/" + person.id() + "/groups")
                .param("groupId", group.id().toString()).param("member", "true").with(as(user)).with(csrf())).andReturn();

        assertThat(result.getFlashMap().get("failure").toString()).contains("was not changed", "is private");
        assertThat(groups.find(group.id()).memberIds()).isEmpty();
    }

    @Test
    void convertingALeadFromItsPageOpensTheNewPerson() throws Exception {
        Lead lead = (Lead) relations.create(new Lead(null, null, "Omzetterij " + System.nanoTime(), "Lotte", null,
                "Leidster", "lotte@omzet.nl", null, null, "Directeur", "beurs", LeadStatus.CONTACTED, user.id(),
                List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null), Origin.system());

        String page = perform(get("/relations/" + lead.id())).getContentAsString();
        assertThat(page).contains("Convert this lead", "id=\"convert-organisation\"");

        MockHttpServletResponse response = perform(post("/relations/" + lead.id() + "/convert")
                .param("version", lead.version().toString()).param("organisation", "true").param("person", "true"));

        Lead concluded = (Lead) relations.find(RelationKind.LEAD, lead.id());
        assertThat(concluded.former()).isTrue();
        assertThat(concluded.status()).isEqualTo(LeadStatus.QUALIFIED);
        String location = response.getRedirectedUrl();
        Person person = (Person) relations.find(RelationKind.PERSON, Long.parseLong(location.substring("/relations/".length())));
        assertThat(person.lastName()).isEqualTo("Leidster");
        assertThat(person.contactRoles()).singleElement().satisfies(r -> assertThat(r.jobTitle()).isEqualTo("Directeur"));
        assertThat(changeLog.forRecord(RecordType.PERSON, person.id(), 1).getFirst().origin()).isEqualTo(Origin.user(user.id()));
    }

    @Test
    void convertingAStaleLeadConvertsNothingAndSaysSo() throws Exception {
        Lead lead = (Lead) relations.create(new Lead(null, null, null, null, null, "Verouderd", null, null, null, null,
                null, null, user.id(), List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null),
                Origin.system());

        var result = mvc.perform(post("/relations/" + lead.id() + "/convert")
                .param("version", String.valueOf(lead.version() - 1)).param("person", "true").with(as(user)).with(csrf()))
                .andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/relations/" + lead.id());
        assertThat(result.getFlashMap().get("failure").toString()).contains("changed this lead meanwhile");
        assertThat(relations.find(null, lead.id()).former()).isFalse();
    }

    @Test
    void historyShowsOldAndNewValuesAndWhoMadeTheChangeByName() throws Exception {
        Person person = samples.person("Hilde", null, "Smid", user.id());
        long connection = connectionStore.insert("memory", "Hildes iPhone", user.id(), Map.of(), null,
                java.time.Instant.now());
        perform(post("/relations/" + person.id()).param("version", person.version().toString())
                .param("firstName", "Hilde").param("lastName", "Smit").param("managerId", user.id().toString())
                .param("_relationTypes", "shown")
                .param("relationTypes", "customer"));
        Person edited = (Person) relations.find(RelationKind.PERSON, person.id());
        relations.update(RelationKind.PERSON, person.id(), edited.version(), samples.withLastName(edited, "Smits"),
                Origin.connection(connection));

        String page = perform(get("/relations/" + person.id())).getContentAsString();

        assertThat(page).containsPattern("(?s)sync with Hildes iPhone</span>\\s*<ul class=\"changed-values\">\\s*<li>\\s*"
                + "<span class=\"field-name\">Last name</span>:\\s*<del>Smit</del> → <ins>Smits</ins>");
        assertThat(page).containsPattern("(?s)Last name</span>:\\s*<del>Smid</del> → <ins>Smit</ins>");
        assertThat(page).containsPattern("(?s)Relation types</span>:\\s*<del>—</del> → <ins>customer</ins>");
        assertThat(page).contains("edith");
    }

    private static MockHttpServletRequestBuilder editOf(Person p) {
        return post("/relations/" + p.id()).param("version", p.version().toString())
                .param("firstName", p.firstName() == null ? "" : p.firstName())
                .param("lastName", p.lastName()).param("managerId", p.managerId().toString());
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(user)).with(csrf())).andReturn().getResponse();
    }
}
