-- Cursors per data type (issue 11): a connection syncs contacts, appointments and tasks, each with its
-- own peer cursor (an address book's sync token, a calendar's delta link) and its own position in the
-- change log. A type's row is written when its first run ends; no row means no run of it ended yet.
CREATE TABLE sync_cursor (
    connection_id BIGINT        NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
    data_type     VARCHAR(20)   NOT NULL,
    peer_cursor   VARCHAR(8000),
    crm_cursor    BIGINT        NOT NULL,
    PRIMARY KEY (connection_id, data_type)
);

INSERT INTO sync_cursor (connection_id, data_type, peer_cursor, crm_cursor)
SELECT id, 'CONTACTS', peer_cursor, crm_cursor FROM connection;

ALTER TABLE connection DROP COLUMN peer_cursor;
ALTER TABLE connection DROP COLUMN crm_cursor;
