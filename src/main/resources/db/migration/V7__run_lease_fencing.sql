-- Who holds a connection's run lease, and its fencing token (runtime/SyncRunner, runtime/RunHeartbeat):
-- lease_node = the node's id (koppel.node-id), lease_boot = the holding process's start, so a restarted
-- node frees at once what its earlier process held; lease_token grows with every lease taken, and a
-- run's writes commit only while the connection still carries its token, so a run that stalled past
-- its lease can never write over the run that took the connection over.
ALTER TABLE connection ADD COLUMN lease_token BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE connection ADD COLUMN lease_node VARCHAR(200);
ALTER TABLE connection ADD COLUMN lease_boot VARCHAR(64);
