package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.koppel.crm.Checks;

/** contacts.addressesFromICloud is checked when it is given, not when a run meets it. */
class ICloudAddressSettingTest {

    @ParameterizedTest
    @CsvSource({"true, 0", "false, 0", "maybe, 1", "TRUE, 1"})
    void onlyTrueOrFalseIsAccepted(String value, int problems) {
        var checks = new Checks();

        SyncSettings.checkConnectionSetting(SyncSettings.ADDRESSES_FROM_ICLOUD, value, checks);

        assertThat(checks.problems()).hasSize(problems);
        checks.problems().forEach(p -> assertThat(p.field()).isEqualTo("settings." + SyncSettings.ADDRESSES_FROM_ICLOUD));
    }
}
