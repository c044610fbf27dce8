package org.koppel.connector;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Windows time zone names (Outlook's VTIMEZONE TZIDs, Microsoft Graph's {@code originalStartTimeZone}, Exchange) to IANA
 * zones and back, after Unicode CLDR's windowsZones table
 * (https://github.com/unicode-org/cldr/blob/main/common/supplemental/windowsZones.xml): each Windows
 * name to its "001" (golden) zone, plus the territory zones of the Windows names Koppel's users
 * meet most, so Europe/Amsterdam is written as "W. Europe Standard Time" rather than refused.
 * IANA names the JDK knows are taken as they are: Graph accepts them in {@code dateTimeTimeZone}
 * ("dateTimeTimeZone resource type", https://learn.microsoft.com/graph/api/resources/datetimetimezone).
 * Koppel's slots carry IANA zones only, so both the CalDAV and the Graph connector read peers' names here.
 */
public final class WindowsZones {

    /** Windows name (lower case) to the CLDR golden IANA zone. */
    private static final Map<String, String> TO_IANA = new HashMap<>();
    /** IANA zone to its Windows name: the golden zones and the territory ones below. */
    private static final Map<String, String> TO_WINDOWS = new HashMap<>();

    private static final String[][] GOLDEN = {
            {"Dateline Standard Time", "Etc/GMT+12"}, {"UTC-11", "Etc/GMT+11"}, {"Aleutian Standard Time", "America/Adak"},
            {"Hawaiian Standard Time", "Pacific/Honolulu"}, {"Marquesas Standard Time", "Pacific/Marquesas"},
            {"Alaskan Standard Time", "America/Anchorage"}, {"UTC-09", "Etc/GMT+9"},
            {"Pacific Standard Time (Mexico)", "America/Tijuana"}, {"UTC-08", "Etc/GMT+8"},
            {"Pacific Standard Time", "America/Los_Angeles"}, {"US Mountain Standard Time", "America/Phoenix"},
            {"Mountain Standard Time (Mexico)", "America/Mazatlan"}, {"Mountain Standard Time", "America/Denver"},
            {"Yukon Standard Time", "America/Whitehorse"}, {"Central America Standard Time", "America/Guatemala"},
            {"Central Standard Time", "America/Chicago"}, {"Easter Island Standard Time", "Pacific/Easter"},
            {"Central Standard Time (Mexico)", "America/Mexico_City"}, {"Canada Central Standard Time", "America/Regina"},
            {"SA Pacific Standard Time", "America/Bogota"}, {"Eastern Standard Time (Mexico)", "America/Cancun"},
            {"Eastern Standard Time", "America/New_York"}, {"Haiti Standard Time", "America/Port-au-Prince"},
            {"Cuba Standard Time", "America/Havana"}, {"US Eastern Standard Time", "America/Indiana/Indianapolis"},
            {"Turks And Caicos Standard Time", "America/Grand_Turk"}, {"Paraguay Standard Time", "America/Asuncion"},
            {"Atlantic Standard Time", "America/Halifax"}, {"Venezuela Standard Time", "America/Caracas"},
            {"Central Brazilian Standard Time", "America/Cuiaba"}, {"SA Western Standard Time", "America/La_Paz"},
            {"Pacific SA Standard Time", "America/Santiago"}, {"Newfoundland Standard Time", "America/St_Johns"},
            {"Tocantins Standard Time", "America/Araguaina"}, {"E. South America Standard Time", "America/Sao_Paulo"},
            {"SA Eastern Standard Time", "America/Cayenne"}, {"Argentina Standard Time", "America/Argentina/Buenos_Aires"},
            {"Greenland Standard Time", "America/Nuuk"}, {"Montevideo Standard Time", "America/Montevideo"},
            {"Magallanes Standard Time", "America/Punta_Arenas"}, {"Saint Pierre Standard Time", "America/Miquelon"},
            {"Bahia Standard Time", "America/Bahia"}, {"UTC-02", "Etc/GMT+2"}, {"Azores Standard Time", "Atlantic/Azores"},
            {"Cape Verde Standard Time", "Atlantic/Cape_Verde"}, {"UTC", "Etc/UTC"},
            {"GMT Standard Time", "Europe/London"}, {"Greenwich Standard Time", "Atlantic/Reykjavik"},
            {"Sao Tome Standard Time", "Africa/Sao_Tome"}, {"Morocco Standard Time", "Africa/Casablanca"},
            {"W. Europe Standard Time", "Europe/Berlin"}, {"Central Europe Standard Time", "Europe/Budapest"},
            {"Romance Standard Time", "Europe/Paris"}, {"Central European Standard Time", "Europe/Warsaw"},
            {"W. Central Africa Standard Time", "Africa/Lagos"}, {"Jordan Standard Time", "Asia/Amman"},
            {"GTB Standard Time", "Europe/Bucharest"}, {"Middle East Standard Time", "Asia/Beirut"},
            {"Egypt Standard Time", "Africa/Cairo"}, {"E. Europe Standard Time", "Europe/Chisinau"},
            {"Syria Standard Time", "Asia/Damascus"}, {"West Bank Standard Time", "Asia/Hebron"},
            {"South Africa Standard Time", "Africa/Johannesburg"}, {"FLE Standard Time", "Europe/Kyiv"},
            {"Israel Standard Time", "Asia/Jerusalem"}, {"South Sudan Standard Time", "Africa/Juba"},
            {"Kaliningrad Standard Time", "Europe/Kaliningrad"}, {"Sudan Standard Time", "Africa/Khartoum"},
            {"Libya Standard Time", "Africa/Tripoli"}, {"Namibia Standard Time", "Africa/Windhoek"},
            {"Arabic Standard Time", "Asia/Baghdad"}, {"Turkey Standard Time", "Europe/Istanbul"},
            {"Arab Standard Time", "Asia/Riyadh"}, {"Belarus Standard Time", "Europe/Minsk"},
            {"Russian Standard Time", "Europe/Moscow"}, {"E. Africa Standard Time", "Africa/Nairobi"},
            {"Volgograd Standard Time", "Europe/Volgograd"}, {"Iran Standard Time", "Asia/Tehran"},
            {"Arabian Standard Time", "Asia/Dubai"}, {"Astrakhan Standard Time", "Europe/Astrakhan"},
            {"Azerbaijan Standard Time", "Asia/Baku"}, {"Russia Time Zone 3", "Europe/Samara"},
            {"Mauritius Standard Time", "Indian/Mauritius"}, {"Saratov Standard Time", "Europe/Saratov"},
            {"Georgian Standard Time", "Asia/Tbilisi"}, {"Caucasus Standard Time", "Asia/Yerevan"},
            {"Afghanistan Standard Time", "Asia/Kabul"}, {"West Asia Standard Time", "Asia/Tashkent"},
            {"Ekaterinburg Standard Time", "Asia/Yekaterinburg"}, {"Pakistan Standard Time", "Asia/Karachi"},
            {"Qyzylorda Standard Time", "Asia/Qyzylorda"}, {"India Standard Time", "Asia/Kolkata"},
            {"Sri Lanka Standard Time", "Asia/Colombo"}, {"Nepal Standard Time", "Asia/Kathmandu"},
            {"Central Asia Standard Time", "Asia/Almaty"}, {"Bangladesh Standard Time", "Asia/Dhaka"},
            {"Omsk Standard Time", "Asia/Omsk"}, {"Myanmar Standard Time", "Asia/Yangon"},
            {"SE Asia Standard Time", "Asia/Bangkok"}, {"Altai Standard Time", "Asia/Barnaul"},
            {"W. Mongolia Standard Time", "Asia/Hovd"}, {"North Asia Standard Time", "Asia/Krasnoyarsk"},
            {"N. Central Asia Standard Time", "Asia/Novosibirsk"}, {"Tomsk Standard Time", "Asia/Tomsk"},
            {"China Standard Time", "Asia/Shanghai"}, {"North Asia East Standard Time", "Asia/Irkutsk"},
            {"Singapore Standard Time", "Asia/Singapore"}, {"W. Australia Standard Time", "Australia/Perth"},
            {"Taipei Standard Time", "Asia/Taipei"}, {"Ulaanbaatar Standard Time", "Asia/Ulaanbaatar"},
            {"Aus Central W. Standard Time", "Australia/Eucla"}, {"Transbaikal Standard Time", "Asia/Chita"},
            {"Tokyo Standard Time", "Asia/Tokyo"}, {"North Korea Standard Time", "Asia/Pyongyang"},
            {"Korea Standard Time", "Asia/Seoul"}, {"Yakutsk Standard Time", "Asia/Yakutsk"},
            {"Cen. Australia Standard Time", "Australia/Adelaide"}, {"AUS Central Standard Time", "Australia/Darwin"},
            {"E. Australia Standard Time", "Australia/Brisbane"}, {"AUS Eastern Standard Time", "Australia/Sydney"},
            {"West Pacific Standard Time", "Pacific/Port_Moresby"}, {"Tasmania Standard Time", "Australia/Hobart"},
            {"Vladivostok Standard Time", "Asia/Vladivostok"}, {"Lord Howe Standard Time", "Australia/Lord_Howe"},
            {"Bougainville Standard Time", "Pacific/Bougainville"}, {"Russia Time Zone 10", "Asia/Srednekolymsk"},
            {"Magadan Standard Time", "Asia/Magadan"}, {"Norfolk Standard Time", "Pacific/Norfolk"},
            {"Sakhalin Standard Time", "Asia/Sakhalin"}, {"Central Pacific Standard Time", "Pacific/Guadalcanal"},
            {"Russia Time Zone 11", "Asia/Kamchatka"}, {"New Zealand Standard Time", "Pacific/Auckland"},
            {"UTC+12", "Etc/GMT-12"}, {"Fiji Standard Time", "Pacific/Fiji"},
            {"Chatham Islands Standard Time", "Pacific/Chatham"}, {"UTC+13", "Etc/GMT-13"},
            {"Tonga Standard Time", "Pacific/Tongatapu"}, {"Samoa Standard Time", "Pacific/Apia"},
            {"Line Islands Standard Time", "Pacific/Kiritimati"},
    };

    /** Territory zones of the same table (windowsZones.xml, territories other than 001), IANA first. */
    private static final String[][] TERRITORIES = {
            {"Europe/Amsterdam", "W. Europe Standard Time"}, {"Europe/Andorra", "W. Europe Standard Time"},
            {"Europe/Vienna", "W. Europe Standard Time"}, {"Europe/Zurich", "W. Europe Standard Time"},
            {"Europe/Luxembourg", "W. Europe Standard Time"}, {"Europe/Rome", "W. Europe Standard Time"},
            {"Europe/Stockholm", "W. Europe Standard Time"}, {"Europe/Oslo", "W. Europe Standard Time"},
            {"Europe/Monaco", "W. Europe Standard Time"}, {"Europe/Malta", "W. Europe Standard Time"},
            {"Europe/Brussels", "Romance Standard Time"}, {"Europe/Copenhagen", "Romance Standard Time"},
            {"Europe/Madrid", "Romance Standard Time"}, {"Europe/Prague", "Central Europe Standard Time"},
            {"Europe/Bratislava", "Central Europe Standard Time"}, {"Europe/Ljubljana", "Central Europe Standard Time"},
            {"Europe/Belgrade", "Central Europe Standard Time"}, {"Europe/Zagreb", "Central European Standard Time"},
            {"Europe/Dublin", "GMT Standard Time"}, {"Europe/Lisbon", "GMT Standard Time"},
            {"Atlantic/Canary", "GMT Standard Time"}, {"Europe/Helsinki", "FLE Standard Time"},
            {"Europe/Riga", "FLE Standard Time"}, {"Europe/Tallinn", "FLE Standard Time"},
            {"Europe/Vilnius", "FLE Standard Time"}, {"Europe/Sofia", "FLE Standard Time"},
            {"Europe/Athens", "GTB Standard Time"}, {"America/Toronto", "Eastern Standard Time"},
            {"America/Detroit", "Eastern Standard Time"}, {"America/Vancouver", "Pacific Standard Time"},
            {"America/Edmonton", "Mountain Standard Time"}, {"America/Winnipeg", "Central Standard Time"},
            {"Australia/Melbourne", "AUS Eastern Standard Time"}, {"Asia/Hong_Kong", "China Standard Time"},
            {"UTC", "UTC"}, {"Etc/GMT", "UTC"},
    };

    static {
        for (String[] row : GOLDEN) {
            TO_IANA.put(row[0].toLowerCase(Locale.ROOT), row[1]);
            TO_WINDOWS.put(row[1], row[0]);
        }
        for (String[] row : TERRITORIES) TO_WINDOWS.put(row[0], row[1]);
    }

    private WindowsZones() {
    }

    /**
     * The IANA zone a peer's zone name means: a Windows name by CLDR (any case); an IANA name as it
     * is; a Mozilla-style prefixed name ({@code /mozilla.org/20050126_1/Europe/Berlin}, Thunderbird's
     * VTIMEZONE TZIDs) by its IANA tail. Empty for names none of these knows (Outlook's
     * "tzone://Microsoft/Custom" of an imported event, "Customized Time Zone", say).
     */
    public static Optional<String> iana(String name) {
        if (name == null || name.isBlank()) return Optional.empty();
        String n = name.strip();
        String golden = TO_IANA.get(n.toLowerCase(Locale.ROOT));
        if (golden != null) return Optional.of(golden);
        if (n.equalsIgnoreCase("tzone://Microsoft/Utc")) return Optional.of("Etc/UTC");
        for (String candidate = n; !candidate.isEmpty(); ) {
            try {
                return Optional.of(ZoneId.of(candidate).getId());
            } catch (DateTimeException notThis) {
                int slash = candidate.indexOf('/');
                candidate = slash < 0 ? "" : candidate.substring(slash + 1);
            }
        }
        return Optional.empty();
    }

    /**
     * The Windows name of an IANA zone, also of an old name of one (Asia/Calcutta, a link to
     * Asia/Kolkata, has the same rules); the IANA name itself when the table has none.
     */
    public static String windows(String iana) {
        String w = TO_WINDOWS.get(iana);
        if (w != null) return w;
        try {
            var rules = ZoneId.of(iana).getRules();
            return TO_WINDOWS.entrySet().stream().filter(e -> ZoneId.of(e.getKey()).getRules().equals(rules))
                    .map(Map.Entry::getValue).sorted().findFirst().orElse(iana);
        } catch (DateTimeException unknown) {
            return iana;
        }
    }

    /** The JDK zone of a Windows or IANA name ({@link #iana}); empty when it names none. */
    public static Optional<ZoneId> zone(String name) {
        return iana(name).map(ZoneId::of);
    }

    /** The JDK zone of a Windows or IANA name, or {@code fallback}. */
    public static ZoneId zone(String name, ZoneId fallback) {
        return zone(name).orElse(fallback);
    }
}
