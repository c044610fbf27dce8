package org.koppel.web.ui;

import java.util.List;
import java.util.Map;

import org.koppel.sync.RunReport;

/**
 * A run report for the page: the report itself, its times as text, the names of the relations its
 * items are about (an item of a relation deleted since shows its id only), the reasons of the items shown in
 * the reader's language ({@code reasons}, one per item shown; see ItemReasons), and why it did not simply
 * succeed ({@code reason}, null when it did).
 */
public record RunReportView(RunReport report, String started, String finished, String took,
                            Map<Long, String> relationNames, List<RunReport.Item> itemsShown, List<String> reasons,
                            int queueWaiting,
                            FailureReason reason) {

    public boolean allItemsShown() {
        return itemsShown.size() == report.items().size();
    }

    /**
     * The run's mail counts, or null when it read no mail. A mail's created is logged, updated is logged
     * before and now under more relations, unchanged is logged before, skipped is not logged (each item says why).
     */
    public RunReport.Totals mail() {
        return report.totals().get(org.koppel.sync.DataType.EMAIL);
    }

    public boolean anyConflicts() {
        return report.totals().values().stream().anyMatch(t -> t.conflicts() > 0);
    }

    /** "Nothing needed doing" is true only of a run that finished well and changed nothing. */
    public boolean nothingNeededDoing() {
        return report.items().isEmpty() && report.status() == RunReport.Status.SUCCEEDED;
    }
}
