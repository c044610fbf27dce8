package org.koppel.connector.carddav;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What discovery found for one user: the principal (RFC 5397), its address-book home sets
 * (RFC 6352 §7.1.1, usually one) and the address books in them.
 */
public record CardDavAccount(URI principal, List<URI> homeSets, List<AddressBookInfo> addressBooks) {

    public CardDavAccount {
        Objects.requireNonNull(principal, "principal");
        homeSets = List.copyOf(homeSets);
        addressBooks = List.copyOf(addressBooks);
    }
}
