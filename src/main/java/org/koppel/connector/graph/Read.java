package org.koppel.connector.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;

/**
 * Items read by id: those read, the ids Graph no longer has (404), and those it answered but the
 * connector could not map (id and reason).
 */
record Read(List<PeerItem> items, Set<String> missing, Map<String, String> rejected) {

    /** As {@code ItemPeer.fetch} returns them: by id, the missing absent; an unreadable one is ItemRejected. */
    Map<String, PeerItem> fetched() {
        if (!rejected.isEmpty()) {
            var first = rejected.entrySet().iterator().next();
            throw new PeerException.ItemRejected(first.getKey() + ": " + first.getValue(), null);
        }
        var result = new HashMap<String, PeerItem>();
        items.forEach(item -> result.put(item.peerId(), item));
        return result;
    }
}
