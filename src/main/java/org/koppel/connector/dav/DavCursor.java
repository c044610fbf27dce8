package org.koppel.connector.dav;

/**
 * Where a CardDAV connection left off, stored as versioned JSON: the RFC 6578 sync token, or, for a
 * server without sync-collection, the address book's CTag (a changed CTag means a listing of ETags).
 */
public record DavCursor(int version, String syncToken, String ctag) {

    public static final int CURRENT = 1;
}
