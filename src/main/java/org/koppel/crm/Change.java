package org.koppel.crm;

import java.time.Instant;
import java.util.List;

/** One entry of the change log: a committed write to one record. */
public record Change(long seq, RecordType recordType, long recordId, Operation operation,
                     List<String> fields, Origin origin, Instant changedAt) {

    public enum Operation { CREATE, UPDATE, DELETE, RESTORE }
}
