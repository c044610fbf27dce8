package org.koppel.connector.carddav;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An address book found by discovery.
 *
 * @param url                    the collection URL, ending in '/'
 * @param displayName            {@code DAV:displayname}, or the last path segment when there is none
 * @param ctag                   CalendarServer {@code getctag}, when the server has it
 * @param syncToken              {@code DAV:sync-token} (RFC 6578 §4), when the server has it
 * @param supportsSyncCollection the sync-collection REPORT is in {@code DAV:supported-report-set}
 *                               (RFC 3253 §3.1.5, required by RFC 6578 §3.1)
 */
public record AddressBookInfo(URI url, String displayName, Optional<String> ctag, Optional<String> syncToken,
        boolean supportsSyncCollection) {

    public AddressBookInfo {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(ctag, "ctag");
        Objects.requireNonNull(syncToken, "syncToken");
    }
}
