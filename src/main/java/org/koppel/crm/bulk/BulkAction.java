package org.koppel.crm.bulk;

/** What a bulk change does to each selected relation. */
public sealed interface BulkAction {

    /** Makes this employee the relation manager. */
    record ReassignManager(long managerId) implements BulkAction {
    }

    /**
     * Puts {@code toOwnerId} in the owners in place of {@code fromOwnerId} (a leaver's relations);
     * without {@code fromOwnerId}, adds {@code toOwnerId} to the owners.
     */
    record ReassignOwner(Long fromOwnerId, long toOwnerId) implements BulkAction {
    }

    record AddToGroup(long groupId) implements BulkAction {
    }

    record RemoveFromGroup(long groupId) implements BulkAction {
    }

    /** The editor's own sync flag: nobody sets another's (it fills that person's address book). */
    record SyncFlag(boolean flagged) implements BulkAction {
    }

    /** Soft delete, as one by one: restorable. */
    record Delete() implements BulkAction {
    }
}
