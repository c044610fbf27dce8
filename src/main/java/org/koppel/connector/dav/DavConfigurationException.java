package org.koppel.connector.dav;

/**
 * The connection's settings don't lead to a usable address book: no CardDAV service found, the
 * address book is gone (404), plain HTTP refused. A run is refused with this message until someone
 * changes the settings.
 */
public final class DavConfigurationException extends DavException {

    public DavConfigurationException(String message) {
        super(message, 0, null);
    }

    public DavConfigurationException(String message, int status) {
        super(message, status, null);
    }
}
