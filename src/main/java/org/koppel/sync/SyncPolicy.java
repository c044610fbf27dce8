package org.koppel.sync;

import java.util.Set;

/**
 * What a connection does with one data type, resolved from organisation, user-group and employee
 * settings (see SyncSettings).
 *
 * @param massChangeShare a run that would unlink or delete more than this share of the links stops and asks
 * @param massChangeMinimum ... but only when that is also more than this many links
 * @param windowDays dated types: how many days ahead are synced (appointments that start before then,
 *                   tasks due before then); CRMcorner syncs appointments a month ahead
 * @param windowPastDays appointments: how many days back are still synced, so last week's meeting can get its notes
 */
public record SyncPolicy(Direction direction, Set<ScopeRule> scope, String scopeMainGroup, Creation creation,
                         boolean removeFromPeerWhenOutOfScope, ConflictRule conflictRule, double massChangeShare,
                         int massChangeMinimum, int windowDays, int windowPastDays) {

    /** Which way changes flow for the data type as a whole. */
    public enum Direction { BOTH, CRM_TO_PEER, PEER_TO_CRM, OFF }

    /** Which CRM records belong in the employee's peer; several rules add up. Former records never do. */
    public enum ScopeRule { MANAGER, OWNER, SYNC_FLAG, GROUP, ALL }

    /** What happens to a peer item that no link knows. */
    public enum Creation {
        /** Never imported; only linked items sync back (Tribe / Microsoft 365). */
        NEVER,
        /** Imported when it carries the category "CRM" (CRMcorner). */
        WHEN_TAGGED,
        /** Put in the import queue for a person to choose organisation, person or lead. */
        QUEUE,
        /** Created as a person when it has a name and an organisation or an e-mail address (webCRM). */
        CREATE
    }

    /** Who wins when both sides changed one field to different values. */
    public enum ConflictRule { CRM_WINS, PEER_WINS, NEWEST_WINS }

    public static final String CRM_TAG = "CRM";

    /** The contact defaults. */
    public static SyncPolicy defaults() {
        return defaults(DataType.CONTACTS);
    }

    /**
     * The built-in defaults of a data type. Appointments and tasks are off until an admin turns them
     * on (a Microsoft 365 sign-in must then be asked for calendar and task access); once on, what
     * people plan in their own calendar or task list comes into Koppel (CRMcorner: both ways).
     */
    public static SyncPolicy defaults(DataType type) {
        return switch (type) {
            case CONTACTS -> new SyncPolicy(Direction.BOTH, Set.of(ScopeRule.MANAGER, ScopeRule.OWNER), null,
                    Creation.NEVER, false, ConflictRule.CRM_WINS, 0.2, 10, 31, 7);
            // A source system's relations: its new ones imported; both sides edited one field: the newest edit wins.
            case RELATIONS -> new SyncPolicy(Direction.BOTH, Set.of(), null, Creation.CREATE, false,
                    ConflictRule.NEWEST_WINS, 0.2, 10, 31, 7);
            // E-mail too: a Microsoft sign-in must be asked for mail access first (its own settings: MailPolicy).
            case APPOINTMENTS, TASKS, EMAIL -> new SyncPolicy(Direction.OFF, Set.of(), null, Creation.CREATE, false,
                    ConflictRule.CRM_WINS, 0.2, 10, 31, 7);
        };
    }

    /**
     * The span a run of a dated type covers, as of {@code now}, in whole UTC days: the same all day
     * long, so a peer that keeps the window in its cursor (Graph's calendarView delta) lists afresh
     * once a day, not on every run.
     */
    public SyncWindow window(java.time.Instant now) {
        java.time.Instant today = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        return new SyncWindow(today.minus(java.time.Duration.ofDays(windowPastDays)),
                today.plus(java.time.Duration.ofDays(windowDays + 1L)));
    }
}
