package org.koppel.connector.dav;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An address book or a calendar found by discovery.
 *
 * @param url                    the collection URL, ending in '/'
 * @param displayName            {@code DAV:displayname}, or the last path segment when there is none
 * @param ctag                   CalendarServer {@code getctag}, when the server has it
 * @param syncToken              {@code DAV:sync-token} (RFC 6578 §4), when the server has it
 * @param supportsSyncCollection the sync-collection REPORT is in {@code DAV:supported-report-set}
 *                               (RFC 3253 §3.1.5, required by RFC 6578 §3.1)
 * @param components             for a calendar, the components it takes (VEVENT, VTODO: RFC 4791
 *                               §5.2.3); empty when the server does not say, which means any
 */
public record DavCollectionInfo(URI url, String displayName, Optional<String> ctag, Optional<String> syncToken,
        boolean supportsSyncCollection, java.util.Set<String> components) {

    public DavCollectionInfo {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(ctag, "ctag");
        Objects.requireNonNull(syncToken, "syncToken");
        components = java.util.Set.copyOf(components);
    }

    /** Whether the calendar takes this component (VEVENT, VTODO); a server that does not say takes any. */
    public boolean takes(String component) {
        return components.isEmpty() || components.contains(component);
    }
}
