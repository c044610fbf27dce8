package org.koppel.sync;

import java.util.Set;

/**
 * What a connection does with one data type, resolved from organisation, user-group and employee
 * settings (see SyncSettings).
 *
 * @param massChangeShare a run that would unlink or delete more than this share of the links stops and asks
 * @param massChangeMinimum ... but only when that is also more than this many links
 */
public record SyncPolicy(Direction direction, Set<ScopeRule> scope, String scopeMainGroup, Creation creation,
                         boolean removeFromPeerWhenOutOfScope, ConflictRule conflictRule, double massChangeShare,
                         int massChangeMinimum) {

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

    public static SyncPolicy defaults() {
        return new SyncPolicy(Direction.BOTH, Set.of(ScopeRule.MANAGER, ScopeRule.OWNER), null, Creation.NEVER, false,
                ConflictRule.CRM_WINS, 0.2, 10);
    }
}
