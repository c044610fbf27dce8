package org.koppel.connector;

import java.util.List;
import java.util.Set;

/**
 * What changed in the peer since a cursor. {@code changed} holds only items whose version the
 * engine did not already know (its own writes come back with known versions and are not fetched).
 * After a full listing ({@code complete}), {@code present} names every item the peer holds, so
 * links to anything else are gone; after an incremental one, {@code removed} names the deletions.
 * {@code rejected} are changed items the connector could not read (peer id and reason): they are
 * reported, and neither imported nor taken as deleted.
 */
public record PeerDelta(List<PeerItem> changed, List<String> removed, Set<String> present, boolean complete,
                        String nextCursor, java.util.Map<String, String> rejected) {

    public PeerDelta(List<PeerItem> changed, List<String> removed, Set<String> present, boolean complete,
                     String nextCursor) {
        this(changed, removed, present, complete, nextCursor, java.util.Map.of());
    }
}
