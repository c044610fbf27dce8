package org.koppel.crm.relation;

/**
 * What to list, and in which order. Every criterion is optional. {@code q} matches part of a name,
 * e-mail address or phone number; {@code email} and {@code phone} match a whole address or number
 * (phone numbers compared as international digits, so "020-1234567" finds "+31 20 123 4567").
 *
 * @param deleted true lists only deleted relations, false (the default) only live ones
 * @param sort null sorts by name
 */
public record RelationQuery(RelationKind kind, String q, String email, String phone, Long managerId,
                            Long ownerId, Boolean former, boolean deleted, Long groupId, Long syncFlaggedBy,
                            RelationSort sort, boolean descending, int page, int size) {

    public RelationQuery {
        if (sort == null) sort = RelationSort.NAME;
    }

    /** Sorted by name, a to z. */
    public RelationQuery(RelationKind kind, String q, String email, String phone, Long managerId,
                         Long ownerId, Boolean former, boolean deleted, Long groupId, Long syncFlaggedBy,
                         int page, int size) {
        this(kind, q, email, phone, managerId, ownerId, former, deleted, groupId, syncFlaggedBy, RelationSort.NAME,
                false, page, size);
    }

    public static RelationQuery all(RelationKind kind) {
        return new RelationQuery(kind, null, null, null, null, null, null, false, null, null, 0, 50);
    }

    public RelationQuery withPage(int newPage, int newSize) {
        return new RelationQuery(kind, q, email, phone, managerId, ownerId, former, deleted, groupId, syncFlaggedBy,
                sort, descending, newPage, newSize);
    }
}
