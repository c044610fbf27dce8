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
}
