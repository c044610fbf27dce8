package org.koppel.crm.group;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A named set of relations. {@code mainGroup} is the heading it is filed under ("Outlook", say:
 * sync scope can select the groups of a main group that a user owns).
 */
public record Group(Long id, Long version, String name, String mainGroup, Long ownerId,
                    @JsonProperty("public") boolean isPublic, List<Long> memberIds,
                    Instant createdAt, Instant updatedAt) {
}
