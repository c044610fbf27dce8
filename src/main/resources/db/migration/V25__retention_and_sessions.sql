-- Retention (org.koppel.ops.Retention) prunes run history and the change log in small batches; these
-- indexes keep each batch's search short on a big table.

-- The newest run that is old enough to prune: the upper end of the batches' id range.
CREATE INDEX sync_run_started ON sync_run (started_at);
-- A connection's latest failure is kept whatever its age (the connection page explains the current state with it).
CREATE INDEX sync_run_failure ON sync_run (connection_id, status, id);
-- Deleting a run sets its conflicts' run_id to NULL (the conflicts stay, restorable): without this
-- index PostgreSQL reads all of sync_conflict for every run it deletes.
CREATE INDEX sync_conflict_run ON sync_conflict (run_id);
-- Change-log entries older than the history setting, oldest first.
CREATE INDEX change_log_changed_at ON change_log (changed_at);

-- UI sessions in the database when KOPPEL_SESSION_STORE=jdbc (several nodes behind one load balancer):
-- Spring Session JDBC's own schema (schema-postgresql.sql of spring-session-jdbc 4.1), kept here so
-- Flyway, not Spring Session, owns every table. BYTEA is also H2's name for a variable binary.
CREATE TABLE spring_session (
    primary_id            CHAR(36)     NOT NULL,
    session_id            CHAR(36)     NOT NULL,
    creation_time         BIGINT       NOT NULL,
    last_access_time      BIGINT       NOT NULL,
    max_inactive_interval INT          NOT NULL,
    expiry_time           BIGINT       NOT NULL,
    principal_name        VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id) REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
