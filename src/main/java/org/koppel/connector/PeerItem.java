package org.koppel.connector;

import java.util.Set;

import org.koppel.sync.Snapshot;

/**
 * One item as the peer holds it: its id there (a CardDAV href, a Graph id), its version (ETag,
 * changeKey), the CRM id stamped into it if any, its mapped values, its categories, and the raw
 * content a connector needs to change only the mapped values on update.
 */
public record PeerItem(String peerId, String version, Long stampedCrmId, Snapshot values, Set<String> categories,
                       String raw) {
}
