package org.koppel.connector.dav;

/**
 * The server refused the credentials (401) or the account's rights (a plain 403). Retrying won't
 * help: the connection is marked and its owner told, with no retry storm.
 */
public final class DavAuthException extends DavException {

    public DavAuthException(String message, int status) {
        super(message, status, null);
    }
}
