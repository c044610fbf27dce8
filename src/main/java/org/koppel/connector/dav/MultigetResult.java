package org.koppel.connector.dav;

import java.util.Map;
import java.util.Set;

/**
 * The cards a multiget found, keyed by the href as the caller passed it, the hrefs the server
 * reported missing (404) or did not mention at all: deleted since they were listed, and the cards
 * skipped with the reason (larger than the card limit): they exist but were not read.
 */
public record MultigetResult(Map<String, DavResource> found, Set<String> missing, Map<String, String> skipped) {

    public MultigetResult {
        found = Map.copyOf(found);
        missing = Set.copyOf(missing);
        skipped = Map.copyOf(skipped);
    }

    public MultigetResult(Map<String, DavResource> found, Set<String> missing) {
        this(found, missing, Map.of());
    }
}
