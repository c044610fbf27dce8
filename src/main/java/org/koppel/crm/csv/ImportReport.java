package org.koppel.crm.csv;

import java.util.List;
import java.util.Map;

import org.koppel.crm.csv.ImportRow.Status;

/** Every row of one import or dry run, in file order, and the column mapping used. */
public record ImportReport(boolean dryRun, Map<String, String> mapping, List<ImportRow> rows) {

    public long count(Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /** Created, or would be created by the import. */
    public long valid() {
        return count(Status.CREATED) + count(Status.WOULD_CREATE);
    }

    /** Invalid, duplicate or failed: not imported, with the reason. */
    public List<ImportRow> refused() {
        return rows.stream().filter(r -> r.status() != Status.CREATED && r.status() != Status.WOULD_CREATE).toList();
    }
}
