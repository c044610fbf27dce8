package org.koppel.connector.dav;

import java.util.List;

/** Builds the request bodies. Fixed prefixes: d = DAV:, c = CardDAV, cal = CalDAV, cs = CalendarServer. */
final class DavXmlWriter {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    private static final String NAMESPACES = " xmlns:d=\"DAV:\" xmlns:c=\"" + DavName.CARDDAV + "\" xmlns:cal=\"" + DavName.CALDAV + "\" xmlns:cs=\""
            + DavName.CALENDARSERVER + "\"";

    private DavXmlWriter() {
    }

    /** PROPFIND for named properties (RFC 4918 §9.1): never allprop, which is costly and incomplete. */
    static String propfind(DavName... props) {
        return HEADER + "<d:propfind" + NAMESPACES + "><d:prop>" + names(props) + "</d:prop></d:propfind>";
    }

    /**
     * sync-collection REPORT (RFC 6578 §3.2, §6.1): an empty sync-token element asks for an initial
     * sync; sync-level 1 lists the address book's own members (address books have no sub-collections).
     */
    static String syncCollection(String syncToken, DavName... props) {
        String token = syncToken == null ? "<d:sync-token/>" : "<d:sync-token>" + escape(syncToken) + "</d:sync-token>";
        return HEADER + "<d:sync-collection" + NAMESPACES + ">" + token + "<d:sync-level>1</d:sync-level><d:prop>"
                + names(props) + "</d:prop></d:sync-collection>";
    }

    /**
     * addressbook-multiget (RFC 6352 §8.7) or calendar-multiget (RFC 4791 §7.9) REPORT: ETag and the
     * whole member text of each href.
     */
    static String multiget(DavCollectionKind kind, List<String> hrefs) {
        String report = prefix(kind.multiget()) + ":" + kind.multiget().localName();
        StringBuilder sb = new StringBuilder(HEADER).append('<').append(report).append(NAMESPACES)
                .append("><d:prop><d:getetag/>").append(names(kind.data())).append("</d:prop>");
        for (String href : hrefs) {
            sb.append("<d:href>").append(escape(href)).append("</d:href>");
        }
        return sb.append("</").append(report).append('>').toString();
    }

    /**
     * calendar-query REPORT (RFC 4791 §7.8, time-range §9.9): the ETags of the members holding a
     * {@code component} that overlaps {@code [from, to)}; a recurring one counts when any of its
     * occurrences does (§9.9), so a series begun years ago is still listed.
     */
    static String calendarQuery(String component, java.time.Instant from, java.time.Instant to) {
        return HEADER + "<cal:calendar-query" + NAMESPACES + "><d:prop><d:getetag/></d:prop><cal:filter>"
                + "<cal:comp-filter name=\"VCALENDAR\"><cal:comp-filter name=\"" + escape(component) + "\">"
                + "<cal:time-range start=\"" + utc(from) + "\" end=\"" + utc(to) + "\"/>"
                + "</cal:comp-filter></cal:comp-filter></cal:filter></cal:calendar-query>";
    }

    /** RFC 4791 §9.9: time-range attributes are UTC date-times, "20261203T080000Z". */
    private static String utc(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(at);
    }

    private static String names(DavName... props) {
        StringBuilder sb = new StringBuilder();
        for (DavName p : props) {
            sb.append('<').append(prefix(p)).append(':').append(p.localName()).append("/>");
        }
        return sb.toString();
    }

    private static String prefix(DavName name) {
        return switch (name.namespace()) {
            case DavName.DAV -> "d";
            case DavName.CARDDAV -> "c";
            case DavName.CALDAV -> "cal";
            case DavName.CALENDARSERVER -> "cs";
            default -> throw new IllegalArgumentException("no prefix for namespace " + name.namespace());
        };
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
