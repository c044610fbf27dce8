package org.koppel.connector.dav;

import java.util.Objects;
import java.util.Optional;

/**
 * A card in the address book and its current ETag. The ETag is absent only when the server left
 * it out of a listing; the card then needs a multiget to learn it.
 */
public record MemberEtag(String href, Optional<String> etag) {

    public MemberEtag {
        Objects.requireNonNull(href, "href");
        Objects.requireNonNull(etag, "etag");
    }
}
