package org.koppel.web.api;

import java.util.List;
import java.util.Map;

/**
 * The fields of a bulk change's body, for the OpenAPI document (the body is read by BulkRequests).
 *
 * @param selection {@code {"ids": [...]}} or {@code {"filter": {...}}} with the list's parameters
 * @param action reassign-manager, reassign-owner, add-to-group, remove-from-group, set-sync-flag,
 *               clear-sync-flag or delete
 * @param fromOwnerId reassign-owner: the owner replaced; without it {@code toOwnerId} is added
 */
record BulkBody(Selection selection, String action, Long managerId, Long fromOwnerId, Long toOwnerId, Long groupId) {

    record Selection(List<Long> ids, Map<String, String> filter) {
    }
}
