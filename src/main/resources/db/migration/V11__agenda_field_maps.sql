-- Field maps of appointments and tasks (issue 11), as data like the contact map (V2). Fixed rows are
-- the ones an appointment or task cannot sync without. Attendees are not mapped: Koppel reads them
-- to link a new peer appointment to relations and never writes them (a peer would send invitations).
INSERT INTO field_map (data_type, person_role, crm_field, peer_slot, direction, fixed, position) VALUES
    ('APPOINTMENTS', 'ANY', 'subject', 'subject', 'BOTH', TRUE, 1),
    ('APPOINTMENTS', 'ANY', 'start', 'start', 'BOTH', TRUE, 2),
    ('APPOINTMENTS', 'ANY', 'end', 'end', 'BOTH', TRUE, 3),
    ('APPOINTMENTS', 'ANY', 'timeZone', 'timeZone', 'BOTH', TRUE, 4),
    ('APPOINTMENTS', 'ANY', 'location', 'location', 'BOTH', FALSE, 5),
    ('APPOINTMENTS', 'ANY', 'description', 'description', 'BOTH', FALSE, 6),
    ('APPOINTMENTS', 'ANY', 'reminderMinutes', 'reminder', 'BOTH', FALSE, 7),
    ('APPOINTMENTS', 'ANY', 'visibility', 'private', 'BOTH', TRUE, 8),
    ('APPOINTMENTS', 'ANY', 'recurrence', 'recurrence', 'BOTH', TRUE, 9),
    ('APPOINTMENTS', 'ANY', 'exceptions', 'exceptions', 'BOTH', TRUE, 10),
    ('TASKS', 'ANY', 'subject', 'subject', 'BOTH', TRUE, 1),
    ('TASKS', 'ANY', 'dueDate', 'due', 'BOTH', FALSE, 2),
    ('TASKS', 'ANY', 'status', 'status', 'BOTH', TRUE, 3),
    ('TASKS', 'ANY', 'priority', 'priority', 'BOTH', FALSE, 4),
    ('TASKS', 'ANY', 'notes', 'notes', 'BOTH', FALSE, 5);
