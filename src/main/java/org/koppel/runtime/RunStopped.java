package org.koppel.runtime;

/**
 * A run stopped from outside before it finished: its connection was paused or deleted during the
 * run, or the run lost its lease to another run (its node stalled past the lease). Nothing is lost:
 * links and cursors are stored only after the peer confirmed, so the next run goes on from there.
 */
final class RunStopped extends RuntimeException {

    /** The run report's error kind. */
    enum Kind { CANCELLED, LEASE_LOST }

    private final Kind kind;

    RunStopped(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    static RunStopped paused() {
        return new RunStopped(Kind.CANCELLED, "paused during the run: the run stopped; after resuming, the next run "
                + "goes on from where the last finished one ended");
    }

    static RunStopped deleted() {
        return new RunStopped(Kind.CANCELLED, "deleted during the run: the run stopped");
    }

    static RunStopped leaseLost() {
        return new RunStopped(Kind.LEASE_LOST, "lease lost: the run stalled past its lease and another run took the "
                + "connection over, so this run stopped without saving anything further; the other run goes on");
    }

    Kind kind() {
        return kind;
    }
}
