package org.koppel.connector.dav;

/**
 * What sets a CardDAV address book apart from a CalDAV calendar at the protocol level; everything
 * else (sync-collection, ETag listings, conditional writes, the limits on what a server may send)
 * is the same WebDAV for both.
 *
 * @param wellKnown    the RFC 6764 §5 context path
 * @param homeSet      the principal's property naming where the collections live
 * @param resourceType what a collection of this kind holds in {@code DAV:resourcetype}
 * @param multiget     the REPORT that fetches many members at once (RFC 6352 §8.7, RFC 4791 §7.9)
 * @param data         the property holding a member's text in that REPORT
 * @param contentType  a member's media type on PUT
 * @param extension    of the resource names Koppel gives new members
 * @param noun         what one member is called in messages
 */
public record DavCollectionKind(String wellKnown, DavName homeSet, DavName resourceType, DavName multiget,
        DavName data, String contentType, String extension, String noun) {

    public static final DavCollectionKind ADDRESS_BOOK = new DavCollectionKind("/.well-known/carddav",
            DavName.ADDRESSBOOK_HOME_SET, DavName.ADDRESSBOOK, DavName.ADDRESSBOOK_MULTIGET, DavName.ADDRESS_DATA,
            "text/vcard; charset=utf-8", "vcf", "card");

    public static final DavCollectionKind CALENDAR = new DavCollectionKind("/.well-known/caldav",
            DavName.CALENDAR_HOME_SET, DavName.CALENDAR, DavName.CALENDAR_MULTIGET, DavName.CALENDAR_DATA,
            "text/calendar; charset=utf-8", "ics", "calendar object");

    /** The media type without parameters, for Accept. */
    String mediaType() {
        return contentType.substring(0, contentType.indexOf(';'));
    }
}
