package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.relation.RelationKind;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contact field map as admins change it: custom fields mapped to slots, rows removed, fixed rows kept. */
abstract class FieldMapApiContract {

    @LocalServerPort int port;
    @Autowired CustomFields customFields;
    @Autowired Samples samples;

    @Test
    void anAdminMapsACustomFieldToItsSlotSeesTheRowListedAndRemovesIt() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        String key = "sector" + UUID.randomUUID().toString().substring(0, 6);
        customFields.create(new CustomField(null, null, RelationKind.ORGANISATION, key, "Sector", CustomFieldType.PICK_LIST,
                List.of("Bouw", "Zorg"), null, null, null), Origin.system());

        var added = admin.post("/api/v1/field-map/contacts", "{\"role\": \"ORGANISATION\", \"crmField\": \"custom." + key
                + "\", \"slot\": \"custom." + key + "\"}");
        try {
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.body().get("direction").asString()).isEqualTo("BOTH");
            assertThat(added.body().get("fixed").asBoolean()).isFalse();
            assertThat(admin.get("/api/v1/field-map/contacts").body().findValuesAsString("slot")).contains("custom." + key);

            var twice = admin.post("/api/v1/field-map/contacts", "{\"role\": \"ORGANISATION\", \"crmField\": \"custom." + key
                    + "\", \"slot\": \"custom." + key + "\"}");
            assertThat(twice.status()).as("a slot is mapped once per card kind").isEqualTo(409);
        } finally {
            assertThat(admin.delete("/api/v1/field-map/contacts/" + added.id()).status()).isEqualTo(204);
        }
        assertThat(admin.get("/api/v1/field-map/contacts").body().findValuesAsString("slot")).doesNotContain("custom." + key);
    }

    @Test
    void aRowThatNamesNoRoleFieldSlotOrDirectionIsRefusedNamingEach() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);

        var bad = admin.post("/api/v1/field-map/contacts",
                "{\"role\": \"ROBOT\", \"crmField\": \"shoeSize\", \"slot\": \"x.y\", \"direction\": \"SIDEWAYS\"}");
        var badField = admin.post("/api/v1/field-map/contacts",
                "{\"role\": \"LEAD\", \"crmField\": \"cocNumber\", \"slot\": \"custom.kvk\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reasonsFor("role")).isNotEmpty();
        assertThat(bad.reasonsFor("slot")).singleElement().asString().contains("not a contact slot");
        assertThat(bad.reasonsFor("direction")).isNotEmpty();
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.reasonsFor("crmField")).singleElement().asString().contains("not a field of a lead card");
    }

    @Test
    void aCustomFieldThatDoesNotExistForTheCardKindIs404() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);

        var missing = admin.post("/api/v1/field-map/contacts",
                "{\"role\": \"CONTACT_PERSON\", \"crmField\": \"custom.nothing_here\", \"slot\": \"custom.nothing_here\"}");

        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void aFixedRowStaysAndAnUnknownRowIs404() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var rows = admin.get("/api/v1/field-map/contacts").body();
        long fixed = -1;
        for (var row : rows) {
            if (row.get("fixed").asBoolean() && row.get("slot").asString().equals("familyName")) fixed = row.get("id").asLong();
        }

        assertThat(admin.delete("/api/v1/field-map/contacts/" + fixed).status()).isEqualTo(409);
        assertThat(admin.delete("/api/v1/field-map/contacts/999999999").status()).isEqualTo(404);
    }

    @Test
    void onlyAnAdminChangesTheFieldMapWhileEveryoneReadsIt() {
        var employee = samples.employee("fieldmap-" + UUID.randomUUID().toString().substring(0, 6),
                org.koppel.crm.employee.EmployeeRole.USER);
        var asUser = Api.basic(port, employee.login(), Samples.password(employee.login()));

        assertThat(asUser.get("/api/v1/field-map/contacts").status()).isEqualTo(200);
        assertThat(asUser.post("/api/v1/field-map/contacts", "{\"role\": \"ANY\", \"crmField\": \"comment\", \"slot\": \"note\"}")
                .status()).isEqualTo(403);
    }

    @Test
    void anAdminChangesAChangeableRowsDirectionWhileAFixedRowIsRefusedNamingWhy() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        long birthday = idOf(admin, "contacts", "ANY", "birthday");
        long familyName = idOf(admin, "contacts", "ANY", "familyName");
        try {
            var changed = admin.patch("/api/v1/field-map/contacts/" + birthday, "{\"direction\": \"CRM_TO_PEER\"}", h -> { });
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.body().get("direction").asString()).isEqualTo("CRM_TO_PEER");
            assertThat(rowOf(admin, "contacts", birthday).get("direction").asString()).isEqualTo("CRM_TO_PEER");

            var fixed = admin.patch("/api/v1/field-map/contacts/" + familyName, "{\"direction\": \"PEER_TO_CRM\"}", h -> { });
            assertThat(fixed.status()).isEqualTo(409);
            assertThat(fixed.body().get("detail").asString()).contains("is fixed");
            assertThat(rowOf(admin, "contacts", familyName).get("direction").asString()).isEqualTo("BOTH");

            var sideways = admin.patch("/api/v1/field-map/contacts/" + birthday, "{\"direction\": \"CRM_CHANGES_TO_PEER\"}", h -> { });
            assertThat(sideways.status()).isEqualTo(400);
            assertThat(sideways.reasonsFor("direction")).isNotEmpty();
        } finally {
            admin.patch("/api/v1/field-map/contacts/" + birthday, "{\"direction\": \"BOTH\"}", h -> { });
        }
    }

    @Test
    void theRowsOfOneKindArePutInAnotherOrderWhileFixedRowsKeepTheirPlace() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        List<Long> before = idsOf(admin, "LEAD");
        List<Long> swapped = new java.util.ArrayList<>(before);
        int email = swapped.indexOf(idOf(admin, "contacts", "LEAD", "email.work"));
        java.util.Collections.swap(swapped, email, email + 1);
        try {
            var reordered = admin.put("/api/v1/field-map/contacts/order", "{\"ids\": " + swapped + "}", h -> { });
            assertThat(reordered.status()).isEqualTo(200);
            assertThat(idsOf(admin, "LEAD")).isEqualTo(swapped);

            List<Long> fixedMoved = new java.util.ArrayList<>(before);
            java.util.Collections.swap(fixedMoved, 0, email);
            assertThat(admin.put("/api/v1/field-map/contacts/order", "{\"ids\": " + fixedMoved + "}", h -> { }).status())
                    .as("the first lead row (first name) is fixed").isEqualTo(409);
            var partial = admin.put("/api/v1/field-map/contacts/order", "{\"ids\": " + before.subList(0, 3) + "}", h -> { });
            assertThat(partial.status()).isEqualTo(400);
            assertThat(partial.reasonsFor("ids")).singleElement().asString().contains("each of the");
            assertThat(admin.put("/api/v1/field-map/contacts/order", "{\"ids\": [null]}", h -> { }).status()).isEqualTo(400);
            assertThat(idsOf(admin, "LEAD")).as("nothing changed by a refused order").isEqualTo(swapped);
        } finally {
            admin.put("/api/v1/field-map/contacts/order", "{\"ids\": " + before + "}", h -> { });
        }
        assertThat(idsOf(admin, "LEAD")).isEqualTo(before);
    }

    @Test
    void aPickListsRowTakesADefaultForAnEmptyValueAndOtherRowsOrStrangeOptionsAreRefusedNamingTheField() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        String key = "stage" + UUID.randomUUID().toString().substring(0, 6);
        customFields.create(new CustomField(null, null, RelationKind.LEAD, key, "Fase", CustomFieldType.PICK_LIST,
                List.of("Koud", "Warm", "Heet"), null, null, null), Origin.system());

        var added = admin.post("/api/v1/field-map/contacts", "{\"role\": \"LEAD\", \"crmField\": \"custom." + key
                + "\", \"slot\": \"custom." + key + "\", \"emptyDefault\": \"CHOSEN\", \"defaultValue\": \"Warm\"}");
        try {
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.body().get("emptyDefault").asString()).isEqualTo("CHOSEN");
            assertThat(added.body().get("defaultValue").asString()).isEqualTo("Warm");
            assertThat(added.body().get("options").toString()).contains("Koud", "Warm", "Heet");

            var none = admin.patch("/api/v1/field-map/contacts/" + added.id(), "{\"emptyDefault\": \"NONE\"}", h -> { });
            assertThat(none.status()).isEqualTo(200);
            assertThat(none.body().get("emptyDefault").asString()).isEqualTo("NONE");
            assertThat(none.body().get("defaultValue").isNull()).isTrue();

            var notAnOption = admin.patch("/api/v1/field-map/contacts/" + added.id(),
                    "{\"emptyDefault\": \"CHOSEN\", \"defaultValue\": \"Lauw\"}", h -> { });
            assertThat(notAnOption.status()).isEqualTo(422);
            assertThat(notAnOption.reasonsFor("defaultValue")).singleElement().asString().contains("'Lauw' is not an option");
            assertThat(rowOf(admin, "contacts", added.id()).get("emptyDefault").asString()).isEqualTo("NONE");

            long phone = idOf(admin, "contacts", "LEAD", "tel.work");
            var noPickList = admin.patch("/api/v1/field-map/contacts/" + phone, "{\"emptyDefault\": \"FIRST_OPTION\"}", h -> { });
            assertThat(noPickList.status()).isEqualTo(422);
            assertThat(noPickList.reasonsFor("emptyDefault")).singleElement().asString().contains("'phone' is no pick list");
            assertThat(rowOf(admin, "contacts", phone).get("emptyDefault").isNull()).as("shown on pick lists only").isTrue();
        } finally {
            admin.delete("/api/v1/field-map/contacts/" + added.id());
        }
    }

    @Test
    void anAppointmentRowIsRemovedAndAddedBackWhileAFixedOneOrAPairConnectorsDoNotKnowIsRefused() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        long location = idOf(admin, "appointments", "ANY", "location");
        long subject = idOf(admin, "appointments", "ANY", "subject");

        assertThat(admin.delete("/api/v1/field-map/appointments/" + subject).status()).isEqualTo(409);
        assertThat(admin.delete("/api/v1/field-map/appointments/" + location).status()).isEqualTo(204);
        var back = admin.post("/api/v1/field-map/appointments", "{\"crmField\": \"location\", \"slot\": \"location\"}");
        assertThat(back.status()).isEqualTo(201);
        assertThat(back.body().get("role").asString()).isEqualTo("ANY");

        var twice = admin.post("/api/v1/field-map/appointments", "{\"crmField\": \"location\", \"slot\": \"location\"}");
        assertThat(twice.status()).as("one slot per data type and kind").isEqualTo(409);
        assertThat(twice.body().get("detail").asString()).contains("slot 'location'");
        var crossed = admin.post("/api/v1/field-map/tasks", "{\"crmField\": \"notes\", \"slot\": \"subject\"}");
        assertThat(crossed.status()).isEqualTo(400);
        assertThat(crossed.reasonsFor("crmField")).singleElement().asString().contains("is not a task row");
        assertThat(admin.get("/api/v1/field-map/relations").status()).as("a source system's map is its connection's").isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentListsTheFieldMapEditor() {
        var paths = Api.anonymous(port).get("/v3/api-docs").body().get("paths");

        assertThat(paths.has("/api/v1/field-map/{dataType}")).isTrue();
        assertThat(paths.get("/api/v1/field-map/{dataType}/{id}").has("patch")).isTrue();
        assertThat(paths.get("/api/v1/field-map/{dataType}/order").has("put")).isTrue();
    }

    private static long idOf(Api admin, String type, String role, String slot) {
        for (var row : admin.get("/api/v1/field-map/" + type).body()) {
            if (row.get("role").asString().equals(role) && row.get("slot").asString().equals(slot)) return row.get("id").asLong();
        }
        throw new AssertionError("no " + role + " row for " + slot);
    }

    private static tools.jackson.databind.JsonNode rowOf(Api admin, String type, long id) {
        for (var row : admin.get("/api/v1/field-map/" + type).body()) {
            if (row.get("id").asLong() == id) return row;
        }
        throw new AssertionError("no row " + id);
    }

    private static List<Long> idsOf(Api admin, String role) {
        var ids = new java.util.ArrayList<Long>();
        for (var row : admin.get("/api/v1/field-map/contacts").body()) {
            if (row.get("role").asString().equals(role)) ids.add(row.get("id").asLong());
        }
        return ids;
    }
}
