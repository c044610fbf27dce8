package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.runtime.SyncSettings;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Settings in three layers: organisation, user group, employee (DESIGN.md rule 9). */
abstract class SyncSettingsApiContract {

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired SyncSettings settings;

    @Test
    void anEmployeeOverridesTheirUserGroupWhichOverridesTheOrganisation() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var inTeam = samples.employee("field", EmployeeRole.USER);
        var alone = samples.employee("office", EmployeeRole.USER);
        var special = samples.employee("boss", EmployeeRole.USER);
        long team = admin.post("/api/v1/user-groups", "{\"name\": \"Field sales %d\", \"memberIds\": [%d, %d]}"
                .formatted(inTeam.id(), inTeam.id(), special.id())).id();

        assertThat(admin.put("/api/v1/sync-settings/ORGANISATION/0",
                "{\"contacts.scope\": \"MANAGER\", \"contacts.conflictRule\": \"PEER_WINS\"}", h -> { }).status()).isEqualTo(200);
        admin.put("/api/v1/sync-settings/USER_GROUP/" + team, "{\"contacts.scope\": \"MANAGER,OWNER,SYNC_FLAG\"}", h -> { });
        admin.put("/api/v1/sync-settings/EMPLOYEE/" + special.id(), "{\"contacts.scope\": \"ALL\"}", h -> { });

        assertThat(settings.policyFor(alone.id(), DataType.CONTACTS).scope()).containsExactly(SyncPolicy.ScopeRule.MANAGER);
        assertThat(settings.policyFor(inTeam.id(), DataType.CONTACTS).scope())
                .containsExactlyInAnyOrder(SyncPolicy.ScopeRule.MANAGER, SyncPolicy.ScopeRule.OWNER, SyncPolicy.ScopeRule.SYNC_FLAG);
        assertThat(settings.policyFor(special.id(), DataType.CONTACTS).scope()).containsExactly(SyncPolicy.ScopeRule.ALL);
        assertThat(settings.policyFor(inTeam.id(), DataType.CONTACTS).conflictRule()).isEqualTo(SyncPolicy.ConflictRule.PEER_WINS);

