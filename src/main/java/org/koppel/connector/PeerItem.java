package org.koppel.connector;

import java.util.Set;

import org.koppel.sync.Snapshot;

/**
 * One item as the peer holds it: its id there (a CardDAV href, a Graph id), its version (ETag,
 * changeKey), the CRM id stamped into it if any, its mapped values, its categories, and the raw
 * content a connector needs to change only the mapped values on update. {@code modifiedAt} is when
 * the peer says the item last changed (vCard REV), if it says so: the newest-wins rule needs it.
 */
public record PeerItem(String peerId, String version, Long stampedCrmId, Snapshot values, Set<String> categories,
                       String raw, java.time.Instant modifiedAt) {
}
