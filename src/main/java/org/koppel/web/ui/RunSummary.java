package org.koppel.web.ui;

import java.time.Duration;
import java.time.Instant;

import org.koppel.sync.RunReport;
import org.koppel.sync.RunReport.Totals;

/** One run as tables show it: when and why it ran, how it ended, and its totals summed over the data types. */
public record RunSummary(long id, Instant startedAt, String started, String took, String trigger, RunReport.Status status,
                         String errorKind, long peerRequests, Totals totals) {

    static RunSummary of(RunReport run, Dates dates) {
        return new RunSummary(run.id(), run.startedAt(), dates.moment(run.startedAt()), took(run), run.trigger(),
                run.status(), run.errorKind(), run.peerRequests(), sum(run));
    }

    static Totals sum(RunReport run) {
        Totals sum = new Totals(0, 0, 0, 0, 0, 0, 0);
        for (Totals t : run.totals().values()) {
            sum = new Totals(sum.total() + t.total(), sum.created() + t.created(), sum.updated() + t.updated(),
                    sum.unchanged() + t.unchanged(), sum.skipped() + t.skipped(), sum.conflicts() + t.conflicts(),
                    sum.errors() + t.errors());
        }
        return sum;
    }

    /** "0.4 s", "3 min 5 s"; empty while the run is still going. */
    static String took(RunReport run) {
        if (run.startedAt() == null || run.finishedAt() == null) return "";
        Duration d = Duration.between(run.startedAt(), run.finishedAt());
        // the reader's decimal separator (0,4 s in Dutch and Italian)
        if (d.toSeconds() < 60) return String.format(org.springframework.context.i18n.LocaleContextHolder.getLocale(), "%.1f s",
                d.toMillis() / 1000.0);
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
