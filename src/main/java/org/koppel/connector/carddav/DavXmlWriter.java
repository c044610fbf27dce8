package org.koppel.connector.carddav;

import java.util.List;

/** Builds the request bodies. Fixed prefixes: d = DAV:, c = CardDAV, cs = CalendarServer. */
final class DavXmlWriter {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    private static final String NAMESPACES = " xmlns:d=\"DAV:\" xmlns:c=\"" + DavName.CARDDAV + "\" xmlns:cs=\""
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

    /** addressbook-multiget REPORT (RFC 6352 §8.7): ETag and the whole vCard of each href. */
    static String multiget(List<String> hrefs) {
        StringBuilder sb = new StringBuilder(HEADER).append("<c:addressbook-multiget").append(NAMESPACES)
                .append("><d:prop><d:getetag/><c:address-data/></d:prop>");
        for (String href : hrefs) {
            sb.append("<d:href>").append(escape(href)).append("</d:href>");
        }
        return sb.append("</c:addressbook-multiget>").toString();
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
