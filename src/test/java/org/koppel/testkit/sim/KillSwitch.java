package org.koppel.testkit.sim;

/**
 * When a run "dies": after a set number of peer calls (each call one or more HTTP requests, so a run
 * is cut before or after any write), as if the process were killed. Optionally something happens
 * at a set call instead, while the run is under way: a concurrent edit in Koppel or in the peer.
 */
public final class KillSwitch {

    private int callsLeft = Integer.MAX_VALUE;
    private int callsToAction = Integer.MAX_VALUE;
    private Runnable action;
    private int kills;

    /** The run dies at its {@code calls}+1-th step (0: at once). */
    public synchronized void killAfter(int calls) {
        callsLeft = calls;
    }

    /** {@code action} runs at the run's {@code calls}+1-th step, once. */
    public synchronized void meanwhile(int calls, Runnable action) {
        this.callsToAction = calls;
        this.action = action;
    }

    public synchronized void disarm() {
        callsLeft = Integer.MAX_VALUE;
        callsToAction = Integer.MAX_VALUE;
        action = null;
    }

    public synchronized int kills() {
        return kills;
    }

    /** One step of a run; throws what a dead process would leave behind: nothing handled, nothing after. */
    void step() {
        Runnable now = null;
        synchronized (this) {
            if (callsToAction-- <= 0 && action != null) {
                now = action;
                action = null;
            }
            if (callsLeft-- <= 0) {
                callsLeft = Integer.MAX_VALUE;
                kills++;
                throw new Killed();
            }
        }
        if (now != null) now.run();
    }

    /** Not a peer failure: the engine must not handle it, as it could not handle a kill. */
    public static final class Killed extends RuntimeException {
        Killed() {
            super("killed here, as if the process died", null, false, false);
        }
    }
}
