package org.koppel.connector.dav;

import java.util.OptionalInt;

/**
 * Every failure of the CardDAV client, typed by what the caller should do about it (DESIGN.md
 * "Errors are typed"). Messages carry the URL and the server's status, never credentials.
 */
public abstract sealed class DavException extends RuntimeException
        permits DavAuthException, DavTransientException, DavProtocolException, DavConfigurationException,
        SyncTokenExpiredException, PreconditionFailedException, DavItemRejectedException {

    private final int status;

    DavException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status that caused this, absent for network failures and malformed bodies. */
    public OptionalInt status() {
        return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
    }
}
