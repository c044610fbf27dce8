package org.koppel.crm.bulk;

import java.util.List;

import org.koppel.crm.bulk.BulkResult.Outcome;

/** The results of one bulk change, one per selected relation, in the order selected. */
public record BulkReport(List<BulkResult> results) {

    public long changed() {
        return count(Outcome.CHANGED);
    }

    public long unchanged() {
        return count(Outcome.UNCHANGED);
    }

    public long refused() {
        return count(Outcome.REFUSED);
    }

    public List<BulkResult> refusals() {
        return results.stream().filter(r -> r.outcome() == Outcome.REFUSED).toList();
    }

    private long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }
}
