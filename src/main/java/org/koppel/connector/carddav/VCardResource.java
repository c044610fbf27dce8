package org.koppel.connector.carddav;

import java.util.Objects;

/**
 * A card as the server stores it: href, ETag and the vCard text. The text is the server's (it may
 * re-fold lines or change line endings compared with what was PUT), and XML transport turns CRLF
 * into LF in multiget results (XML 1.0 §2.11), so parsers must accept both.
 */
public record VCardResource(String href, String etag, String vcard) {

    public VCardResource {
        Objects.requireNonNull(href, "href");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(vcard, "vcard");
    }
}
