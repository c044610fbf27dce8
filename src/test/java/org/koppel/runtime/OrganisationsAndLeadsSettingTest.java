package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.koppel.crm.Checks;

/** contacts.organisationsAndLeads is checked when it is given, not when a run meets it. */
class OrganisationsAndLeadsSettingTest {

    @ParameterizedTest
    @CsvSource({"SYNC_FLAG, 0", "SCOPE, 0", "ALL, 1", "scope, 1"})
    void onlySyncFlagOrScopeIsAccepted(String value, int problems) {
        var checks = new Checks();

        SyncSettings.checkConnectionSetting(SyncSettings.ORGANISATIONS_AND_LEADS, value, checks);

        assertThat(checks.problems()).hasSize(problems);
        checks.problems().forEach(p -> assertThat(p.field()).isEqualTo("settings." + SyncSettings.ORGANISATIONS_AND_LEADS));
    }
}
