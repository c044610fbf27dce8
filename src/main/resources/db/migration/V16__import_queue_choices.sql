-- The import queue in two steps (reference/cloud-contacts-import-queue-it.txt): a person chooses per
-- entry what it becomes (organisation, person or lead; or, better than the document, a link to an
-- existing relation with the same e-mail address or phone number), and "Import all" then imports
-- every entry with a choice, each in its own transaction. The choice waits here until then, and
-- stays as the record of how an entry was imported; an import that failed keeps its reason.
ALTER TABLE import_queue ADD COLUMN choice VARCHAR(20);
ALTER TABLE import_queue ADD COLUMN choice_relation_id BIGINT;
ALTER TABLE import_queue ADD COLUMN chosen_by BIGINT REFERENCES employee (id);
ALTER TABLE import_queue ADD COLUMN import_error VARCHAR(2000);
ALTER TABLE import_queue ADD CONSTRAINT import_queue_choice
    CHECK (choice IS NULL OR choice IN ('ORGANISATION', 'PERSON', 'LEAD', 'LINK'));
-- Cards now carry addresses, a note and custom fields: more than the 8000 characters of before.
ALTER TABLE import_queue ALTER COLUMN item_values SET DATA TYPE VARCHAR(16000);
-- The waiting count on the connection page and in every run report.
CREATE INDEX import_queue_status ON import_queue (connection_id, status);
