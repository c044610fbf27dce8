package org.koppel.connector.dav;

import java.util.Objects;

/**
 * A member as the server stores it: href, ETag and its text (a vCard, an iCalendar object). The text is the server's (it may
 * re-fold lines or change line endings compared with what was PUT), and XML transport turns CRLF
 * into LF in multiget results (XML 1.0 §2.11), so parsers must accept both.
 */
public record DavResource(String href, String etag, String data) {

    public DavResource {
        Objects.requireNonNull(href, "href");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(data, "data");
    }
}
