package org.koppel.connector.dav;

/**
 * The server no longer accepts the sync token (RFC 6578 §3.2: 403 or 409 with the
 * {@code DAV:valid-sync-token} precondition). The engine falls back to a full listing
 * ({@link DavCollectionClient#listEtags()}) reconciled against its links: never wipe, never re-import.
 */
public final class SyncTokenExpiredException extends DavException {

    private final String syncToken;

    public SyncTokenExpiredException(String syncToken, int status) {
        super("the server rejected sync token " + syncToken + " (" + status
                + ", DAV:valid-sync-token); a full listing is needed", status, null);
        this.syncToken = syncToken;
    }

    public String syncToken() {
        return syncToken;
    }
}
