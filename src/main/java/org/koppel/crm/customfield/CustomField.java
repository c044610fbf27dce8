package org.koppel.crm.customfield;

import java.time.Instant;
import java.util.List;

import org.koppel.crm.relation.RelationKind;

/**
 * A field an organisation adds to one record type. {@code key} is how values are addressed
 * (in a relation's {@code customFields}); a pick list's options are ordered, the first is the
 * default a peer-created record gets.
 */
public record CustomField(Long id, Long version, RelationKind recordType, String key, String label,
                          CustomFieldType type, List<String> options, Integer position,
                          Instant createdAt, Instant updatedAt) {
}
