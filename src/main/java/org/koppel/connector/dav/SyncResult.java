package org.koppel.connector.dav;

import java.util.List;
import java.util.Objects;

/**
 * What changed since a sync token (RFC 6578 §3.5): cards created or modified (with their new ETag
 * where the server gave one), hrefs removed, and the token to send next time. Commit the token
 * only after the changes are applied, or a crash would skip them.
 */
public record SyncResult(List<MemberEtag> changed, List<String> removed, String syncToken) {

    public SyncResult {
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        Objects.requireNonNull(syncToken, "syncToken");
    }
}
