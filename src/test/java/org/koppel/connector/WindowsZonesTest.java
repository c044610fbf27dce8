package org.koppel.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Windows zone names (Outlook, Graph) and other peers' zone names to IANA and back, after CLDR's windowsZones. */
class WindowsZonesTest {

    @Test
    void outlooksNamesMapToTheirCldrZone() {
        assertThat(WindowsZones.iana("W. Europe Standard Time")).contains("Europe/Berlin");
        assertThat(WindowsZones.iana("romance standard time")).contains("Europe/Paris");
        assertThat(WindowsZones.iana("Eastern Standard Time")).contains("America/New_York");
        assertThat(WindowsZones.iana("UTC")).contains("Etc/UTC");
        assertThat(WindowsZones.iana("Europe/Amsterdam")).as("an IANA name is taken as it is").contains("Europe/Amsterdam");
        assertThat(WindowsZones.iana("tzone://Microsoft/Custom")).isEmpty();
        assertThat(WindowsZones.zone("nonsense", ZoneOffset.UTC)).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void ianaZonesAreWrittenWithTheirWindowsName() {
        assertThat(WindowsZones.windows("Europe/Amsterdam")).isEqualTo("W. Europe Standard Time");
        assertThat(WindowsZones.windows("Europe/Brussels")).isEqualTo("Romance Standard Time");
        assertThat(WindowsZones.windows("America/Los_Angeles")).isEqualTo("Pacific Standard Time");
        assertThat(WindowsZones.windows("Asia/Calcutta")).as("an alias as its zone").isEqualTo("India Standard Time");
        assertThat(WindowsZones.windows("Antarctica/Troll")).as("none in the table: the IANA name").isEqualTo("Antarctica/Troll");
    }

    @Test
    void everyZoneOfTheTableIsOneTheJdkKnowsAndMapsBack() throws Exception {
        var golden = WindowsZones.class.getDeclaredField("GOLDEN");
        golden.setAccessible(true);
        for (String[] row : (String[][]) golden.get(null)) {
            assertThat(ZoneId.of(row[1])).as(row[0]).isNotNull();
            assertThat(WindowsZones.windows(row[1])).as(row[1]).isEqualTo(row[0]);
        }
    }

    @Test
    void ianaNamesStayAndMozillaPrefixesAreDropped() {
        assertThat(WindowsZones.zone("Europe/Amsterdam")).contains(ZoneId.of("Europe/Amsterdam"));
        assertThat(WindowsZones.zone("/mozilla.org/20050126_1/Europe/Berlin")).contains(ZoneId.of("Europe/Berlin"));
        assertThat(WindowsZones.zone("GMT Standard Time")).contains(ZoneId.of("Europe/London"));
    }

    @Test
    void unknownOrBlankNamesAreNoZone() {
        assertThat(WindowsZones.zone("Customized Time Zone")).isEmpty();
        assertThat(WindowsZones.zone(" ")).isEmpty();
        assertThat(WindowsZones.zone(null)).isEmpty();
    }
}
