-- A run with nothing to do (NothingToDo) skips reading all links and the whole scope. It may only when
-- the last full pass of the data type ended with everything done, under the same policy, field map and
-- (appointments, tasks) window: settled holds a fingerprint of those, NULL when the next run must be a
-- full pass (first run, a full pass with item errors).
ALTER TABLE sync_cursor ADD COLUMN settled VARCHAR(100);

-- A run reads the change log of its data type's record types only (ChangeLogStore.touchedAfter).
CREATE INDEX change_log_type_seq ON change_log (record_type, seq);
