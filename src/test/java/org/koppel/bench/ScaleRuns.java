package org.koppel.bench;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the nodes did, read from {@code sync_run} after the fact: per connection the gaps between consecutive run
 * starts, from which the pull lag (a gap beyond the pull interval), the starved connections (a gap of more than two
 * intervals, the window's edges counted) and the overlapping runs (a run starting before the connection's previous
 * one finished) follow; and which node ran each run, which a trigger the benchmark adds to {@code sync_run} notes
 * from the connection's run lease as the run starts ({@link #recordNodes}).
 */
final class ScaleRuns {

    /**
     * One run. {@code started} is the node's stamp, taken before the run waits for its lease; {@code inserted} and
     * {@code ended} are the database clock when the run's row was inserted (lease held) and when it was first marked
     * finished (lease still held): a run whose lease was taken as its predecessor let go therefore shows a stamp
     * before the predecessor's end by the time it waited, while its row never comes before that end.
     */
    record Run(long id, long connection, Instant started, Instant finished, String status, String errorKind,
               int peerRequests, String node, Instant inserted, Instant ended) {
    }

    /**
     * @param lags seconds each run in the window started after the previous run's start plus the interval, sorted
     * @param overlapping runs that started while another run of their connection had not finished (whole benchmark)
     */
    record Window(int connections, int runs, double seconds, List<Double> lags, int starved, int neverRan,
                  int overlapping, Map<String, Integer> perNode, Map<String, Integer> failures, double requestsPerRun) {

        double runsPerSecond() {
            return runs / seconds;
        }
    }

    private ScaleRuns() {
    }

    /**
     * Triggers noting, for each run, the node and the database clock as its row is inserted (SyncRunner takes the
     * connection's lease, committed, before it inserts the run, so the lease names the node) and as it is first
     * marked finished (before the lease is let go). PostgreSQL only; a table of the benchmark's own.
     */
    static void recordNodes(JdbcClient jdbc) {
        jdbc.sql("""
                CREATE TABLE bench_run_node (run_id BIGINT PRIMARY KEY, node VARCHAR(200),
                  inserted TIMESTAMP WITH TIME ZONE NOT NULL, ended TIMESTAMP WITH TIME ZONE)""").update();
        jdbc.sql("""
                CREATE FUNCTION bench_note_start() RETURNS trigger AS $$
                BEGIN
                  INSERT INTO bench_run_node (run_id, node, inserted)
                    SELECT NEW.id, lease_node, clock_timestamp() FROM connection WHERE id = NEW.connection_id;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("""
                CREATE FUNCTION bench_note_end() RETURNS trigger AS $$
                BEGIN
                  UPDATE bench_run_node SET ended = clock_timestamp() WHERE run_id = NEW.id AND ended IS NULL;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("""
                CREATE TRIGGER bench_run_start AFTER INSERT ON sync_run
                FOR EACH ROW EXECUTE FUNCTION bench_note_start()""").update();
        jdbc.sql("""
                CREATE TRIGGER bench_run_end AFTER UPDATE OF finished_at ON sync_run
                FOR EACH ROW WHEN (NEW.finished_at IS NOT NULL AND OLD.finished_at IS NULL)
                EXECUTE FUNCTION bench_note_end()""").update();
    }

    static List<Run> all(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT r.id, r.connection_id, r.started_at, r.finished_at, r.status, r.error_kind, r.peer_requests, n.node,
                       n.inserted, n.ended
                FROM sync_run r LEFT JOIN bench_run_node n ON n.run_id = r.id
                ORDER BY r.connection_id, r.id""")
                .query((rs, i) -> new Run(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                        instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10))))
                .list();
    }

    /** Connections that have finished a run, of any outcome. */
    static int ranOnce(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(DISTINCT connection_id) FROM sync_run WHERE finished_at IS NOT NULL")
                .query(Integer.class).single();
    }

    static Window window(List<Run> runs, List<Long> connections, Instant from, Instant to, Duration pull) {
        Map<Long, List<Run>> byConnection = new HashMap<>();
        for (Run r : runs) byConnection.computeIfAbsent(r.connection, c -> new ArrayList<>()).add(r);
        var lags = new ArrayList<Double>();
        var perNode = new TreeMap<String, Integer>();
        var failures = new TreeMap<String, Integer>();
        int inWindow = 0, starved = 0, neverRan = 0, overlapping = 0;
        long requests = 0;
        double pullSeconds = pull.toMillis() / 1000.0;
        for (long connection : connections) {
            List<Run> own = byConnection.getOrDefault(connection, List.of());
            if (own.isEmpty()) neverRan++;
            Instant previous = null;
            Instant previousEnd = null;
            double longestGap = 0;
            for (Run r : own) {
                // By the database clock: the row of a run inserted before its predecessor's was marked finished.
                Instant began = r.inserted == null ? r.started : r.inserted;
                Instant ended = r.inserted == null ? r.finished : r.ended;
                if (previousEnd != null && began.isBefore(previousEnd)) {
                    overlapping++;
                    if (overlapping <= 5) System.out.println("bench:   overlapping run " + r + " began before " + previousEnd);
                }
                if (previousEnd == null || ended == null || ended.isAfter(previousEnd)) {
                    previousEnd = ended == null ? Instant.MAX : ended;
                }
                boolean inside = !r.started.isBefore(from) && r.started.isBefore(to);
                if (inside) {
                    inWindow++;
                    requests += r.peerRequests;
                    perNode.merge(r.node == null ? "(unknown)" : r.node, 1, Integer::sum);
                    if (!"SUCCEEDED".equals(r.status)) {
                        failures.merge(r.status + (r.errorKind == null ? "" : " " + r.errorKind), 1, Integer::sum);
                    }
                    double gap = seconds(previous == null ? from : previous, r.started);
                    longestGap = Math.max(longestGap, gap);
                    if (previous != null) lags.add(Math.max(0, gap - pullSeconds));
                }
                if (r.started.isBefore(to)) previous = r.started;
            }
            // The window's end counts as a run that did not come: a connection last run long ago is starved too.
            longestGap = Math.max(longestGap, seconds(previous == null ? from : previous, to));
            if (longestGap > 2 * pullSeconds) starved++;
        }
        lags.sort(null);
        return new Window(connections.size(), inWindow, seconds(from, to), lags, starved, neverRan, overlapping,
                perNode, failures, inWindow == 0 ? 0 : (double) requests / inWindow);
    }

    /** The first run of each connection that started at or after {@code from} on {@code node}, by connection. */
    static Map<Long, Instant> firstRunsOn(List<Run> runs, String node, Instant from) {
        Map<Long, Instant> first = new HashMap<>();
        for (Run r : runs) {
            if (node.equals(r.node) && !r.started.isBefore(from)) first.merge(r.connection, r.started, (a, b) -> a.isBefore(b) ? a : b);
        }
        return first;
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** The value at quantile {@code q} of sorted {@code values}, or NaN for none. */
    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) return Double.NaN;
        int rank = (int) Math.ceil(q * values.size()) - 1;
        return values.get(Math.clamp(rank, 0, values.size() - 1));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
