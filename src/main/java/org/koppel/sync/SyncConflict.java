package org.koppel.sync;

import java.time.Instant;

/** A logged conflict: the field, the three values, who won, and whether an admin restored the loser. */
public record SyncConflict(long id, long connectionId, Long runId, DataType dataType, long crmId, String peerId,
                           String field, String baseValue, String crmValue, String peerValue, String winner,
                           Instant createdAt, Instant restoredAt) {

    public String losingValue() {
        return "CRM".equals(winner) ? peerValue : crmValue;
    }
}
