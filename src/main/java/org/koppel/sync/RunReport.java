package org.koppel.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one sync run did, per data type, with a reason for every item that did not simply stay the same. */
public record RunReport(long id, long connectionId, String trigger, Status status, String errorKind,
                        String errorMessage, long peerRequests, Instant startedAt, Instant finishedAt,
                        Map<DataType, Totals> totals, List<Item> items) {

    public enum Status { RUNNING, SUCCEEDED, FAILED, NEEDS_CONFIRMATION, REFUSED }

    public enum Outcome { CREATED_IN_PEER, CREATED_IN_CRM, UPDATED_PEER, UPDATED_CRM, UPDATED_BOTH, RELINKED, UNLINKED,
        DELETED_IN_PEER, QUEUED, HELD_FOR_REVIEW, SKIPPED, CONFLICT, ERROR }

    public record Totals(int total, int created, int updated, int unchanged, int skipped, int conflicts, int errors) {
    }

    public record Item(DataType dataType, Long crmId, String peerId, Outcome outcome, String reason) {
    }
}
