package org.koppel.connector;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Windows time-zone names (Outlook's VTIMEZONE TZIDs, Microsoft Graph's {@code timeZone}) to IANA
 * zones, by the "001" (primary) rows of CLDR's windowsZones.xml
 * (https://github.com/unicode-org/cldr/blob/main/common/supplemental/windowsZones.xml). Koppel's
 * slots carry IANA zones only, so both the CalDAV and the Graph connector read peers' names here.
 */
public final class WindowsZones {

    private static final Map<String, String> IANA = Map.ofEntries(
            Map.entry("Dateline Standard Time", "Etc/GMT+12"),
            Map.entry("UTC-11", "Etc/GMT+11"),
            Map.entry("Hawaiian Standard Time", "Pacific/Honolulu"),
            Map.entry("Alaskan Standard Time", "America/Anchorage"),
            Map.entry("Pacific Standard Time (Mexico)", "America/Tijuana"),
            Map.entry("Pacific Standard Time", "America/Los_Angeles"),
            Map.entry("US Mountain Standard Time", "America/Phoenix"),
            Map.entry("Mountain Standard Time (Mexico)", "America/Mazatlan"),
            Map.entry("Mountain Standard Time", "America/Denver"),
            Map.entry("Central America Standard Time", "America/Guatemala"),
            Map.entry("Central Standard Time", "America/Chicago"),
            Map.entry("Central Standard Time (Mexico)", "America/Mexico_City"),
            Map.entry("Canada Central Standard Time", "America/Regina"),
            Map.entry("SA Pacific Standard Time", "America/Bogota"),
            Map.entry("Eastern Standard Time (Mexico)", "America/Cancun"),
            Map.entry("Eastern Standard Time", "America/New_York"),
            Map.entry("US Eastern Standard Time", "America/Indianapolis"),
            Map.entry("Venezuela Standard Time", "America/Caracas"),
            Map.entry("Atlantic Standard Time", "America/Halifax"),
            Map.entry("SA Western Standard Time", "America/La_Paz"),
            Map.entry("Central Brazilian Standard Time", "America/Cuiaba"),
            Map.entry("Pacific SA Standard Time", "America/Santiago"),
            Map.entry("Newfoundland Standard Time", "America/St_Johns"),
            Map.entry("E. South America Standard Time", "America/Sao_Paulo"),
            Map.entry("Argentina Standard Time", "America/Buenos_Aires"),
            Map.entry("SA Eastern Standard Time", "America/Cayenne"),
            Map.entry("Greenland Standard Time", "America/Godthab"),
            Map.entry("Montevideo Standard Time", "America/Montevideo"),
            Map.entry("UTC-02", "Etc/GMT+2"),
            Map.entry("Azores Standard Time", "Atlantic/Azores"),
            Map.entry("Cape Verde Standard Time", "Atlantic/Cape_Verde"),
            Map.entry("UTC", "Etc/UTC"),
            Map.entry("GMT Standard Time", "Europe/London"),
            Map.entry("Greenwich Standard Time", "Atlantic/Reykjavik"),
            Map.entry("Morocco Standard Time", "Africa/Casablanca"),
            Map.entry("W. Europe Standard Time", "Europe/Berlin"),
            Map.entry("Central Europe Standard Time", "Europe/Budapest"),
            Map.entry("Romance Standard Time", "Europe/Paris"),
            Map.entry("Central European Standard Time", "Europe/Warsaw"),
            Map.entry("W. Central Africa Standard Time", "Africa/Lagos"),
            Map.entry("GTB Standard Time", "Europe/Bucharest"),
            Map.entry("E. Europe Standard Time", "Europe/Chisinau"),
            Map.entry("Middle East Standard Time", "Asia/Beirut"),
            Map.entry("Egypt Standard Time", "Africa/Cairo"),
            Map.entry("South Africa Standard Time", "Africa/Johannesburg"),
            Map.entry("FLE Standard Time", "Europe/Kiev"),
            Map.entry("Israel Standard Time", "Asia/Jerusalem"),
            Map.entry("Kaliningrad Standard Time", "Europe/Kaliningrad"),
            Map.entry("Turkey Standard Time", "Europe/Istanbul"),
            Map.entry("Arabic Standard Time", "Asia/Baghdad"),
            Map.entry("Arab Standard Time", "Asia/Riyadh"),
            Map.entry("Russian Standard Time", "Europe/Moscow"),
            Map.entry("E. Africa Standard Time", "Africa/Nairobi"),
            Map.entry("Iran Standard Time", "Asia/Tehran"),
            Map.entry("Arabian Standard Time", "Asia/Dubai"),
            Map.entry("Afghanistan Standard Time", "Asia/Kabul"),
            Map.entry("Pakistan Standard Time", "Asia/Karachi"),
            Map.entry("India Standard Time", "Asia/Calcutta"),
            Map.entry("Sri Lanka Standard Time", "Asia/Colombo"),
            Map.entry("Nepal Standard Time", "Asia/Katmandu"),
            Map.entry("Bangladesh Standard Time", "Asia/Dhaka"),
            Map.entry("Myanmar Standard Time", "Asia/Rangoon"),
            Map.entry("SE Asia Standard Time", "Asia/Bangkok"),
            Map.entry("China Standard Time", "Asia/Shanghai"),
            Map.entry("Singapore Standard Time", "Asia/Singapore"),
            Map.entry("Taipei Standard Time", "Asia/Taipei"),
            Map.entry("W. Australia Standard Time", "Australia/Perth"),
            Map.entry("Tokyo Standard Time", "Asia/Tokyo"),
            Map.entry("Korea Standard Time", "Asia/Seoul"),
            Map.entry("Cen. Australia Standard Time", "Australia/Adelaide"),
            Map.entry("AUS Central Standard Time", "Australia/Darwin"),
            Map.entry("E. Australia Standard Time", "Australia/Brisbane"),
            Map.entry("AUS Eastern Standard Time", "Australia/Sydney"),
            Map.entry("West Pacific Standard Time", "Pacific/Port_Moresby"),
            Map.entry("Tasmania Standard Time", "Australia/Hobart"),
            Map.entry("New Zealand Standard Time", "Pacific/Auckland"),
            Map.entry("Tonga Standard Time", "Pacific/Tongatapu"));

    private WindowsZones() {
    }

    /**
     * The IANA zone a peer's zone name means: an IANA name as it is; a Windows name by CLDR; a
     * Mozilla-style prefixed name ({@code /mozilla.org/20050126_1/Europe/Berlin}) by its IANA tail.
     * Empty when none of these.
     */
    public static Optional<ZoneId> zone(String name) {
        if (name == null || name.isBlank()) return Optional.empty();
        String n = name.strip();
        String windows = IANA.get(n);
        if (windows != null) return Optional.of(ZoneId.of(windows));
        for (var e : IANA.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(n.toLowerCase(Locale.ROOT))) return Optional.of(ZoneId.of(e.getValue()));
        }
        for (String candidate = n; !candidate.isEmpty(); ) {
            try {
                return Optional.of(ZoneId.of(candidate));
            } catch (java.time.DateTimeException notThis) {
                int slash = candidate.indexOf('/');
                candidate = slash < 0 ? "" : candidate.substring(slash + 1);
            }
        }
        return Optional.empty();
    }
}
