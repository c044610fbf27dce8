package org.koppel.runtime;

/** A run that would unlink or delete too many links at once: it stops before changing anything and asks. */
public class MassChangeException extends RuntimeException {

    /** The reasons of the run report's items the stop held: left the scope, or deleted in the peer. */
    public static final String HELD_LEAVING = "held by the safety stop: left the sync scope, so this run would unlink it";
    public static final String HELD_GONE = "held by the safety stop: deleted in the peer, so this run would unlink it";

    public MassChangeException(int affected, int links) {
        super("this run would unlink or delete " + affected + " of " + links + " synced contacts; nothing was changed. "
                + "If that is intended (say, a new scope), confirm it and sync again");
    }
}
