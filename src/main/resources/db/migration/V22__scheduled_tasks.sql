-- db-scheduler's table (com.github.kagkarlsson:db-scheduler 16.x, its postgresql_tables.sql): when and
-- where every connection runs next (task 'sync-connection', instance = the connection's id) and the
-- cluster-wide recurring jobs (task = the ClusterJob's name, instance 'recurring'). db-scheduler
-- owns it; Koppel writes to it directly only in SyncJobStore (a new connection's job in the
-- connection's transaction, "run soon" moving jobs to now, a deleted connection's job removed).
-- The types work on H2 in PostgreSQL mode too.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

-- Polling for due jobs (oldest first), dead-execution detection, and priority ordering should it be enabled.
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
