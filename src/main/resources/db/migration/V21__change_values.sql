-- What one change did to each field of a relation: the value before and after, as JSON text, so the
-- history can say "old → new" (issue 15). Apart from change_log, which every sync run reads: the
-- values are only for people reading a record's history. Long values are cut (the history shows a
-- short form anyway); a cut value ends in an ellipsis and is never parsed back.
CREATE TABLE change_value (
    seq       BIGINT        NOT NULL REFERENCES change_log (seq),
    field     VARCHAR(100)  NOT NULL,
    old_value VARCHAR(4000),
    new_value VARCHAR(4000),
    PRIMARY KEY (seq, field)
);
