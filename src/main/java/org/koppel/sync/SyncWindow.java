package org.koppel.sync;

import java.time.Instant;

/**
 * The span of time a run of a dated data type covers: appointments that touch it are in scope
 * (CRMcorner syncs a month ahead), tasks due before its end. {@code from} is inclusive, {@code to}
 * exclusive.
 */
public record SyncWindow(Instant from, Instant to) {

    public boolean touches(Instant start, Instant end) {
        return (end == null || end.isAfter(from)) && (start == null || start.isBefore(to));
    }
}
