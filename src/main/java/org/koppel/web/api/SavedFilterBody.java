package org.koppel.web.api;

import java.util.Map;

/**
 * The fields of a new saved filter, for the OpenAPI document: {@code filter} holds the relation
 * list's parameters (kind, q, manager, owner, former, group, deleted, flagged, sort, dir).
 */
record SavedFilterBody(String name, Boolean shared, Map<String, String> filter) {
}
