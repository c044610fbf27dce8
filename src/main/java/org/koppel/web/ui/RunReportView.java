package org.koppel.web.ui;

import java.util.List;
import java.util.Map;

import org.koppel.sync.RunReport;

/**
 * A run report for the page: the report itself, its times as text, and the names of the relations
 * its items are about (an item of a relation deleted since shows its id only).
 */
public record RunReportView(RunReport report, String started, String finished, String took,
                            Map<Long, String> relationNames, List<RunReport.Item> itemsShown) {

    public boolean allItemsShown() {
        return itemsShown.size() == report.items().size();
    }

    public boolean anyConflicts() {
        return report.totals().values().stream().anyMatch(t -> t.conflicts() > 0);
    }
}
