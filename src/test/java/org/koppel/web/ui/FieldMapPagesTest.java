package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.RelationKind;
import org.koppel.runtime.FieldMapEditor;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.RowDirection;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Settings → Field mapping: rows by kind in plain words, each change through the editor, refusals explained. */
@OnH2
@AutoConfigureMockMvc
class FieldMapPagesTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Employees employees;
    @Autowired FieldMapEditor editor;
    @Autowired CustomFields customFields;

    @Test
    void anAdminSeesTheRowsGroupedByKindInPlainWordsWithFixedRowsMarkedAndNoRawKeys() throws Exception {
        String page = perform(get("/settings/field-map")).getContentAsString();

        assertThat(page).contains("<h1>Field mapping</h1>", "id=\"kind-any\"", "id=\"kind-contact_person\"", "id=\"kind-lead\"",
                "Every person", "Contact persons", "Organisations", "Chamber of Commerce number", "Work address: city",
                "Visiting address: street and number", "Fixed", "data-label=\"Direction\"", "table class=\"list cards field-map\"");
        assertThat(page).doesNotContain(">familyName<", ">adr.work.city<", ">contactRole.email<", "admin.fieldmap.");
        for (String type : List.of("appointments", "tasks")) {
            assertThat(perform(get("/settings/field-map").param("type", type)).getContentAsString()).as(type)
                    .doesNotContain("admin.fieldmap.", "When the other side gives no value");
        }
        assertThat(perform(get("/settings/sync")).getContentAsString()).as("reachable from the settings")
                .contains("href=\"/settings/field-map\"");
    }

    @Test
    void thePageSpeaksDutchAndItalianToo() throws Exception {
        String nl = mvc.perform(get("/settings/field-map").with(as(UiUsers.admin(employees))).header("Accept-Language", "nl"))
                .andReturn().getResponse().getContentAsString();
        String it = mvc.perform(get("/settings/field-map").param("type", "tasks").with(as(UiUsers.admin(employees)))
                .header("Accept-Language", "it")).andReturn().getResponse().getContentAsString();

        assertThat(nl).contains("Veldkoppeling", "Contactpersonen", "Achternaam", "Beide kanten op", "Vast");
        assertThat(it).contains("Mappatura dei campi", "Scadenza", "Oggetto", "In entrambe le direzioni");
    }

    @Test
    void onlyAdminsReachTheEditor() throws Exception {
        var user = samples.employee("fm-user-" + UUID.randomUUID().toString().substring(0, 6), EmployeeRole.USER);

        assertThat(mvc.perform(get("/settings/field-map").with(as(user))).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aDirectionChangedWithHtmxIsSwappedInAndWithoutScriptTheFormGoesBackToThePage() throws Exception {
        long location = idOf(DataType.APPOINTMENTS, "location");
        try {
            var swapped = perform(post("/settings/field-map/appointments/" + location + "/direction")
                    .param("direction", "CRM_TO_PEER").header("HX-Request", "true"));
            assertThat(swapped.getStatus()).isEqualTo(200);
            assertThat(swapped.getContentAsString()).containsPattern("value=\"CRM_TO_PEER\"\\s+selected");
            assertThat(row(DataType.APPOINTMENTS, location).direction()).isEqualTo(RowDirection.CRM_TO_PEER);

            var plain = perform(post("/settings/field-map/appointments/" + location + "/direction").param("direction", "BOTH"));
            assertThat(plain.getRedirectedUrl()).isEqualTo("/settings/field-map?type=appointments");
        } finally {
            editor.change(DataType.APPOINTMENTS, location, new FieldMapEditor.Change("BOTH", null, null));
        }
        assertThat(row(DataType.APPOINTMENTS, location).direction()).isEqualTo(RowDirection.BOTH);
    }

    @Test
    void aFixedRowCannotBeRemovedAndASlotMappedTwiceIsRefusedWithAReasonInWords() throws Exception {
        long subject = idOf(DataType.TASKS, "subject");

        var fixed = perform(post("/settings/field-map/tasks/" + subject + "/remove").header("HX-Request", "true"));
        var twice = perform(post("/settings/field-map/contacts").param("role", "CONTACT_PERSON").param("crmField", "comment")
                .param("slot", "tel.work"));

        assertThat(fixed.getStatus()).isEqualTo(409);
        assertThat(fixed.getContentAsString()).contains("This row is fixed");
        assertThat(row(DataType.TASKS, subject)).isNotNull();
        assertThat(twice.getStatus()).isEqualTo(409);
        assertThat(twice.getContentAsString()).contains("is mapped already for this kind");
    }

    @Test
    void aCustomPickListIsAddedToItsOwnSlotGetsAChosenDefaultMovesUpAndIsRemoved() throws Exception {
        String key = "branche" + UUID.randomUUID().toString().substring(0, 6);
        customFields.create(new CustomField(null, null, RelationKind.ORGANISATION, key, "Branche", CustomFieldType.PICK_LIST,
                List.of("Bouw", "Zorg"), null, null, null), Origin.system());

        var added = perform(post("/settings/field-map/contacts").param("role", "ORGANISATION").param("crmField", "custom." + key)
                .param("slot", "").param("direction", "BOTH"));
        assertThat(added.getRedirectedUrl()).isEqualTo("/settings/field-map?type=contacts");
        long id = idOf(DataType.CONTACTS, "custom." + key);
        try {
            String page = perform(get("/settings/field-map")).getContentAsString();
            assertThat(page).contains("Custom field: Branche", "The first option (Bouw)", "Always “Zorg”");

            var chosen = perform(post("/settings/field-map/contacts/" + id + "/default").param("choice", "CHOSEN:Zorg")
                    .header("HX-Request", "true"));
            assertThat(chosen.getContentAsString()).containsPattern("value=\"CHOSEN:Zorg\"\\s+selected");
            assertThat(row(DataType.CONTACTS, id).defaultValue()).isEqualTo("Zorg");

            List<Long> before = ids(PersonRole.ORGANISATION);
            perform(post("/settings/field-map/contacts/" + id + "/move").param("up", "true"));
            List<Long> after = ids(PersonRole.ORGANISATION);
            assertThat(after.indexOf(id)).isEqualTo(before.indexOf(id) - 1);
        } finally {
            perform(post("/settings/field-map/contacts/" + id + "/remove"));
        }
        assertThat(editor.rows(DataType.CONTACTS)).noneMatch(r -> r.id() == id);
    }

    private long idOf(DataType type, String crmField) {
        return editor.rows(type).stream().filter(r -> r.crmField().equals(crmField)).findFirst().orElseThrow().id();
    }

    private FieldMapEditor.Shown row(DataType type, long id) {
        return editor.rows(type).stream().filter(r -> r.id() == id).findFirst().orElse(null);
    }

    private List<Long> ids(PersonRole role) {
        return editor.rows(DataType.CONTACTS).stream().filter(r -> r.role() == role).map(FieldMapEditor.Shown::id).toList();
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(as(UiUsers.admin(employees))).with(csrf())).andReturn().getResponse();
    }
}
