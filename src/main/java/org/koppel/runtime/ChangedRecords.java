package org.koppel.runtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Change;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;

/**
 * The records one batch of the change log changed, each with who wrote it: the connection of a
 * sync's write, or {@link #ELSEWHERE} for a person, token or Koppel itself. A record is a reason to
 * run a connection unless that connection wrote every one of its changes (DESIGN rule 3: no echo).
 */
final class ChangedRecords {

    /** The writer of a change that no connection made. Connection ids start at 1. */
    static final long ELSEWHERE = 0;

    private final Map<Long, Set<Long>> writers = new HashMap<>();

    /** No records yet; {@link #addThrough} adds some. */
    static ChangedRecords none() {
        return new ChangedRecords();
    }

    /** The records of these types among the changes, with their writers. */
    static ChangedRecords of(List<Change> changes, Set<RecordType> types) {
        var records = new ChangedRecords();
        for (Change change : changes) {
            if (!types.contains(change.recordType())) continue;
            Origin origin = change.origin();
            long writer = origin.type() == Origin.OriginType.CONNECTION && origin.id() != null ? origin.id() : ELSEWHERE;
            records.writers.computeIfAbsent(change.recordId(), k -> new HashSet<>()).add(writer);
        }
        return records;
    }

    /**
     * Adds records that changed through others (a contact person through their organisation, a
     * member through their group): each has the writers of the records it came through.
     */
    void addThrough(Map<Long, Set<Long>> throughRecords, ChangedRecords changed) {
        throughRecords.forEach((record, via) -> via.forEach(v -> {
            Set<Long> viaWriters = changed.writers.get(v);
            if (viaWriters != null) writers.computeIfAbsent(record, k -> new HashSet<>()).addAll(viaWriters);
        }));
    }

    Set<Long> ids() {
        return writers.keySet();
    }

    boolean isEmpty() {
        return writers.isEmpty();
    }

    /** Whether someone other than this connection changed the record. */
    boolean reasonFor(long connectionId, long record) {
        Set<Long> by = writers.get(record);
        return by != null && by.stream().anyMatch(w -> w != connectionId);
    }

    /** The records someone other than this connection changed. */
    Set<Long> reasonsFor(long connectionId) {
        var reasons = new HashSet<Long>();
        writers.keySet().forEach(r -> {
            if (reasonFor(connectionId, r)) reasons.add(r);
        });
        return reasons;
    }

    /** Whether any of these records is a reason for the connection. */
    boolean anyReasonFor(long connectionId, Collection<Long> records) {
        return records.stream().anyMatch(r -> reasonFor(connectionId, r));
    }
}
