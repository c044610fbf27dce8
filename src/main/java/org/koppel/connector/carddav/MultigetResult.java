package org.koppel.connector.carddav;

import java.util.Map;
import java.util.Set;

/**
 * The cards a multiget found, keyed by the href as the caller passed it, and the hrefs the server
 * reported missing (404) or did not mention at all: deleted since they were listed.
 */
public record MultigetResult(Map<String, VCardResource> found, Set<String> missing) {

    public MultigetResult {
        found = Map.copyOf(found);
        missing = Set.copyOf(missing);
    }
}
