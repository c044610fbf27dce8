package org.koppel.connector.dav;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What discovery found for one user: the principal (RFC 5397), its home sets of one kind (RFC 6352
 * §7.1.1, RFC 4791 §6.2.1; usually one) and the address books or calendars in them.
 */
public record DavAccount(URI principal, List<URI> homeSets, List<DavCollectionInfo> collections) {

    public DavAccount {
        Objects.requireNonNull(principal, "principal");
        homeSets = List.copyOf(homeSets);
        collections = List.copyOf(collections);
    }
}
