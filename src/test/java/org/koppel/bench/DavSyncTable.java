package org.koppel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;

/** The results table of the DAV benchmarks: per step Koppel's run beside vdirsyncer's sync of the same objects. */
final class DavSyncTable {

    /** One step: Koppel's run (timed, requests by Radicale's log and by its own count, what it did) and vdirsyncer's. */
    record Step(String name, double koppelSeconds, long koppelRequests, long koppelOwnCount, String koppelDid,
                double vdirSeconds, long vdirRequests) {

        static Step of(String name, BenchRuns.Measured k, VdirsyncerSide.Measured v) {
            return new Step(name, k.seconds(), k.requests(), k.ownCount(), did(k.report()), v.seconds(), v.requests());
        }
    }

    private DavSyncTable() {
    }

    static String markdown(List<Step> steps) {
        var table = new StringBuilder("""
                | step | Koppel s | Koppel requests | Koppel did (run report) | vdirsyncer s | vdirsyncer requests |
                |---|---:|---:|---|---:|---:|
                """);
        for (Step s : steps) {
            String own = s.koppelOwnCount() == s.koppelRequests() ? "" : " (own count " + s.koppelOwnCount() + ")";
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %d%s | %s | %.2f | %d |%n", s.name(), s.koppelSeconds(),
                    s.koppelRequests(), own, s.koppelDid(), s.vdirSeconds(), s.vdirRequests()));
        }
        return table.toString();
    }

    /** Per data type what the run created and updated, as its report counts: "appointments 20 updated; tasks 20 updated". */
    static String did(RunReport report) {
        var parts = new ArrayList<String>();
        for (Map.Entry<DataType, RunReport.Totals> e : report.totals().entrySet()) {
            RunReport.Totals t = e.getValue();
            var counts = new ArrayList<String>();
            if (t.created() > 0) counts.add(t.created() + " created");
            if (t.updated() > 0) counts.add(t.updated() + " updated");
            if (t.conflicts() > 0) counts.add(t.conflicts() + " conflicts");
            if (t.errors() > 0) counts.add(t.errors() + " errors");
            if (!counts.isEmpty()) parts.add(e.getKey().name().toLowerCase(Locale.ROOT) + " " + String.join(", ", counts));
        }
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }
}
