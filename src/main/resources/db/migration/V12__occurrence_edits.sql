-- Occurrences of a series edited on their own (issue 11): an iCalendar override with a RECURRENCE-ID,
-- an Outlook exception. occurrence is the start the occurrence has in the series; starts / ends where
-- it takes place instead; all three ISO text, instants for a timed series and dates for an all-day one,
-- as the API and the peers carry them. NULL text fields are as the series says.
CREATE TABLE appointment_occurrence_edit (
    appointment_id BIGINT        NOT NULL REFERENCES appointment (id) ON DELETE CASCADE,
    position       INT           NOT NULL,
    occurrence     VARCHAR(40)   NOT NULL,
    starts         VARCHAR(40),
    ends           VARCHAR(40),
    subject        VARCHAR(500),
    location       VARCHAR(500),
    description    VARCHAR(10000),
    PRIMARY KEY (appointment_id, position)
);

INSERT INTO field_map (data_type, person_role, crm_field, peer_slot, direction, fixed, position) VALUES
    ('APPOINTMENTS', 'ANY', 'occurrenceEdits', 'occurrenceEdits', 'BOTH', TRUE, 11);
