package org.koppel.runtime;

/**
 * A run under way on this node, as the heartbeat sees it: the connection, the fencing token of its
 * lease, and the thread it runs on. Stopping it makes its next peer call fail, and interrupts a peer
 * call under way (a slow or hanging server); the thread is interrupted only inside a peer call, never
 * during the run's database writes, whose driver may not survive an interrupt (on a virtual thread
 * it closes the socket). A connector that writes inside a peer call (the Microsoft sign-in storing
 * refreshed tokens) does so on a thread of its own.
 */
final class LiveRun {

    final long connectionId;
    final long token;
    private final Thread thread;
    private RunStopped stopped;
    private boolean inPeerCall;

    LiveRun(long connectionId, long token, Thread thread) {
        this.connectionId = connectionId;
        this.token = token;
        this.thread = thread;
    }

    synchronized void stop(RunStopped why) {
        if (stopped != null) return;
        stopped = why;
        if (inPeerCall) thread.interrupt();
    }

    /** Why the run was stopped, as a new exception to throw on the run's thread; null while it may go on. */
    synchronized RunStopped stopCause() {
        return stopped == null ? null : new RunStopped(stopped.kind(), stopped.getMessage());
    }

    /** @throws RunStopped when the run was stopped */
    synchronized void throwIfStopped() {
        if (stopped != null) throw stopCause();
    }

    /**
     * A call to the peer: refused once the run was stopped, and a call the stop interrupted ends the
     * run as stopped rather than as the transient failure the connector made of the interrupt.
     */
    <T> T peerCall(java.util.function.Supplier<T> work) {
        enterPeerCall();
        try {
            return work.get();
        } catch (RuntimeException e) {
            RunStopped stopped = stopCause();
            if (stopped != null) {
                stopped.addSuppressed(e);
                throw stopped;
            }
            throw e;
        } finally {
            leavePeerCall();
        }
    }

    synchronized void enterPeerCall() {
        throwIfStopped();
        inPeerCall = true;
    }

    /** Clears the interrupt a stop sent, so the run's own closing writes are not interrupted. */
    synchronized void leavePeerCall() {
        inPeerCall = false;
        if (stopped != null) Thread.interrupted();
    }
}
