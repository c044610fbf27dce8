package org.koppel.connector.dav;

/**
 * A conditional write lost (RFC 7232 §4.2, 412): for a create the href is already taken, for an
 * update or delete the card changed (or vanished) since the ETag was read. The caller refetches
 * and links or merges; the client never retries blindly.
 */
public final class PreconditionFailedException extends DavException {

    private final String href;

    public PreconditionFailedException(String href, int status, String message) {
        super(message, status, null);
        this.href = href;
    }

    public String href() {
        return href;
    }
}
