package org.koppel.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.koppel.runtime.SyncRunner;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.graph.FakeGraph;

/**
 * What the sync benchmarks share about one timed run of a connection and the checks of what it did:
 * it succeeded, it created or updated what it should have (per data type, as the run report counts),
 * a no-op re-sync touched nothing.
 */
final class BenchRuns {

    /** A run into Radicale: @param requests as Radicale logged them; @param ownCount the run report's {@code peerRequests} */
    record Measured(double seconds, long requests, long ownCount, RunReport report) {
    }

    /**
     * A run into the Graph fake.
     *
     * @param mailboxRequests  requests the fake admitted for the mailbox, each inside a batch on its own
     * @param ownCount         the same as Koppel's client counts it ({@code RunReport.peerRequests}), retries included
     * @param roundTrips       HTTP requests the fake received (a batch once)
     * @param ownRoundTrips    the same as Koppel's clients count them
     * @param refused          requests of the mailbox the fake answered 429
     * @param highestConcurrency the most of the mailbox's requests in flight at once during the run
     * @param synced           items of the measured types created or updated on either side
     */
    record GraphMeasured(double seconds, long mailboxRequests, long ownCount, long roundTrips, long ownRoundTrips,
                         long refused, int highestConcurrency, int synced, RunReport report) {
    }

    private BenchRuns() {
    }

    /** One timed run of {@code connection} into {@code radicale}, which must succeed. */
    static Measured radicale(SyncRunner runner, Radicale radicale, long connection, String what) {
        long before = radicale.requestsLogged();
        long start = System.nanoTime();
        RunReport report = runner.run(connection, "bench");
        double seconds = (System.nanoTime() - start) / 1e9;
        long requests = radicale.requestsLogged() - before;
        requireSucceeded(report, what);
        System.out.printf("bench:   Koppel %s: %.2f s, %d requests (own count %d), %s%n", what, seconds, requests,
                report.peerRequests(), report.totals());
        return new Measured(seconds, requests, report.peerRequests(), report);
    }

    /** One timed run of {@code connection} (made by {@code peers}) into {@code mailbox} of the fake, which must succeed. */
    static GraphMeasured graph(SyncRunner runner, FakeGraph fake, GraphBenchPeers peers, long connection, String mailbox,
                               String what, DataType... types) {
        long admitted = fake.mailboxRequests(mailbox);
        long refused = fake.refusals(mailbox);
        long http = fake.httpRequests();
        long ownHttp = peers.httpRequests(connection);
        fake.resetHighestConcurrency(mailbox);
        int logged = fake.log().size();
        long start = System.nanoTime();
        RunReport report = runner.run(connection, "bench");
        double seconds = (System.nanoTime() - start) / 1e9;
        requireSucceeded(report, what);
        var m = new GraphMeasured(seconds, fake.mailboxRequests(mailbox) - admitted, report.peerRequests(),
                fake.httpRequests() - http, peers.httpRequests(connection) - ownHttp, fake.refusals(mailbox) - refused,
                fake.highestConcurrency(mailbox), synced(report, types), report);
        System.out.printf("bench:   %s: %.2f s, %d mailbox requests (own count %d), %d round trips (own count %d), "
                        + "%d refused, concurrency %d, %s%n", what, seconds, m.mailboxRequests(), m.ownCount(),
                m.roundTrips(), m.ownRoundTrips(), m.refused(), m.highestConcurrency(), report.totals());
        System.out.printf("bench:     requests by kind: %s%n", kinds(fake.log(), logged, mailbox));
        return m;
    }

    /** The mailbox's requests the fake served from position {@code from} of its log on, counted by kind (delta, create...). */
    private static Map<String, Long> kinds(List<FakeGraph.Served> log, int from, String mailbox) {
        return log.subList(from, log.size()).stream().filter(s -> mailbox.equals(s.mailbox()))
                .collect(Collectors.groupingBy(s -> s.method() + " " + s.kind(), TreeMap::new, Collectors.counting()));
    }

    static void requireSucceeded(RunReport report, String what) {
        if (report.status() != RunReport.Status.SUCCEEDED) {
            throw new IllegalStateException(what + " ended " + report.status() + ": " + report.errorKind() + " "
                    + report.errorMessage());
        }
    }

    /** The run created {@code expected} items of {@code type} (on either side) and no others of it. */
    static void requireCreated(RunReport report, DataType type, int expected, String what) {
        int created = totals(report, type).created();
        if (created != expected) {
            throw new IllegalStateException(what + " created " + created + " " + noun(type) + ", not " + expected);
        }
    }

    /** The run created or updated exactly {@code expected} items of {@code type}. */
    static void requireSynced(RunReport report, DataType type, int expected, String what) {
        int synced = synced(report, type);
        if (synced != expected) {
            throw new IllegalStateException(what + " synced " + synced + " " + noun(type) + ", not " + expected + ": "
                    + report.items());
        }
    }

    /** A no-op re-sync: no item of any type in the report. */
    static void requireNothingDone(RunReport report, String what) {
        if (!report.items().isEmpty()) {
            throw new IllegalStateException(what + " reported " + report.items().size() + " items: "
                    + report.items().subList(0, Math.min(5, report.items().size())));
        }
    }

    /** Items of the types created or updated on either side. */
    static int synced(RunReport report, DataType... types) {
        int n = 0;
        for (DataType type : types) n += totals(report, type).created() + totals(report, type).updated();
        return n;
    }

    static RunReport.Totals totals(RunReport report, DataType type) {
        Map<DataType, RunReport.Totals> all = report.totals();
        RunReport.Totals t = all.get(type);
        return t == null ? new RunReport.Totals(0, 0, 0, 0, 0, 0, 0) : t;
    }

    private static String noun(DataType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
