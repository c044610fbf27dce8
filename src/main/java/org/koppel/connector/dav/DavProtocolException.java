package org.koppel.connector.dav;

/**
 * The server answered something this client cannot make sense of: malformed or unsafe XML, a body
 * over the size limit, a status no RFC allows here. Not retried: the same request gets the same
 * answer.
 */
public final class DavProtocolException extends DavException {

    public DavProtocolException(String message) {
        super(message, 0, null);
    }

    public DavProtocolException(String message, int status) {
        super(message, status, null);
    }

    public DavProtocolException(String message, Throwable cause) {
        super(message, 0, cause);
    }
}
