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
import org.koppel.crm.Origin;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The groups page (everyone, within GroupRights) and the custom-fields page (admins). */
@OnH2
@AutoConfigureMockMvc
class GroupAndCustomFieldPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Groups groups;
    @Autowired CustomFields customFields;
    @Autowired Relations relations;
    @Autowired Employees employees;

    private Employee user;

    @BeforeEach
    void signIn() {
        user = samples.employee("greetje", EmployeeRole.USER);
    }

    @Test
    void aUserAddsAGroupOfTheirOwnAndRenamesIt() throws Exception {
        String name = "Nieuwsbrief " + System.nanoTime();
        MockHttpServletResponse created = perform(post("/groups").param("name", name).param("mainGroup", "Outlook")
                .param("ownerId", user.id().toString()).param("isPublic", "true"), user);
        Group group = groups.all().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
        assertThat(created.getRedirectedUrl()).isEqualTo("/groups/" + group.id());
        assertThat(group.isPublic()).isTrue();
        assertThat(perform(get("/groups"), user).getContentAsString()).contains("href=\"/groups/" + group.id() + "\"");

        perform(post("/groups/" + group.id()).param("version", group.version().toString()).param("name", name + " NL")
                .param("mainGroup", "Outlook").param("ownerId", user.id().toString()), user);

        Group renamed = groups.find(group.id());
        assertThat(renamed.name()).isEqualTo(name + " NL");
        assertThat(renamed.isPublic()).isFalse();
    }

    @Test
    void aMissingNameIsShownAtTheFieldAndAStaleVersionSaysSomeoneChangedIt() throws Exception {
        Group group = groups.create(new Group(null, null, "Oud " + System.nanoTime(), "Outlook", user.id(), false,
                List.of(), null, null), GroupEditor.system());

        MockHttpServletResponse noName = perform(post("/groups").param("name", "").param("mainGroup", "Outlook")
                .param("ownerId", user.id().toString()), user);
        MockHttpServletResponse stale = perform(post("/groups/" + group.id()).param("version", "0")
                .param("name", "Later").param("mainGroup", "Outlook").param("ownerId", user.id().toString()), user);

        assertThat(noName.getStatus()).isEqualTo(422);
        assertThat(noName.getContentAsString()).containsPattern("(?s)id=\"name\".*?<p class=\"problem\"[^>]*>is required");
        assertThat(stale.getStatus()).isEqualTo(409);
        assertThat(stale.getContentAsString()).contains("Someone else changed this group meanwhile", "Reload this group");
        assertThat(groups.find(group.id()).name()).isEqualTo(group.name());
    }

    @Test
    void someoneElsesPrivateGroupCannotBeRenamedOrDeletedAndTheReasonIsShown() throws Exception {
        var owner = samples.employee("groepeigenaar", EmployeeRole.USER);
        Group group = groups.create(new Group(null, null, "Eigen " + System.nanoTime(), "Outlook", owner.id(), false,
                List.of(), null, null), GroupEditor.system());

        MockHttpServletResponse rename = perform(post("/groups/" + group.id()).param("version", group.version().toString())
                .param("name", "Overgenomen").param("mainGroup", "Outlook").param("ownerId", owner.id().toString()), user);
        MockHttpServletResponse delete = perform(post("/groups/" + group.id() + "/delete"), user);

        assertThat(rename.getStatus()).isEqualTo(403);
        assertThat(rename.getContentAsString()).contains("is private");
        assertThat(delete.getStatus()).isEqualTo(403);
        assertThat(groups.find(group.id()).name()).isEqualTo(group.name());
    }

    @Test
    void deletingAGroupSaysItsRelationsStayAndKeepsThem() throws Exception {
        Organisation member = samples.organisation("Blijver BV", user.id());
        Group group = groups.create(new Group(null, null, "Weg " + System.nanoTime(), "Outlook", user.id(), false,
                List.of(member.id()), null, null), GroupEditor.system());

        String page = perform(get("/groups/" + group.id()), user).getContentAsString();
        assertThat(page).contains("Its 1 relations stay as they are", "href=\"/relations/" + member.id() + "\">Blijver BV</a>");
        var result = mvc.perform(post("/groups/" + group.id() + "/delete").with(as(user)).with(csrf())).andReturn();

        assertThat(result.getFlashMap().get("notice").toString()).contains("its 1 relations stay");
        assertThat(groups.all()).noneMatch(g -> g.id().equals(group.id()));
        assertThat(relations.find(null, member.id()).deleted()).isFalse();
    }

    @Test
    void anAdminAddsAPickListFieldThatTheRelationFormThenOffers() throws Exception {
        String key = "branche" + System.nanoTime() % 100000;
        MockHttpServletResponse created = perform(post("/custom-fields").param("recordType", "ORGANISATION")
                .param("key", key).param("label", "Branche").param("type", "PICK_LIST")
                .param("options", "Bouw\r\nZorg\r\n\r\nOnderwijs"), admin());

        assertThat(created.getRedirectedUrl()).isEqualTo("/custom-fields");
        CustomField field = customFields.all().stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
        assertThat(field.options()).containsExactly("Bouw", "Zorg", "Onderwijs");
        Organisation firm = samples.organisation("Keuzelijst BV", user.id());
        assertThat(perform(get("/relations/" + firm.id() + "/edit"), user).getContentAsString())
                .contains("name=\"customFields." + key + "\"", "<option value=\"Zorg\">Zorg</option>");
    }

    @Test
    void aBadKeyIsShownAtItsFieldAndAnOptionInUseCannotBeRemoved() throws Exception {
        String key = "niveau" + System.nanoTime() % 100000;
        CustomField field = customFields.create(new CustomField(null, null, RelationKind.ORGANISATION, key, "Niveau",
                CustomFieldType.PICK_LIST, List.of("A", "B"), null, null, null), Origin.system());
        relations.create(new Organisation(null, null, "Niveau A BV", null, null, null, null, user.id(), List.of(), false,
                List.of(), List.of(), null, Map.of(key, "A"), null, null, null), Origin.system());

        MockHttpServletResponse badKey = perform(post("/custom-fields").param("recordType", "PERSON")
                .param("key", "1 fout").param("label", "Fout").param("type", "TEXT"), admin());
        MockHttpServletResponse dropA = perform(post("/custom-fields/" + field.id())
                .param("version", field.version().toString()).param("label", "Niveau").param("options", "B"), admin());

        assertThat(badKey.getStatus()).isEqualTo(422);
        assertThat(badKey.getContentAsString()).containsPattern("(?s)id=\"key\".*?<p class=\"problem\"[^>]*>must start with a letter");
        assertThat(dropA.getStatus()).isEqualTo(409);
        assertThat(dropA.getContentAsString()).contains("still used by relations");
        assertThat(customFields.find(field.id()).options()).containsExactly("A", "B");
    }

    @Test
    void deletingAFieldInUseNeedsTheValuesConfirmed() throws Exception {
        String key = "lidnummer" + System.nanoTime() % 100000;
        CustomField field = customFields.create(new CustomField(null, null, RelationKind.ORGANISATION, key, "Lidnummer",
                CustomFieldType.TEXT, List.of(), null, null, null), Origin.system());
        relations.create(new Organisation(null, null, "Lid BV", null, null, null, null, user.id(), List.of(), false,
                List.of(), List.of(), null, Map.of(key, "L-1"), null, null, null), Origin.system());

        String page = perform(get("/custom-fields/" + field.id()), admin()).getContentAsString();
        MockHttpServletResponse unconfirmed = perform(post("/custom-fields/" + field.id() + "/delete").param("values", "1"),
                admin());
        assertThat(page).contains("1 relations have a value for it", "Yes, also delete the 1 values");
        assertThat(unconfirmed.getStatus()).isEqualTo(409);
        assertThat(customFields.find(field.id())).isNotNull();

        perform(post("/custom-fields/" + field.id() + "/delete").param("values", "1").param("confirm", "true"), admin());
        assertThat(customFields.all()).noneMatch(f -> f.id().equals(field.id()));
    }

    @Test
    void customFieldsAreForAdminsOnly() throws Exception {
        assertThat(perform(get("/custom-fields"), user).getStatus()).isEqualTo(403);
        assertThat(perform(get("/custom-fields"), admin()).getStatus()).isEqualTo(200);
    }

    private Employee admin() {
        return UiUsers.admin(employees);
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request, Employee as) throws Exception {
        return mvc.perform(request.with(as(as)).with(csrf())).andReturn().getResponse();
    }
}
