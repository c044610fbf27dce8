-- What a pick list gets when a peer creates a record without a value for it (issue 15; webCRM
-- document: "the value at the top of the pick list"), per field map row, so an admin can say "no
-- value" or name another option instead. FIRST_OPTION keeps what Koppel did before for every row;
-- the setting only means something on a row of a custom pick-list field (checked when it is set).
ALTER TABLE field_map ADD COLUMN empty_default VARCHAR(20) DEFAULT 'FIRST_OPTION' NOT NULL;
ALTER TABLE field_map ADD CONSTRAINT field_map_empty_default CHECK (empty_default IN ('NONE', 'FIRST_OPTION', 'CHOSEN'));
-- the option of CHOSEN (custom_field_option.option_value is at most 100 characters)
ALTER TABLE field_map ADD COLUMN default_value VARCHAR(100);

-- The home page counts each connection's recent conflicts (issue 15): by creation time, so it reads
-- the last days' rows, not the whole conflict log.
CREATE INDEX sync_conflict_created ON sync_conflict (created_at);