        var bad = admin.put("/api/v1/sync-settings/EMPLOYEE/" + special.id(),
                "{\"contacts.scope\": \"EVERYONE\", \"contacts.colour\": \"red\"}", h -> { });
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reasonsFor("contacts.scope")).isNotEmpty();
        assertThat(bad.reasonsFor("contacts.colour")).isNotEmpty();
        assertThat(settings.policyFor(special.id(), DataType.CONTACTS).scope()).as("nothing half-stored")
                .containsExactly(SyncPolicy.ScopeRule.ALL);
        var asUser = Api.basic(port, alone.login(), Samples.password(alone.login()));
        assertThat(asUser.put("/api/v1/sync-settings/ORGANISATION/0", "{}", h -> { }).status()).isEqualTo(403);
        admin.put("/api/v1/sync-settings/ORGANISATION/0", "{}", h -> { });
    }

    @Test
    void settingsOfAUserGroupOrEmployeeThatDoesNotExistAre404() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        String body = "{\"contacts.scope\": \"ALL\"}";

        var employee = admin.put("/api/v1/sync-settings/EMPLOYEE/987654", body, h -> { });
        assertThat(employee.status()).isEqualTo(404);
        assertThat(employee.body().get("detail").asString()).contains("employee 987654 does not exist");
        var group = admin.put("/api/v1/sync-settings/USER_GROUP/987654", body, h -> { });
        assertThat(group.status()).isEqualTo(404);
        assertThat(group.body().get("detail").asString()).contains("user group 987654 does not exist");
        assertThat(admin.put("/api/v1/sync-settings/ORGANISATION/7", body, h -> { }).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/sync-settings/EMPLOYEE/987654").status()).isEqualTo(404);
        assertThat(settings.get("EMPLOYEE", 987654)).as("nothing stored").isEmpty();
        assertThat(settings.get("USER_GROUP", 987654)).isEmpty();

        var level = admin.put("/api/v1/sync-settings/DEPARTMENT/1", body, h -> { });
        assertThat(level.status()).isEqualTo(400);
        assertThat(level.reasonsFor("scope")).singleElement().asString().contains("is not a settings layer");
    }

    @Test
    void emailSettingsAreCheckedEachAndLayeredLikeTheOthers() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var employee = samples.employee("mailer", EmployeeRole.USER);

        var bad = admin.put("/api/v1/sync-settings/EMPLOYEE/" + employee.id(), """
                {"email.direction": "CRM_TO_PEER", "email.perRun": "0", "email.notOlderThan": "last week",
                 "email.windowDays": "3", "email.log": "SIDEWAYS", "email.mark": " ", "email.attachmentMaxMb": "500"}""", h -> { });

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reasonsFor("email.direction")).singleElement().asString().contains("only logged from the mailbox into Koppel");
        assertThat(bad.reasonsFor("email.perRun")).singleElement().asString().contains("between 1 and");
        assertThat(bad.reasonsFor("email.notOlderThan")).singleElement().asString().contains("is not a date");
        assertThat(bad.reasonsFor("email.windowDays")).singleElement().asString().contains("is not an e-mail setting");
        assertThat(bad.reasonsFor("email.log")).singleElement().asString().contains("INBOUND");
        assertThat(bad.reasonsFor("email.mark")).singleElement().asString().contains("must not be blank");
        assertThat(bad.reasonsFor("email.attachmentMaxMb")).singleElement().asString().contains("between 1 and 100");
        assertThat(settings.get("EMPLOYEE", employee.id())).as("nothing stored").isEmpty();

        try {
            assertThat(admin.put("/api/v1/sync-settings/ORGANISATION/0", "{\"email.direction\": \"PEER_TO_CRM\", \"email.perRun\": \"40\"}",
                    h -> { }).status()).isEqualTo(200);
            assertThat(admin.put("/api/v1/sync-settings/EMPLOYEE/" + employee.id(),
                    "{\"email.perRun\": \"10\", \"email.notOlderThan\": \"2026-06-01\", \"email.ambiguous\": \"REPORT\"}", h -> { })
                    .status()).isEqualTo(200);
            var policy = settings.mailPolicyFor(employee.id(), java.util.Map.of());
            assertThat(policy.on()).isTrue();
            assertThat(policy.perRun()).isEqualTo(10);
            assertThat(policy.notOlderThan()).isEqualTo(java.time.LocalDate.of(2026, 6, 1));
            assertThat(policy.underEveryMatch()).isFalse();
            assertThat(settings.mailPolicyFor(samples.employee("other", EmployeeRole.USER).id(), java.util.Map.of()).perRun()).isEqualTo(40);
        } finally {
            // The organisation layer is shared by every test on this database.
            admin.put("/api/v1/sync-settings/ORGANISATION/0", "{}", h -> { });
        }
    }

    @Test
    void unknownKindsAndOverlongOrMissingValuesAre400NamingTheSetting() {
        var admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        var employee = samples.employee("tuner", EmployeeRole.USER);

        var bad = admin.put("/api/v1/sync-settings/EMPLOYEE/" + employee.id(), """
                {"contacts.massChangeShare": "0.%s1", "faxes.direction": "BOTH", "contacts.direction": null,
                 "contacts.creation": "SOMETIMES"}""".formatted("0".repeat(1500)), h -> { });

        assertThat(bad.status()).as("the long value used to fail the insert (409), the null one the check (500)").isEqualTo(400);
        assertThat(bad.reasonsFor("contacts.massChangeShare")).singleElement().asString().contains("at most 1000");
        assertThat(bad.reasonsFor("faxes.direction")).singleElement().asString().contains("is not a sync setting");
        assertThat(bad.reasonsFor("contacts.direction")).singleElement().asString().contains("is required");
        assertThat(bad.reasonsFor("contacts.creation")).singleElement().asString().contains("QUEUE");
        assertThat(settings.get("EMPLOYEE", employee.id())).isEmpty();
    }
}
