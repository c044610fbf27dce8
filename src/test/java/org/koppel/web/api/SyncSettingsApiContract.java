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
}
