package org.koppel.runtime;

import java.time.Duration;

/**
 * Work done for the whole cluster every so often, by one node at a time (the change fan-out, retention).
 * The job scheduler runs every bean of this type as a recurring job on the shared database, so adding
 * a node never runs it twice at once, and a node that dies hands it to another.
 */
public interface ClusterJob {

    /** Stable name: stored as the job's name in the database. */
    String name();

    /** Time from one run's end to the next one's start. */
    Duration every();

    void run();
}
