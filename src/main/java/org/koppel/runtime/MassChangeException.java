package org.koppel.runtime;

/** A run that would unlink or delete too many links at once: it stops before changing anything and asks. */
public class MassChangeException extends RuntimeException {

    public MassChangeException(int affected, int links) {
        super("this run would unlink or delete " + affected + " of " + links + " synced contacts; nothing was changed. "
                + "If that is intended (say, a new scope), confirm it and sync again");
    }
}
