package org.koppel.web.ui;

import java.util.List;
import java.util.Map;

import org.koppel.sync.RunReport;

/**
 * A run report for the page: the report itself, its times as text, and the names of the relations
 * its items are about (an item of a relation deleted since shows its id only).
 */
public record RunReportView(RunReport report, String started, String finished, String took,
                            Map<Long, String> relationNames, List<RunReport.Item> itemsShown, int queueWaiting) {

    public boolean allItemsShown() {
        return itemsShown.size() == report.items().size();
    }

    /**
     * The run's mail counts in words, or null when it read no mail: "Mail: 3 logged, 1 not logged, ...".
     * A mail's created is logged, updated is logged before and now under more relations, unchanged is
     * logged before, skipped is not logged (each item says why).
     */
    public String mailLine() {
        RunReport.Totals t = report.totals().get(org.koppel.sync.DataType.EMAIL);
        if (t == null) return null;
        var parts = new java.util.ArrayList<String>();
        parts.add(t.created() + " logged");
        if (t.updated() > 0) parts.add(t.updated() + " logged before, now under more relations");
        parts.add(t.skipped() + " not logged" + (t.skipped() > 0 ? " (the reasons are below)" : ""));
        parts.add(t.unchanged() + " already logged");
        parts.add(t.errors() + (t.errors() == 1 ? " error" : " errors"));
        return "Mail: " + String.join(", ", parts);
    }

    public boolean anyConflicts() {
        return report.totals().values().stream().anyMatch(t -> t.conflicts() > 0);
    }
}
