package org.koppel.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pull lag as the job scheduler sees it, where there is one (db-scheduler's {@code scheduled_tasks}, task
 * {@code sync-connection}): a trigger the benchmark adds notes, each time a node picks a connection's job, when the
 * job was due ({@code execution_time} before the pick) and the database clock at the pick. Lag = pick − due.
 * Without that table (the old trigger loop) there is nothing to note and the lag comes from the run gaps only.
 */
final class ScalePicks {

    /** @param lags seconds from due to picked, of each pick in the window, sorted */
    record Picks(List<Double> lags, Map<String, Integer> perNode) {
    }

    private ScalePicks() {
    }

    /** Adds the trigger when the job table is there; false when it is not. PostgreSQL only. */
    static boolean record(JdbcClient jdbc) {
        boolean jobs = jdbc.sql("SELECT to_regclass('scheduled_tasks') IS NOT NULL").query(Boolean.class).single();
        if (!jobs) return false;
        jdbc.sql("""
                CREATE TABLE bench_job_pick (connection_id VARCHAR(100) NOT NULL, due TIMESTAMP WITH TIME ZONE NOT NULL,
                  picked TIMESTAMP WITH TIME ZONE NOT NULL, node VARCHAR(200))""").update();
        jdbc.sql("""
                CREATE FUNCTION bench_note_pick() RETURNS trigger AS $$
                BEGIN
                  INSERT INTO bench_job_pick (connection_id, due, picked, node)
                    VALUES (NEW.task_instance, OLD.execution_time, clock_timestamp(), NEW.picked_by);
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("""
                CREATE TRIGGER bench_job_pick_trigger AFTER UPDATE OF picked ON scheduled_tasks
                FOR EACH ROW WHEN (NEW.picked AND NOT OLD.picked AND NEW.task_name = 'sync-connection')
                EXECUTE FUNCTION bench_note_pick()""").update();
        return true;
    }

    static Picks between(JdbcClient jdbc, Instant from, Instant to) {
        var lags = new ArrayList<Double>();
        var perNode = new TreeMap<String, Integer>();
        jdbc.sql("SELECT due, picked, node FROM bench_job_pick WHERE picked >= ? AND picked < ?")
                .params(java.sql.Timestamp.from(from), java.sql.Timestamp.from(to))
                .query((rs, i) -> {
                    lags.add(Math.max(0, ScaleRuns.seconds(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant())));
                    perNode.merge(String.valueOf(rs.getString(3)), 1, Integer::sum);
                    return null;
                }).list();
        lags.sort(null);
        return new Picks(lags, perNode);
    }

    /** The connections whose job this node had picked (running, or about to) at the moment of asking. */
    static List<Long> pickedBy(JdbcClient jdbc, String node) {
        return jdbc.sql("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'sync-connection' AND picked AND picked_by = ?")
                .param(node).query(String.class).list().stream().map(Long::valueOf).toList();
    }
}
