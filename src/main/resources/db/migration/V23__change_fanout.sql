-- The change fan-out (issue 16): where it stands in the change log, one row for the whole cluster.
-- A fan-out round locks this row, marks the connections its batch of changes concerns and moves
-- last_seq in the same transaction: two nodes never fan out the same changes, and a crash redoes a
-- batch (marking twice is harmless) instead of skipping it. It starts at the log's end as it stands
-- now, as the in-memory position it replaces did at every start: older changes were fanned out then.
CREATE TABLE change_fanout (
    id       INT    NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL
);
INSERT INTO change_fanout (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM change_log;

-- From a changed record to the connections that link it; the unique key leads with connection_id.
CREATE INDEX sync_link_record ON sync_link (data_type, crm_id);
