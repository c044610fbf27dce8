package org.koppel.crm.relation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;

/**
 * An organisation, a person or a lead. Each is a flat record, so its JSON form is flat too; the
 * fields every relation has are declared here. {@code id}, {@code version} and the timestamps are
 * set by the store and ignored on input.
 */
public sealed interface Relation permits Organisation, Person, Lead {

    /** Read-only JSON fields computed from the others. */
    Set<String> DERIVED_FIELDS = Set.of("kind", "displayName", "deleted", "privateIndividual", "employeeId");
    /** The length of the column a relation is listed by. */
    int MAX_DISPLAY_NAME = 400;
    /** Custom values are compared in their stored form, apart from the JSON diff. */
    Set<String> DERIVED_AND_CUSTOM = Set.of("kind", "displayName", "deleted", "privateIndividual", "employeeId",
            "customFields");

    Long id();
    Long version();
    RelationKind kind();
    /** How the relation is listed: an organisation's name, a person's full name. */
    String displayName();

    /** The relation manager: exactly one employee. */
    Long managerId();
    List<Long> ownerIds();
    boolean former();
    List<String> relationTypes();
    List<Address> addresses();
    String comment();
    Map<String, Object> customFields();

    Instant createdAt();
    Instant updatedAt();
    Instant deletedAt();

    /** The same relation with text trimmed, blanks as null and absent lists empty. */
    Relation cleaned();

    /** Checks the kind-specific fields; the shared ones are checked by the write path. */
    void checkDetails(Checks checks, LocalDate today);

    /** Names, e-mail addresses and phone numbers a search should find this relation by. */
    List<String> searchTerms();

    default boolean deleted() {
        return deletedAt() != null;
    }
}
