package org.koppel.connector.dav;

import org.w3c.dom.Node;

/** A namespaced XML element name as WebDAV uses them: {@code DAV:getetag}, {@code CARDDAV:address-data}, {@code CALDAV:calendar-data}. */
public record DavName(String namespace, String localName) {

    static final String DAV = "DAV:";
    static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    /** Apple's CalendarServer namespace; only {@code getctag} is used from it. */
    static final String CALENDARSERVER = "http://calendarserver.org/ns/";

    static final DavName MULTISTATUS = dav("multistatus");
    static final DavName RESPONSE = dav("response");
    static final DavName HREF = dav("href");
    static final DavName STATUS = dav("status");
    static final DavName PROPSTAT = dav("propstat");
    static final DavName PROP = dav("prop");
    static final DavName ERROR = dav("error");
    static final DavName GETETAG = dav("getetag");
    static final DavName RESOURCETYPE = dav("resourcetype");
    static final DavName COLLECTION = dav("collection");
    static final DavName DISPLAYNAME = dav("displayname");
    static final DavName SYNC_TOKEN = dav("sync-token");
    static final DavName SYNC_COLLECTION = dav("sync-collection");
    static final DavName SUPPORTED_REPORT_SET = dav("supported-report-set");
    static final DavName CURRENT_USER_PRINCIPAL = dav("current-user-principal");
    static final DavName VALID_SYNC_TOKEN = dav("valid-sync-token");
    static final DavName ADDRESSBOOK = carddav("addressbook");
    static final DavName ADDRESSBOOK_HOME_SET = carddav("addressbook-home-set");
    static final DavName ADDRESS_DATA = carddav("address-data");
    static final DavName ADDRESSBOOK_MULTIGET = carddav("addressbook-multiget");
    static final DavName NO_UID_CONFLICT = carddav("no-uid-conflict");
    static final DavName CALENDAR = caldav("calendar");
    static final DavName CALENDAR_HOME_SET = caldav("calendar-home-set");
    static final DavName CALENDAR_DATA = caldav("calendar-data");
    static final DavName CALENDAR_MULTIGET = caldav("calendar-multiget");
    static final DavName CALENDAR_QUERY = caldav("calendar-query");
    static final DavName SUPPORTED_CALENDAR_COMPONENT_SET = caldav("supported-calendar-component-set");
    static final DavName COMP = caldav("comp");
    static final DavName NO_UID_CONFLICT_CALDAV = caldav("no-uid-conflict");
    static final DavName GETCTAG = new DavName(CALENDARSERVER, "getctag");

    static DavName dav(String localName) {
        return new DavName(DAV, localName);
    }

    static DavName carddav(String localName) {
        return new DavName(CARDDAV, localName);
    }

    static DavName caldav(String localName) {
        return new DavName(CALDAV, localName);
    }

    static DavName of(Node node) {
        String ns = node.getNamespaceURI();
        return new DavName(ns == null ? "" : ns, node.getLocalName());
    }

    boolean matches(Node node) {
        return node.getNodeType() == Node.ELEMENT_NODE && localName.equals(node.getLocalName())
                && namespace.equals(node.getNamespaceURI() == null ? "" : node.getNamespaceURI());
    }

    /** How the RFCs write it, for error messages: {@code DAV:valid-sync-token}, {@code CARDDAV:no-uid-conflict}. */
    @Override
    public String toString() {
        return switch (namespace) {
            case DAV -> "DAV:" + localName;
            case CARDDAV -> "CARDDAV:" + localName;
            case CALDAV -> "CALDAV:" + localName;
            case CALENDARSERVER -> "CS:" + localName;
            default -> "{" + namespace + "}" + localName;
        };
    }
}
