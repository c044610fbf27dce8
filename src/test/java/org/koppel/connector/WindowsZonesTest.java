package org.koppel.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class WindowsZonesTest {

    @Test
    void windowsNamesMapToTheirCldrIanaZone() {
        assertThat(WindowsZones.zone("W. Europe Standard Time")).contains(ZoneId.of("Europe/Berlin"));
        assertThat(WindowsZones.zone("Romance Standard Time")).contains(ZoneId.of("Europe/Paris"));
        assertThat(WindowsZones.zone("Eastern Standard Time")).contains(ZoneId.of("America/New_York"));
        assertThat(WindowsZones.zone("GMT Standard Time")).contains(ZoneId.of("Europe/London"));
        assertThat(WindowsZones.zone("UTC")).contains(ZoneId.of("Etc/UTC"));
    }

    @Test
    void ianaNamesStayAndMozillaPrefixesAreDropped() {
        assertThat(WindowsZones.zone("Europe/Amsterdam")).contains(ZoneId.of("Europe/Amsterdam"));
        assertThat(WindowsZones.zone("/mozilla.org/20050126_1/Europe/Berlin")).contains(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void unknownOrBlankNamesAreNoZone() {
        assertThat(WindowsZones.zone("Customized Time Zone")).isEmpty();
        assertThat(WindowsZones.zone(" ")).isEmpty();
        assertThat(WindowsZones.zone(null)).isEmpty();
    }
}
